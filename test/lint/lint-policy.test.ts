import { lintPolicy, PolicyShapeError, PolicyTypeUnknownError } from '../../lib/lint';
import {
  DENY_LONG_TERM_CREDENTIALS,
  policy,
  RCP_COMBINED,
  RCP_OUTSIDE_ORG,
  SNS_CREATE_AND_TAG,
  withCondition,
} from './seed-snippets';

describe('lintPolicy', () => {
  test('reports the inferred type and why, or that the caller gave it', async () => {
    const inferred = await lintPolicy(policy(DENY_LONG_TERM_CREDENTIALS));
    expect(inferred).toMatchObject({ type: 'scp', typeSource: expect.stringMatching(/^inferred: /) });
    const given = await lintPolicy(policy(DENY_LONG_TERM_CREDENTIALS), { type: 'identity' });
    expect(given).toMatchObject({ type: 'identity', typeSource: 'given' });
  });

  test('--type decides type-dependent rules: the same statement is an error in an SCP and a warning in an identity policy', async () => {
    const opts = { protectedPrefix: 'guarded-' };
    const asScp = await lintPolicy(policy(DENY_LONG_TERM_CREDENTIALS), { ...opts, type: 'scp' });
    const asIdentity = await lintPolicy(policy(DENY_LONG_TERM_CREDENTIALS), { ...opts, type: 'identity' });
    expect(asScp.findings.map((f) => f.severity)).toEqual(['error']);
    expect(asIdentity.findings.map((f) => f.severity)).toEqual(['warning']);
  });

  test('ignore drops a rule everywhere, or for one statement only', async () => {
    const doc = policy(RCP_COMBINED, { ...RCP_COMBINED, Sid: 'Other' });
    const all = await lintPolicy(doc);
    expect(all.findings.filter((f) => f.rule === 'deny-and-of-negations').map((f) => f.statement)).toEqual([
      'DenySCPTagsCombined',
      'Other',
    ]);
    const one = await lintPolicy(doc, { ignore: ['deny-and-of-negations:Other'] });
    expect(one.findings.filter((f) => f.rule === 'deny-and-of-negations').map((f) => f.statement)).toEqual([
      'DenySCPTagsCombined',
    ]);
    const none = await lintPolicy(doc, { ignore: ['deny-and-of-negations', 'case-sensitive-principal-tag-guard'] });
    expect(none.findings).toEqual([]);
  });

  test('a document whose type cannot be inferred needs a type', async () => {
    const mixed = policy(DENY_LONG_TERM_CREDENTIALS, RCP_OUTSIDE_ORG);
    await expect(lintPolicy(mixed)).rejects.toThrow(PolicyTypeUnknownError);
    await expect(lintPolicy(mixed, { type: 'resource' })).resolves.toMatchObject({ type: 'resource' });
  });

  test('a document that is not a policy is rejected with the element named', async () => {
    await expect(lintPolicy({ Statement: [{ Effect: 'Permit', Action: '*' }] })).rejects.toThrow(PolicyShapeError);
  });

  test('findings come in statement order, and operator casing does not change them', async () => {
    const bad = withCondition(SNS_CREATE_AND_TAG, (c) => delete c.StringEquals['aws:ResourceTag/project']);
    const lower = withCondition(bad, (c) => {
      c.stringequals = c.StringEquals;
      delete c.StringEquals;
    });
    const a = await lintPolicy(policy(DENY_LONG_TERM_CREDENTIALS, bad), { type: 'identity' });
    const b = await lintPolicy(policy(DENY_LONG_TERM_CREDENTIALS, lower), { type: 'identity' });
    expect(a.findings.map((f) => f.statementIndex)).toEqual([...a.findings.map((f) => f.statementIndex)].sort());
    expect(b.findings.map((f) => f.rule)).toEqual(a.findings.map((f) => f.rule));
    expect(a.findings.map((f) => f.rule)).toContain('tag-on-create-no-resource-tag');
  });
});
