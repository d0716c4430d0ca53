import { globMatches } from '../../lambda/core/glob';
import {
  applyToExisting,
  CandidateTag,
  inPriorityOrder,
  isPropagated,
  mergePrincipalTags,
  reservedReason,
  tagProblem,
} from '../../lambda/core/tag-merge';

describe('mergePrincipalTags', () => {
  test('session tags override IAM tags, keys compared without regard to case, the session spelling wins', () => {
    const { tags, overridden } = mergePrincipalTags({ team: 'iam-team', cost: 'c1' }, { Team: 'session-team' });
    expect(tags).toEqual(
      expect.arrayContaining([
        { key: 'Team', value: 'session-team', source: 'session' },
        { key: 'cost', value: 'c1', source: 'iam' },
      ]),
    );
    expect(tags).toHaveLength(2);
    expect(overridden).toEqual([expect.objectContaining({ key: 'team', value: 'iam-team', reason: 'overridden' })]);
  });

  test('without a clash both sources are kept', () => {
    expect(
      mergePrincipalTags({ a: '1' }, { b: '2' })
        .tags.map((t) => t.key)
        .sort(),
    ).toEqual(['a', 'b']);
  });
});

describe('reservedReason', () => {
  test.each(['scp-team', 'SCP-team', 'Scp-team', 'sCp-x', '\u017Fcp-x', '\u017FCP-x'])(
    '%s is protected in any case',
    (key) => {
      expect(reservedReason(key, 'scp-')).toBe('protected-prefix');
    },
  );
  test.each(['aws:cloudformation:stack-name', 'AWS:x', 'Aws:y'])('%s is reserved', (key) => {
    expect(reservedReason(key, 'scp-')).toBe('reserved-prefix');
  });
  test('ordinary keys are fine', () => {
    expect(reservedReason('team', 'scp-')).toBeUndefined();
    expect(reservedReason('scpx', 'scp-')).toBeUndefined();
  });
});

describe('include/exclude globs', () => {
  test('case-insensitive, * and ?', () => {
    expect(globMatches('temp-*', 'TEMP-build', true)).toBe(true);
    expect(globMatches('c?st', 'Cost', true)).toBe(true);
    expect(globMatches('cost', 'costs', true)).toBe(false);
    expect(globMatches('a.b', 'axb', true)).toBe(false);
  });
  test('exclude beats include; a key no include matches is left out', () => {
    const propagation = { include: ['team', 'cost*'], exclude: ['cost-secret'] };
    expect(isPropagated('Team', propagation)).toBe(true);
    expect(isPropagated('cost-center', propagation)).toBe(true);
    expect(isPropagated('COST-SECRET', propagation)).toBe(false);
    expect(isPropagated('project', propagation)).toBe(false);
  });
});

describe('tagProblem', () => {
  test('length limits 128/256 and allowed characters', () => {
    expect(tagProblem('k'.repeat(128), 'v'.repeat(256))).toBeUndefined();
    expect(tagProblem('k'.repeat(129), 'v')).toMatch(/129 characters/);
    expect(tagProblem('k', 'v'.repeat(257))).toMatch(/257 characters/);
    expect(tagProblem('', 'v')).toMatch(/empty/);
    expect(tagProblem('bad*key', 'v')).toMatch(/key has characters/);
    expect(tagProblem('k', 'a,b')).toMatch(/value has characters/);
    expect(tagProblem('Équipe données', 'été 2024 @x/y:z=+_-.')).toBeUndefined();
  });
});

describe('inPriorityOrder', () => {
  test('Owner, then session tags, then IAM tags, each alphabetical without regard to case', () => {
    const tags: CandidateTag[] = [
      { key: 'zeta', value: '1', source: 'iam' },
      { key: 'Alpha', value: '1', source: 'iam' },
      { key: 'beta', value: '1', source: 'session' },
      { key: 'Owner', value: 'arn', source: 'owner' },
      { key: 'Aardvark', value: '1', source: 'session' },
    ];
    expect(inPriorityOrder(tags).map((t) => t.key)).toEqual(['Owner', 'Aardvark', 'beta', 'Alpha', 'zeta']);
  });
});

