import fc from 'fast-check';
import { lintPolicy, RULES } from '../../lib/lint';

/*
 * Properties over generated policies: the lint never fails on a well-formed policy, every finding is one line that
 * names an existing statement and rule, and the case-variant guard holds exactly when every variant is listed.
 */

const ACTIONS = [
  'sns:TagResource',
  'sns:*',
  'iam:TagRole',
  'iam:Untag*',
  'sts:TagSession',
  's3:GetObject',
  's3:PutObjectTagging',
  'ec2:CreateTags',
  'ec2:RunInstances',
  'iam:PassRole',
  'route53:*',
  'dynamodb:GetItem',
];
const KEYS = [
  'aws:TagKeys',
  'aws:ResourceTag/project',
  'aws:RequestTag/project',
  'aws:PrincipalTag/team',
  's3:ExistingObjectTag/p',
  'ec2:CreateAction',
  'aws:PrincipalArn',
  'aws:ResourceOrgID',
];
const OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringNotLikeIfExists',
  'ForAllValues:StringEquals',
  'ForAnyValue:StringNotLike',
  'ForAllValues:StringNotEqualsIgnoreCase',
  'Null',
  'ArnNotLike',
];

const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  Action: fc.subarray(ACTIONS, { minLength: 1 }),
  Resource: fc.constantFrom('*', 'arn:aws:ec2:*:*:subnet/*'),
  Condition: fc.dictionary(
    fc.constantFrom(...OPERATORS),
    fc.dictionary(
      fc.constantFrom(...KEYS),
      fc.array(fc.constantFrom('project', 'scp-*', 'Create*', 'true', '${aws:PrincipalTag/team}'), {
        minLength: 1,
        maxLength: 3,
      }),
      { maxKeys: 2 },
    ),
    { maxKeys: 3 },
  ),
});

test('property: any well-formed policy lints, and each finding is one line about a real statement and rule', async () => {
  const ruleIds = new Set(RULES.map((r) => r.id));
  await fc.assert(
    fc.asyncProperty(
      fc.array(statement, { minLength: 1, maxLength: 4 }),
      fc.constantFrom('identity', 'scp', 'rcp', 'resource' as const),
      async (statements, type) => {
        const result = await lintPolicy({ Version: '2012-10-17', Statement: statements }, { type });
        for (const f of result.findings) {
          expect(ruleIds.has(f.rule)).toBe(true);
          expect(f.statement).toBe(`Statement[${f.statementIndex}]`);
          expect(f.statementIndex).toBeLessThan(statements.length);
          for (const text of [f.message, f.fix]) expect(text).toMatch(/^[^\n]+$/);
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('property: a guard on a short prefix passes exactly when it lists every letter-case variant', async () => {
  const variantsOf = (prefix: string): string[] =>
    [...prefix]
      .reduce<string[]>(
        (acc, ch) =>
          acc.flatMap((v) =>
            ch.toLowerCase() === ch.toUpperCase() ? [v + ch] : [v + ch.toLowerCase(), v + ch.toUpperCase()],
          ),
        [''],
      )
      .map((v) => `${v}*`);
  await fc.assert(
    fc.asyncProperty(fc.stringMatching(/^[a-z][a-z0-9-]{0,3}$/), fc.nat(), async (prefix, drop) => {
      const all = variantsOf(prefix);
      const guard = (values: string[]) => ({
        Statement: [
          {
            Effect: 'Deny',
            Action: 'iam:TagRole',
            Resource: '*',
            Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': values } },
          },
        ],
      });
      const rule = 'case-sensitive-principal-tag-guard';
      const complete = await lintPolicy(guard(all), { type: 'scp' });
      expect(complete.findings.filter((f) => f.rule === rule)).toEqual([]);
      const missing = all[drop % all.length];
      const partial = await lintPolicy(guard(all.filter((v) => v !== missing)), { type: 'scp' });
      const [f] = partial.findings.filter((x) => x.rule === rule);
      expect(f.message).toContain(`"${missing}"`);
    }),
    { numRuns: 40 },
  );
});
