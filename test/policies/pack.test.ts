import fc from 'fast-check';
import { EXAMPLE_CONFIG_PATH, loadConfig, parseConfig, TagwardenConfig } from '../../lib/config';
import { Concern, CONCERNS } from '../../lib/policies/concerns';
import {
  concernStatements,
  generatePolicies,
  POLICY_SIZE_LIMIT,
  POLICY_USABLE_SIZE,
  PolicyType,
  policySize,
  Statement,
} from '../../lib/policies';

const example = loadConfig(EXAMPLE_CONFIG_PATH);
const TYPES: PolicyType[] = ['SCP', 'RCP'];

/** Exemption use cases as an admin writes them: distinct names, 1-30 actions each, some with wildcards. */
const useCaseName = fc.stringMatching(/^[a-z][a-z0-9]{1,10}(-[a-z0-9]{1,8}){0,2}$/);
const action = fc
  .tuple(
    fc.constantFrom('iam', 'ec2', 's3', 'kms', 'organizations', 'lambda'),
    fc.stringMatching(/^[A-Z][A-Za-z]{2,30}\*?$/),
  )
  .map(([s, a]) => `${s}:${a}`);
const exemption = fc.record({
  actions: fc.uniqueArray(action, { minLength: 1, maxLength: 30 }),
  tagValue: fc.constantFrom('true', 'yes', 'approved'),
});
const configArb: fc.Arbitrary<TagwardenConfig> = fc
  .record({
    uses: fc.uniqueArray(useCaseName, { maxLength: 40, selector: (u) => u.replace(/-/g, '') }),
    exemptions: fc.array(exemption, { maxLength: 40 }),
    prefix: fc.constantFrom('scp-', 'tw-', 'guard-', 'x-'),
    tagger: fc.constantFrom('tagger', 'tagwarden-tagger-role'),
  })
  .map(({ uses, exemptions, prefix, tagger }) =>
    parseConfig({
      ...example,
      protectedTagPrefix: prefix,
      taggerRoleName: tagger,
      exemptions: uses
        .slice(0, exemptions.length)
        .map((useCase, i) => ({ useCase, tagKey: `${prefix}exempt-${useCase}`, ...exemptions[i] })),
    }),
  );

const sids = (statements: Statement[]) => statements.map((s) => s.Sid);

describe('packer', () => {
  test('every statement lands in exactly one document of its type, every document is within the usable size, and the count is at most the lower bound + 1', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const policies = generatePolicies(config);
        for (const type of TYPES) {
          const all = concernStatements(config, type).map((c) => c.statement);
          const docs = policies.filter((p) => p.type === type);
          const packed = docs.flatMap((p) => p.document.Statement);
          expect(sids(packed).sort()).toEqual(sids(all).sort());
          for (const s of all) expect(packed.filter((p) => p.Sid === s.Sid)).toEqual([s]);
          for (const d of docs) {
            expect(d.size).toBe(policySize(JSON.stringify(d.document)));
            expect(d.size).toBeLessThanOrEqual(POLICY_USABLE_SIZE);
            expect(d.headroom).toBeGreaterThanOrEqual(POLICY_SIZE_LIMIT * 0.1);
          }
          const lowerBound = Math.ceil(
            policySize(JSON.stringify({ Version: '2012-10-17', Statement: all })) / POLICY_USABLE_SIZE,
          );
          expect(docs.length).toBeLessThanOrEqual(lowerBound + 1);
          expect(docs.map((d) => d.name)).toEqual(docs.map((_, i) => `tagwarden-${type.toLowerCase()}-${i + 1}`));
        }
      }),
      { numRuns: 150 },
    );
  });

  test('same config, same documents, names and Sids; within a document statements keep concern-list order', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const a = generatePolicies(config);
        expect(generatePolicies(structuredClone(config))).toEqual(a);
        const order = new Map(
          TYPES.flatMap((t) => concernStatements(config, t).map((c, i) => [c.statement.Sid, i] as const)),
        );
        for (const p of a) {
          const positions = p.document.Statement.map((s) => order.get(s.Sid)!);
          expect(positions).toEqual([...positions].sort((x, y) => x - y));
        }
      }),
      { numRuns: 50 },
    );
  });

  test('adding a concern is adding an entry to the list: its statements are packed with the rest', () => {
    const extra: Concern = {
      name: 'extra',
      type: 'SCP',
      shrinkHint: 'none',
      statements: () => [{ Sid: 'DenyExtraThing', Effect: 'Deny', Action: 'ec2:CreateVpc', Resource: '*' }],
    };
    const policies = generatePolicies(example, [...CONCERNS, extra]);
    expect(policies.map((p) => [p.name, p.concerns])).toEqual([
      [
        'tagwarden-scp-1',
        ['principal tags', 'tagwarden pieces', 'holders', 'stackset stacks', 'central roles', 'exemptions', 'extra'],
      ],
      ['tagwarden-scp-2', ['tagwarden pieces']],
      ['tagwarden-rcp-1', ['session tags']],
    ]);
    expect(policies[0].document.Statement.at(-1)?.Sid).toBe('DenyExtraThing');
  });

  test('a Sid produced by two concerns is refused, naming both', () => {
    const twin: Concern = {
      name: 'twin',
      type: 'SCP',
      shrinkHint: '',
      statements: () => [{ Sid: 'DenyMarkedRoleChanges', Effect: 'Deny', Action: '*', Resource: '*' }],
    };
    expect(() => generatePolicies(example, [...CONCERNS, twin])).toThrow(
      'SCP Sid DenyMarkedRoleChanges is produced by both "tagwarden pieces" and "twin"',
    );
  });

  test('12 exemption use cases fill the second SCP, 20 spill into a third; the RCP stays one', () => {
    const withUseCases = (n: number) =>
      parseConfig({
        ...example,
        exemptions: Array.from({ length: n }, (_, i) => ({
          useCase: `use-case-${i + 1}`,
          tagKey: `scp-exempt-use-case-${i + 1}`,
          actions: [
            'iam:CreateAccessKey',
            'iam:UpdateAccessKey',
            'ec2:CreateInternetGateway',
            'ec2:AttachInternetGateway',
            's3:PutBucketPolicy',
          ],
        })),
      });
    const names = (n: number) => generatePolicies(withUseCases(n)).map((p) => p.name);
    expect(names(12)).toEqual(['tagwarden-scp-1', 'tagwarden-scp-2', 'tagwarden-rcp-1']);
    expect(names(20)).toEqual(['tagwarden-scp-1', 'tagwarden-scp-2', 'tagwarden-scp-3', 'tagwarden-rcp-1']);
  });
});
