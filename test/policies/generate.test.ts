import fc from 'fast-check';
import { EXAMPLE_CONFIG_PATH, loadConfig, parseConfig, TagwardenConfig } from '../../lib/config';
import { finalizePolicy, generatePolicies, POLICY_SIZE_LIMIT, PolicySizeError, policySize } from '../../lib/policies';
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
  test('scp- has the 8 letter-case spellings and, as a hedge, the 4 with ſ (U+017F) for s: 12, lower case first', () => {
    const L = '\u017F';
    expect(caseVariants('scp-')).toEqual(['scp-', 'Scp-', `${L}cp-`, 'sCp-', 'SCp-', `${L}Cp-`, 'scP-', 'ScP-', `${L}cP-`, 'sCP-', 'SCP-', `${L}CP-`]);
  });

  test('k is also spelled with the Kelvin sign (U+212A), the other character Java-style folding maps onto ASCII', () => {
    expect(caseVariants('k-')).toEqual(['k-', 'K-', '\u212A-']);
  });

  test('every folded spelling compares equal to the prefix under Java-style case folding', () => {
    // equalsIgnoreCase: characters match when their upper cases or their lower cases match.
    const fold = (a: string, b: string) => [...a].every((c, i) => c.toUpperCase() === b[i].toUpperCase() || c.toLowerCase() === b[i].toLowerCase());
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
    expect(() => caseVariants('abcdefghijklmnopqrstuvwxyz-')).toThrow(/26 letters, so \d+ spellings.*at most 8 letters/);
  });
});

describe('generatePolicies', () => {
  const policies = generatePolicies(example);

  test('produces the three SCPs and the RCP, minified, within the size limit', () => {
    expect(policies.map((p) => [p.name, p.type])).toEqual([
      ['tagwarden-protect-principal-tags', 'SCP'],
      ['tagwarden-protect-tagwarden', 'SCP'],
      ['tagwarden-exemptions', 'SCP'],
      ['tagwarden-protect-session-tags', 'RCP'],
    ]);
    for (const p of policies) {
      expect(p.content).toBe(JSON.stringify(p.document));
      expect(p.size).toBe(Buffer.byteLength(p.content, 'utf8'));
      expect(p.headroom).toBe(POLICY_SIZE_LIMIT - p.size);
      expect(p.size).toBeLessThanOrEqual(POLICY_SIZE_LIMIT);
    }
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
    expect(text.match(/"ArnNotLike":\{"aws:PrincipalArn"/g)).toHaveLength(9);
  });

  test('sizes count UTF-8 bytes: each ſ counts 2, so a document with the hedge is larger than its UTF-16 length', () => {
    expect(policySize('\u017F')).toBe(2);
    const withHedge = policies.find((p) => p.name === 'tagwarden-protect-principal-tags')!;
    const longS = (withHedge.content.match(/\u017F/g) ?? []).length;
    expect(longS).toBe(4);
    expect(withHedge.size).toBe(withHedge.content.length + longS);
  });

  test('a document over the limit only by its bytes is refused', () => {
    const padding = 'x'.repeat(POLICY_SIZE_LIMIT - 100);
    const draft = (text: string) => ({ name: 'n', type: 'SCP' as const, description: 'd', shrinkHint: 'h', statements: [{ Sid: 'S', Effect: 'Deny' as const, Action: text, Resource: '*' }] });
    const base = finalizePolicy(draft(padding)).size;
    const fill = POLICY_SIZE_LIMIT - base;
    expect(finalizePolicy(draft(padding + 'x'.repeat(fill))).size).toBe(POLICY_SIZE_LIMIT);
    // Same number of characters, but each ſ is two bytes.
    expect(() => finalizePolicy(draft(padding + '\u017F'.repeat(fill)))).toThrow(PolicySizeError);
  });

  test('one exemption statement per use case, keyed on its own tag', () => {
    const config = withChanges({
      exemptions: [
        { useCase: 'access-keys', tagKey: 'scp-exempt-access-keys', actions: ['iam:CreateAccessKey'] },
        { useCase: 'internet-gateways', tagKey: 'SCP-exempt-igw', tagValue: 'yes', actions: ['ec2:CreateInternetGateway', 'ec2:AttachInternetGateway'] },
      ],
    });
    const doc = generatePolicies(config).find((p) => p.name === 'tagwarden-exemptions')!.document;
    expect(doc.Statement.map((s) => [s.Sid, s.Condition])).toEqual([
      ['DenyAccessKeysUnlessExempt', { StringNotEquals: { 'aws:PrincipalTag/scp-exempt-access-keys': 'true' } }],
      ['DenyInternetGatewaysUnlessExempt', { StringNotEquals: { 'aws:PrincipalTag/SCP-exempt-igw': 'yes' } }],
    ]);
  });

  test('no exemptions: no exemption SCP (an SCP needs a statement)', () => {
    expect(generatePolicies(withChanges({ exemptions: [] })).map((p) => p.name)).not.toContain('tagwarden-exemptions');
  });

  test('the tagger role name and the partition come from the config', () => {
    const gov = withChanges({
      taggerRoleName: 'guard-tagger',
      homeRegion: 'us-gov-west-1',
      governedRegions: ['us-gov-west-1', 'us-gov-east-1'],
      adminPrincipals: ['arn:aws-us-gov:iam::111111111111:role/OrgAdmin'],
    });
    const text = generatePolicies(gov).map((p) => p.content).join('');
    expect(text).toContain('"arn:aws-us-gov:iam::*:role/guard-tagger"');
    expect(text).not.toContain('"arn:aws:');
    expect(text).not.toContain('role/tagger"');
  });

  test('same config, same bytes', () => {
    expect(generatePolicies(loadConfig(EXAMPLE_CONFIG_PATH)).map((p) => p.content)).toEqual(policies.map((p) => p.content));
  });

  test('too many exemption actions: fails naming the document, the excess and the fix', () => {
    const actions = Array.from({ length: 250 }, (_, i) => `iam:CreateSomething${i}`);
    const message = sizeError(withChanges({ exemptions: [{ useCase: 'many', tagKey: 'scp-many', actions }] }));
    const size = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'DenyManyUnlessExempt', Effect: 'Deny', Action: actions, Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/scp-many': 'true' } } }] }).length;
    expect(message).toBe(
      `SCP tagwarden-exemptions is ${size} characters minified, ${size - POLICY_SIZE_LIMIT} over the ${POLICY_SIZE_LIMIT}-character limit: list fewer exemptions or fewer actions per exemption (an action wildcard such as "iam:Create*" counts once)`,
    );
  });

  test('a prefix with many letters: the first document over the limit is named with its excess', () => {
    const message = sizeError(withChanges({ protectedTagPrefix: 'guardtags-', exemptions: [] }));
    expect(message).toMatch(/^SCP tagwarden-protect-principal-tags is \d+ characters minified, \d+ over the 5120-character limit: shorten protectedTagPrefix/);
  });
});
