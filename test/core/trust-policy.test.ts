import fc from 'fast-check';
import { tagSessionVerdict } from '../../lambda/core/trust-policy';
import { SERVICE_TRUST, trustWithTagSession } from '../support/iam-roles';

const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const allow = (extra: object) => ({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, ...extra });

describe('tagSessionVerdict', () => {
  test('a service role that allows only sts:AssumeRole cannot carry session tags', () => {
    expect(tagSessionVerdict(SERVICE_TRUST)).toEqual({
      mayCarryTags: false,
      reason: expect.stringContaining('no statement'),
    });
  });

  test('reads the URL-encoded document GetRole returns, and plain JSON text', () => {
    const encoded = encodeURIComponent(JSON.stringify(trustWithTagSession()));
    expect(tagSessionVerdict(encoded).mayCarryTags).toBe(true);
    expect(tagSessionVerdict(JSON.stringify(SERVICE_TRUST)).mayCarryTags).toBe(false);
    expect(tagSessionVerdict(encodeURIComponent(JSON.stringify(SERVICE_TRUST))).mayCarryTags).toBe(false);
  });

  test.each([
    ['sts:TagSession', 'Action sts:TagSession'],
    ['STS:tagsession', 'Action STS:tagsession'],
    ['sts:*', 'Action sts:*'],
    ['*', 'Action *'],
    ['sts:Tag*', 'Action sts:Tag*'],
    ['sts:?agSession', 'Action sts:?agSession'],
  ])('Action %s may allow TagSession', (action, why) => {
    const verdict = tagSessionVerdict(policy(allow({ Action: ['sts:AssumeRole', action] })));
    expect(verdict).toEqual({ mayCarryTags: true, reason: expect.stringContaining(why) });
  });

  test('a condition does not make the statement safe: it is reported and the session waits', () => {
    const conditioned = allow({
      Action: 'sts:TagSession',
      Condition: { StringEquals: { 'aws:RequestTag/team': 'blue' } },
    });
    expect(tagSessionVerdict(policy(conditioned))).toEqual({
      mayCarryTags: true,
      reason: expect.stringContaining('under a condition'),
    });
  });

  test('NotAction allows everything it does not name', () => {
    expect(tagSessionVerdict(policy(allow({ NotAction: 'sts:AssumeRoleWithSAML' }))).mayCarryTags).toBe(true);
    expect(tagSessionVerdict(policy(allow({ NotAction: ['sts:TagSession'] }))).mayCarryTags).toBe(false);
    expect(tagSessionVerdict(policy(allow({ NotAction: 'sts:*' }))).mayCarryTags).toBe(false);
  });

  test('a Deny is not credited: only the absence of any Allow proves a session untagged', () => {
    const denied = policy(allow({ Action: 'sts:*' }), { Effect: 'Deny', Principal: '*', Action: 'sts:TagSession' });
    expect(tagSessionVerdict(denied).mayCarryTags).toBe(true);
    expect(tagSessionVerdict(policy({ Effect: 'Deny', Principal: '*', Action: 'sts:TagSession' })).mayCarryTags).toBe(
      false,
    );
  });

  test('a single statement object is read like a list of one', () => {
    expect(
      tagSessionVerdict({ Version: '2012-10-17', Statement: allow({ Action: 'sts:TagSession' }) }).mayCarryTags,
    ).toBe(true);
  });

  test.each([
    ['not JSON', 'not a policy'],
    ['a number', 42],
    ['no Statement', { Version: '2012-10-17' }],
    ['a statement that is not an object', policy('sts:AssumeRole' as unknown as object)],
    ['an Action that is not text', policy(allow({ Action: [7] }))],
    ['neither Action nor NotAction', policy(allow({}))],
    ['a malformed URL encoding', '%E0%A4%A'],
  ])('anything unreadable (%s) is assumed to carry tags', (_name, document) => {
    expect(tagSessionVerdict(document).mayCarryTags).toBe(true);
  });

  test('property: adding statements never turns "may carry tags" into "cannot"', () => {
    const action = fc.constantFrom(
      'sts:AssumeRole',
      'sts:TagSession',
      'sts:*',
      '*',
      's3:GetObject',
      'sts:SetSourceIdentity',
    );
    const statement = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      Action: fc.array(action, { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 4 }),
        fc.array(statement, { minLength: 1, maxLength: 3 }),
        (a, b) => {
          if (tagSessionVerdict(policy(...a)).mayCarryTags)
            expect(tagSessionVerdict(policy(...a, ...b)).mayCarryTags).toBe(true);
          // The verdict is "cannot" exactly when no Allow names an action that matches sts:TagSession.
          const allows = a.some(
            (s) => s.Effect === 'Allow' && s.Action.some((x) => ['sts:TagSession', 'sts:*', '*'].includes(x)),
          );
          expect(tagSessionVerdict(policy(...a)).mayCarryTags).toBe(allows);
        },
      ),
    );
  });
});