describe('applyToExisting', () => {
  const candidates = inPriorityOrder([
    { key: 'Owner', value: 'arn:aws:iam::123456789012:user/bob', source: 'owner' },
    { key: 'team', value: 'blue', source: 'session' },
    { key: 'cost', value: 'c1', source: 'iam' },
  ]);

  test('keep: an existing value, in any case of its key, is not changed and is reported as a kept conflict', () => {
    const r = applyToExisting({ Team: 'red' }, candidates, 'keep', 50);
    expect(r.write).toEqual({ Owner: 'arn:aws:iam::123456789012:user/bob', cost: 'c1' });
    expect(r.conflicts).toEqual([{ key: 'Team', existing: 'red', proposed: 'blue', resolution: 'kept' }]);
    expect(r.skipped).toEqual([expect.objectContaining({ key: 'team', reason: 'conflict-kept' })]);
    expect(r.result).toEqual({ Team: 'red', Owner: 'arn:aws:iam::123456789012:user/bob', cost: 'c1' });
  });

  test('overwrite: the value changes under the existing spelling, so no second spelling appears', () => {
    const r = applyToExisting({ Team: 'red' }, candidates, 'overwrite', 50);
    expect(r.write).toEqual({ Team: 'blue', Owner: 'arn:aws:iam::123456789012:user/bob', cost: 'c1' });
    expect(r.conflicts[0].resolution).toBe('overwritten');
    expect(Object.keys(r.result)).not.toContain('team');
  });

  test('an equal value is neither written nor a conflict', () => {
    const r = applyToExisting({ team: 'blue' }, candidates, 'keep', 50);
    expect(r.write).not.toHaveProperty('team');
    expect(r.conflicts).toEqual([]);
  });

  describe('the Owner tag always names the creator', () => {
    const bob = 'arn:aws:iam::123456789012:user/bob';

    test.each(['keep', 'overwrite'] as const)(
      '%s: a value the creator passed for the exact key is replaced, reported as a conflict',
      (mode) => {
        const r = applyToExisting({ Owner: 'arn:aws:iam::123456789012:user/alice' }, candidates, mode, 50);
        expect(r.write.Owner).toBe(bob);
        expect(r.conflicts).toContainEqual({
          key: 'Owner',
          existing: 'arn:aws:iam::123456789012:user/alice',
          proposed: bob,
          resolution: 'overwritten',
        });
        expect(r.result.Owner).toBe(bob);
      },
    );

    test.each(['keep', 'overwrite'] as const)(
      '%s: another spelling is a different key: left alone, reported, never removed',
      (mode) => {
        const r = applyToExisting({ owner: 'alice', OWNER: 'carol' }, candidates, mode, 50);
        expect(r.write.Owner).toBe(bob);
        expect(r.write).not.toHaveProperty('owner');
        expect(r.result).toEqual(expect.objectContaining({ owner: 'alice', OWNER: 'carol', Owner: bob }));
        expect(r.conflicts).toEqual(
          expect.arrayContaining([
            { key: 'owner', existing: 'alice', proposed: bob, resolution: 'kept' },
            { key: 'OWNER', existing: 'carol', proposed: bob, resolution: 'kept' },
          ]),
        );
      },
    );

    test('the same value under the exact key is neither written nor a conflict; keep still protects every other key', () => {
      const r = applyToExisting({ Owner: bob, team: 'red' }, candidates, 'keep', 50);
      expect(r.write).toEqual({ cost: 'c1' });
      expect(r.conflicts).toEqual([{ key: 'team', existing: 'red', proposed: 'blue', resolution: 'kept' }]);
    });

    test('a full resource: the Owner tag is reported over the limit, and nothing is removed to make room', () => {
      const full = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`e${i}`, 'x']));
      const r = applyToExisting(full, candidates, 'keep', 10);
      expect(r.write).toEqual({});
      expect(r.skipped).toContainEqual(expect.objectContaining({ key: 'Owner', reason: 'over-limit' }));
    });
  });

  test('over the limit the lowest-priority tags are dropped and reported', () => {
    const existing = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`e${i}`, 'x']));
    const r = applyToExisting(existing, candidates, 'keep', 10);
    expect(Object.keys(r.write)).toEqual(['Owner', 'team']);
    expect(r.skipped).toEqual([expect.objectContaining({ key: 'cost', reason: 'over-limit' })]);
    expect(Object.keys(r.result)).toHaveLength(10);
  });
});
