import fc from 'fast-check';
import { parseEvent } from '../../lambda/core/cloudtrail';
import { resolvePrincipal } from '../../lambda/core/principal';
import { extractResources } from '../../lambda/core/registry';
import { ResourceRef } from '../../lambda/core/resource';
import { SessionRecord } from '../../lambda/core/session';
import { PlanInput, PlanSettings, planTags } from '../../lambda/core/tag-plan';
import { loadSample } from '../support/samples';
import { sandboxSession } from '../support/sessions';

const settings: PlanSettings = {
  protectedTagPrefix: 'scp-',
  ownerTagKey: 'Owner',
  propagation: { include: ['*'], exclude: ['temp-*'] },
  conflict: 'keep',
};

/** The real CreateBucket of role session Sandbox_Dev/user in 101010101111. */
function roleBucketInput(overrides: Partial<PlanInput> = {}): PlanInput {
  const event = parseEvent(loadSample('s3.CreateBucket.2.json'));
  return {
    event,
    resources: extractResources(event),
    principal: resolvePrincipal(event.record.userIdentity, event.account, event.region),
    iamTags: { status: 'read', tags: { team: 'iam-team', 'cost-center': 'cc1', 'scp-admin': 'true', 'temp-x': '1' } },
    session: {
      status: 'found',
      record: sessionRecord({ Team: 'session-team', 'SCP-tier': 'gold', 'aws:secret': 'x', project: 'p1' }),
    },
    settings,
    ...overrides,
  };
}

function sessionRecord(tags: Record<string, string>, account = '101010101111'): SessionRecord {
  return sandboxSession(tags, { account, accessKeyId: 'ASIAEXAMPLEEXAMPLE12', eventId: 'e1' });
}

