import fc from 'fast-check';
import { EXAMPLE_CONFIG_PATH, loadConfig, parseConfig, TagwardenConfig } from '../../lib/config';
import {
  generatePolicies,
  POLICY_SIZE_LIMIT,
  POLICY_USABLE_SIZE,
  PolicySizeError,
  policySize,
} from '../../lib/policies';
import { caseVariants } from '../../lib/policies/patterns';

const example = loadConfig(EXAMPLE_CONFIG_PATH);
const withChanges = (changes: Partial<Record<keyof TagwardenConfig, unknown>>) =>
  parseConfig({ ...example, ...changes });

function sizeError(config: TagwardenConfig): string {
  try {
    generatePolicies(config);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicySizeError);
    return (e as Error).message;
  }
  throw new Error('expected the documents not to fit');
}

describe('caseVariants', () => {
  test('scp- has the 8 letter-case spellings and, as a hedge, the 4 with ſ (U+017F) for s: 12, lower case first', () => {
    const L = '\u017F';
    expect(caseVariants('scp-')).toEqual([
      'scp-',
      'Scp-',
      `${L}cp-`,
      'sCp-',
      'SCp-',
      `${L}Cp-`,
      'scP-',
      'ScP-',
      `${L}cP-`,
      'sCP-',
      'SCP-',
      `${L}CP-`,
    ]);
  });

  test('k is also spelled with the Kelvin sign (U+212A), the other character Java-style folding maps onto ASCII', () => {
    expect(caseVariants('k-')).toEqual(['k-', 'K-', '\u212A-']);
  });

  test('every folded spelling compares equal to the prefix under Java-style case folding', () => {
    // equalsIgnoreCase: characters match when their upper cases or their lower cases match.
    const fold = (a: string, b: string) =>
      [...a].every((c, i) => c.toUpperCase() === b[i].toUpperCase() || c.toLowerCase() === b[i].toLowerCase());
    for (const v of caseVariants('scp-')) expect(fold(v, 'scp-')).toBe(true);
  });

  test('any spelling of any prefix is listed exactly once, and the list has 2^letters entries, x3/2 per s or k', () => {
    const prefix = fc.stringMatching(/^[A-Za-z0-9_.:=@-]{1,8}$/);
    fc.assert(
      fc.property(prefix, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (p, upper) => {
        const variants = caseVariants(p);
        const letters = [...p].filter((c) => c.toUpperCase() !== c.toLowerCase()).length;
        const folded = [...p.toLowerCase()].filter((c) => c === 's' || c === 'k').length;
        expect(variants).toHaveLength(2 ** letters * 1.5 ** folded);
        expect(new Set(variants).size).toBe(variants.length);
        const spelled = [...p.toLowerCase()].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
        expect(variants.filter((v) => v === spelled)).toHaveLength(1);
      }),
    );
  });

  test('a prefix with too many letters fails before building the list', () => {
    expect(() => caseVariants('abcdefghijklmnopqrstuvwxyz-')).toThrow(
      /26 letters, so \d+ spellings.*at most 8 letters/,
    );
  });
});

