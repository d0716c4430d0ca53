import fc from 'fast-check';
import { EXAMPLE_CONFIG_PATH, loadConfig, parseConfig, TagwardenConfig } from '../../lib/config';
import { generatePolicies, POLICY_SIZE_LIMIT, POLICY_USABLE_SIZE, PolicySizeError, policySize } from '../../lib/policies';
import { caseVariants, protectedKeyPatterns } from '../../lib/policies/patterns';

const example = loadConfig(EXAMPLE_CONFIG_PATH);
const withChanges = (changes: Partial<Record<keyof TagwardenConfig, unknown>>) => parseConfig({ ...example, ...changes });

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
  test('scp- has the 8 spellings, lower case first', () => {
    expect(caseVariants('scp-')).toEqual(['scp-', 'Scp-', 'sCp-', 'SCp-', 'scP-', 'ScP-', 'sCP-', 'SCP-']);
  });

  test('any spelling of any prefix is listed exactly once, and the list has 2^letters distinct entries', () => {
    const prefix = fc.stringMatching(/^[A-Za-z0-9_.:=@-]{1,8}$/);
    fc.assert(
      fc.property(prefix, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (p, upper) => {
        const variants = caseVariants(p);
        const letters = [...p].filter((c) => c.toUpperCase() !== c.toLowerCase()).length;
        expect(variants).toHaveLength(2 ** letters);
        expect(new Set(variants).size).toBe(variants.length);
        const spelled = [...p.toLowerCase()].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
        expect(variants.filter((v) => v === spelled)).toHaveLength(1);
      }),
    );
  });

  test('a prefix with too many letters fails before building the list', () => {
    expect(() => caseVariants('abcdefghijklmnopqrstuvwxyz-')).toThrow(/26 letters.*at most 8 letters/);
  });
});

describe('generatePolicies', () => {
  const policies = generatePolicies(example);

  test('the example config packs into one SCP and one RCP, minified, with at least 10% headroom', () => {
    expect(policies.map((p) => [p.name, p.type, p.concerns])).toEqual([
      ['tagwarden-scp-1', 'SCP', ['principal tags', 'tagwarden pieces', 'exemptions']],
      ['tagwarden-rcp-1', 'RCP', ['session tags']],
    ]);
    for (const p of policies) {
      expect(p.content).toBe(JSON.stringify(p.document));
      expect(p.size).toBe(p.content.length);
      expect(p.headroom).toBe(POLICY_SIZE_LIMIT - p.size);
      expect(p.size).toBeLessThanOrEqual(POLICY_USABLE_SIZE);
    }
  });

  test('sizes count UTF-8 bytes, so a non-ASCII spelling is never undercounted', () => {
    expect(policySize('"ſ"')).toBe(4);
    const config = withChanges({ exemptions: [{ useCase: 'long-s', tagKey: 'scp-exempt-ſ', actions: ['iam:CreateAccessKey'] }] });
    const scp = generatePolicies(config).find((p) => p.type === 'SCP')!;
    expect(scp.content).toContain('ſ');
    expect(scp.size).toBe(Buffer.byteLength(scp.content));
    expect(scp.size).toBe(scp.content.length + 1);
  });

  test('RCP statements are denies with Principal "*"; SCP statements have no Principal', () => {
    for (const p of policies) {
      for (const s of p.document.Statement) {
        expect(s.Effect).toBe('Deny');
        expect(s.Principal).toBe(p.type === 'RCP' ? '*' : undefined);
      }
    }
  });

  test('every tag-key guard lists all case variants of the prefix, with ForAnyValue', () => {
    const guards = policies.flatMap((p) => p.document.Statement).filter((s) => JSON.stringify(s).includes('aws:TagKeys'));
    expect(guards).toHaveLength(4);
    for (const s of guards) expect(s.Condition?.['ForAnyValue:StringLike']?.['aws:TagKeys']).toEqual(protectedKeyPatterns(example));
  });

  test('principal ARNs are compared with ARN operators only', () => {
    const text = policies.map((p) => p.content).join('');
    expect(text).not.toMatch(/StringNot(Like|Equals)":\{"aws:PrincipalArn/);
    expect(text.match(/"ArnNotLike":\{"aws:PrincipalArn"/g)).toHaveLength(5);
  });

  test('one exemption statement per use case, keyed on its own tag', () => {
    const config = withChanges({
      exemptions: [
        { useCase: 'access-keys', tagKey: 'scp-exempt-access-keys', actions: ['iam:CreateAccessKey'] },
        { useCase: 'internet-gateways', tagKey: 'SCP-exempt-igw', tagValue: 'yes', actions: ['ec2:CreateInternetGateway', 'ec2:AttachInternetGateway'] },
      ],
    });
    const doc = generatePolicies(config).find((p) => p.type === 'SCP')!.document;
    expect(doc.Statement.filter((s) => s.Sid.endsWith('UnlessExempt')).map((s) => [s.Sid, s.Condition])).toEqual([
      ['DenyAccessKeysUnlessExempt', { StringNotEquals: { 'aws:PrincipalTag/scp-exempt-access-keys': 'true' } }],
      ['DenyInternetGatewaysUnlessExempt', { StringNotEquals: { 'aws:PrincipalTag/SCP-exempt-igw': 'yes' } }],
    ]);
  });

  test('no exemptions: the SCP holds the other concerns only', () => {
    const none = generatePolicies(withChanges({ exemptions: [] }));
    expect(none.map((p) => [p.name, p.concerns])).toEqual([
      ['tagwarden-scp-1', ['principal tags', 'tagwarden pieces']],
      ['tagwarden-rcp-1', ['session tags']],
    ]);
  });

  test('the tagger role name and the partition come from the config', () => {
    const gov = withChanges({ taggerRoleName: 'guard-tagger', homeRegion: 'us-gov-west-1', governedRegions: ['us-east-1', 'us-gov-west-1'] });
    const text = generatePolicies(gov).map((p) => p.content).join('');
    expect(text).toContain('"arn:aws-us-gov:iam::*:role/guard-tagger"');
    expect(text).not.toContain('role/tagger"');
  });

  test('same config, same bytes', () => {
    expect(generatePolicies(loadConfig(EXAMPLE_CONFIG_PATH)).map((p) => p.content)).toEqual(policies.map((p) => p.content));
  });

  test('an exemption too large for a document of its own: fails naming the statement, the excess and the fix', () => {
    const actions = Array.from({ length: 200 }, (_, i) => `iam:CreateSomething${i}`);
    const message = sizeError(withChanges({ exemptions: [{ useCase: 'many', tagKey: 'scp-many', actions }] }));
    const statement = { Sid: 'DenyManyUnlessExempt', Effect: 'Deny', Action: actions, Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/scp-many': 'true' } } };
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
    expect(message).toMatch(/^SCP statement DenyProtectedPrincipalTagsExceptTagger \(principal tags\) is \d+ characters minified: with the document around it that is \d+ over the 4608 characters a document may use .*: shorten protectedTagPrefix/);
  });
});