describe('planTags on a real S3 CreateBucket', () => {
  test('merges IAM < session tags, strips protected (any case), aws: and excluded keys, adds Owner', () => {
    const plan = planTags(roleBucketInput());
    expect(plan.account).toBe('101010101111');
    expect(plan.resources).toHaveLength(1);
    expect(plan.resources[0].resource.arn).toBe('arn:aws:s3:::cwe-test');
    expect(plan.resources[0].write).toEqual({
      Owner: 'arn:aws:sts::101010101111:assumed-role/Sandbox_Dev/user',
      Team: 'session-team',
      project: 'p1',
      'cost-center': 'cc1',
    });
    const reasons = Object.fromEntries(plan.skipped.map((s) => [s.key, s.reason]));
    expect(reasons).toEqual({
      team: 'overridden',
      'scp-admin': 'protected-prefix',
      'SCP-tier': 'protected-prefix',
      'aws:secret': 'reserved-prefix',
      'temp-x': 'excluded',
    });
    expect(plan.candidates.map((c) => c.key)).toEqual(['Owner', 'project', 'Team', 'cost-center']);
    expect(plan.warnings).toEqual([]);
    expect(plan.retry).toBeUndefined();
  });

  test('a principal tag named like the Owner tag does not replace the creator', () => {
    const plan = planTags(roleBucketInput({ iamTags: { status: 'read', tags: { owner: 'someone-else' } } }));
    expect(plan.resources[0].write.Owner).toBe('arn:aws:sts::101010101111:assumed-role/Sandbox_Dev/user');
    expect(plan.skipped).toContainEqual(expect.objectContaining({ key: 'owner', reason: 'overridden' }));
  });

  test('an invalid tag is skipped with its reason, the others are still written', () => {
    const plan = planTags(
      roleBucketInput({
        session: { status: 'not-applicable', reason: 'test' },
        iamTags: { status: 'read', tags: { 'bad*key': 'v', good: 'v' } },
      }),
    );
    expect(plan.resources[0].write).toEqual({ Owner: expect.any(String), good: 'v' });
    expect(plan.skipped).toContainEqual(expect.objectContaining({ key: 'bad*key', reason: 'invalid' }));
  });

  test('a session record of another account is refused', () => {
    expect(() =>
      planTags(roleBucketInput({ session: { status: 'found', record: sessionRecord({}, '999999999999') } })),
    ).toThrow(expect.objectContaining({ name: 'Rejection', code: 'account-mismatch' }));
  });

  test('a young missing session asks for a retry; an old one tags what is known and warns', () => {
    const young = planTags(
      roleBucketInput({ session: { status: 'missing', mayStillArrive: true, reason: 'issued 30 s ago' } }),
    );
    expect(young.retry).toMatch(/may still arrive: issued 30 s ago/);
    const old = planTags(
      roleBucketInput({ session: { status: 'missing', mayStillArrive: false, reason: 'issued 2 h ago' } }),
    );
    expect(old.retry).toBeUndefined();
    expect(old.warnings).toEqual([expect.objectContaining({ code: 'session-missing' })]);
    expect(old.resources[0].write).toEqual({ Owner: expect.any(String), team: 'iam-team', 'cost-center': 'cc1' });
  });

  test('unreadable IAM tags still yield Owner, with a warning', () => {
    const plan = planTags(
      roleBucketInput({
        iamTags: { status: 'unavailable', reason: 'AccessDenied' },
        session: { status: 'not-applicable', reason: 'x' },
      }),
    );
    expect(plan.resources[0].write).toEqual({ Owner: 'arn:aws:sts::101010101111:assumed-role/Sandbox_Dev/user' });
    expect(plan.warnings).toEqual([expect.objectContaining({ code: 'iam-tags-unavailable' })]);
  });

  test('keep vs overwrite against the tags the resource was created with', () => {
    const base = roleBucketInput();
    const resources: ResourceRef[] = base.resources.map((r) => ({ ...r, creationTags: { project: 'from-request' } }));
    const keep = planTags({ ...base, resources });
    expect(keep.resources[0].write).not.toHaveProperty('project');
    expect(keep.resources[0].conflicts).toEqual([
      { key: 'project', existing: 'from-request', proposed: 'p1', resolution: 'kept' },
    ]);
    const overwrite = planTags({ ...base, resources, settings: { ...settings, conflict: 'overwrite' } });
    expect(overwrite.resources[0].write.project).toBe('p1');
  });

  test('the plan is plain JSON', () => {
    const plan = planTags(roleBucketInput());
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});

describe('planTags properties', () => {
  const key = fc.oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc
      .constantFrom('scp-', 'SCP-', 'Scp-', 'sCP-', 'aws:', 'AWS:', 'Aws:')
      .chain((p) => fc.string({ maxLength: 8 }).map((s) => p + s)),
    fc.constantFrom('Owner', 'owner', 'team', 'Team', 'temp-1'),
  );
  const tags = fc.dictionary(key, fc.string({ maxLength: 20 }), { maxKeys: 70 });

  test('never emits a protected or aws: key and never exceeds a resource limit', () => {
    const base = roleBucketInput();
    fc.assert(
      fc.property(
        tags,
        tags,
        tags,
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom<'keep' | 'overwrite'>('keep', 'overwrite'),
        (iam, session, creation, maxTags, conflict) => {
          const resources = base.resources.map((r) => ({ ...r, maxTags, creationTags: creation }));
          const plan = planTags({
            ...base,
            resources,
            iamTags: { status: 'read', tags: iam },
            session: { status: 'found', record: sessionRecord(session) },
            settings: { ...settings, conflict },
          });
          for (const rp of plan.resources) {
            for (const k of Object.keys(rp.write)) {
              expect(k.toLowerCase().startsWith('scp-')).toBe(false);
              expect(k.toLowerCase().startsWith('aws:')).toBe(false);
            }
            const final = new Set([...Object.keys(creation), ...Object.keys(rp.write)]);
            expect(final.size).toBeLessThanOrEqual(Math.max(maxTags, Object.keys(creation).length));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