describe('generatePolicies', () => {
  const policies = generatePolicies(example);

  test('the example config packs into two SCPs and one RCP, minified, with at least 10% headroom', () => {
    // All its SCP statements together are over the usable size, so one of them spills into a second SCP.
    const scps = policies.filter((p) => p.type === 'SCP');
    expect(scps.reduce((sum, p) => sum + p.size, 0)).toBeGreaterThan(POLICY_USABLE_SIZE);
    expect(policies.map((p) => [p.name, p.type, p.concerns])).toEqual([
      [
        'tagwarden-scp-1',
        'SCP',
        ['principal tags', 'tagwarden pieces', 'holders', 'stackset stacks', 'central roles', 'exemptions'],
      ],
      ['tagwarden-scp-2', 'SCP', ['tagwarden pieces']],
      ['tagwarden-rcp-1', 'RCP', ['session tags']],
    ]);
    for (const p of policies) {
      expect(p.content).toBe(JSON.stringify(p.document));
      expect(p.size).toBe(Buffer.byteLength(p.content, 'utf8'));
      expect(p.headroom).toBe(POLICY_SIZE_LIMIT - p.size);
      expect(p.size).toBeLessThanOrEqual(POLICY_USABLE_SIZE);
    }
  });

  test('sizes count UTF-8 bytes: each ſ counts 2, so a document with the hedge is larger than its UTF-16 length', () => {
    expect(policySize('\u017F')).toBe(2);
    const withHedge = policies.find((p) =>
      p.document.Statement.some((s) => s.Sid === 'DenyProtectedPrincipalTagsExceptTagger'),
    )!;
    const longS = (withHedge.content.match(/\u017F/g) ?? []).length;
    expect(longS).toBeGreaterThanOrEqual(4);
    expect(withHedge.size).toBe(withHedge.content.length + longS);
  });

  test('one exemption statement per use case, keyed on its own tag', () => {
    const config = withChanges({
      exemptions: [
        { useCase: 'access-keys', tagKey: 'scp-exempt-access-keys', actions: ['iam:CreateAccessKey'] },
        {
          useCase: 'internet-gateways',
          tagKey: 'SCP-exempt-igw',
          tagValue: 'yes',
          actions: ['ec2:CreateInternetGateway', 'ec2:AttachInternetGateway'],
        },
      ],
    });
    const statements = generatePolicies(config)
      .filter((p) => p.type === 'SCP')
      .flatMap((p) => p.document.Statement);
    // The packer may put them in different documents; which one holds which is not the point here.
    const exempt = statements.filter((s) => s.Sid.endsWith('UnlessExempt')).sort((a, b) => a.Sid.localeCompare(b.Sid));
    expect(exempt.map((s) => [s.Sid, s.Condition])).toEqual([
      ['DenyAccessKeysUnlessExempt', { StringNotEquals: { 'aws:PrincipalTag/scp-exempt-access-keys': 'true' } }],
      ['DenyInternetGatewaysUnlessExempt', { StringNotEquals: { 'aws:PrincipalTag/SCP-exempt-igw': 'yes' } }],
    ]);
  });

  test('no exemptions: the SCP holds the other concerns only', () => {
    const none = generatePolicies(withChanges({ exemptions: [] }));
    expect(none.map((p) => [p.name, p.concerns])).toEqual([
      ['tagwarden-scp-1', ['principal tags', 'tagwarden pieces', 'holders', 'stackset stacks', 'central roles']],
      ['tagwarden-rcp-1', ['session tags']],
    ]);
  });

  test('the tagger role name and the partition come from the config', () => {
    const gov = withChanges({
      taggerRoleName: 'guard-tagger',
      homeRegion: 'us-gov-west-1',
      governedRegions: ['us-gov-west-1', 'us-gov-east-1'],
      adminPrincipals: ['arn:aws-us-gov:iam::111111111111:role/OrgAdmin'],
    });
    const text = generatePolicies(gov)
      .map((p) => p.content)
      .join('');
    expect(text).toContain('"arn:aws-us-gov:iam::*:role/guard-tagger"');
    expect(text).not.toContain('"arn:aws:');
    expect(text).not.toContain('role/tagger"');
  });

  test('same config, same bytes', () => {
    expect(generatePolicies(loadConfig(EXAMPLE_CONFIG_PATH)).map((p) => p.content)).toEqual(
      policies.map((p) => p.content),
    );
  });

  test('an exemption too large for a document of its own: fails naming the statement, the excess and the fix', () => {
    const actions = Array.from({ length: 200 }, (_, i) => `iam:CreateSomething${i}`);
    const message = sizeError(withChanges({ exemptions: [{ useCase: 'many', tagKey: 'scp-many', actions }] }));
    const statement = {
      Sid: 'DenyManyUnlessExempt',
      Effect: 'Deny',
      Action: actions,
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalTag/scp-many': 'true' } },
    };
    const size = JSON.stringify(statement).length;
    const alone = JSON.stringify({ Version: '2012-10-17', Statement: [statement] }).length;
    // Under the hard limit, but over the 90% a packed document may use.
    expect(alone).toBeLessThan(POLICY_SIZE_LIMIT);
    expect(message).toBe(
      `SCP statement DenyManyUnlessExempt (exemptions) is ${size} characters minified: with the document around it that is ${alone - POLICY_USABLE_SIZE} over the ${POLICY_USABLE_SIZE} characters a document may use (the ${POLICY_SIZE_LIMIT}-character limit less 10% headroom): list fewer actions for this exemption (an action wildcard such as "iam:Create*" counts once)`,
    );
  });

  test('a prefix with many letters: the statement that cannot fit is named with its excess', () => {
    const message = sizeError(withChanges({ protectedTagPrefix: 'guardtags-', exemptions: [] }));
    expect(message).toMatch(
      /^SCP statement DenyProtectedPrincipalTagsExceptTagger \(principal tags\) is \d+ characters minified: with the document around it that is \d+ over the 4608 characters a document may use .*: shorten protectedTagPrefix/,
    );
  });
});
