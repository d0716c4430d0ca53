import { EXAMPLE_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config';
import { generatePolicies } from '../../lib/policies';
import { caseVariants } from '../../lib/policies/patterns';
import { decider, scenarios } from './scenarios';
import { simulate, SimOutcome } from './simulate';

/*
 * Proof by evaluation: each named request is run through an independent IAM evaluator against the generated
 * documents, and both the decision and the deciding statements are checked. Set TAGWARDEN_PRINT_MATRIX=1 to
 * print the matrix.
 */
const config = loadConfig(EXAMPLE_CONFIG_PATH);
const policies = generatePolicies(config);
const matrix = scenarios(config, policies);
const rows: string[] = [];

afterAll(() => {
  if (process.env.TAGWARDEN_PRINT_MATRIX) process.stdout.write(`\n${rows.join('\n')}\n`);
});

describe('scenario matrix', () => {
  test('names are unique', () => {
    expect(new Set(matrix.map((s) => s.name)).size).toBe(matrix.length);
  });

  test.each(matrix.map((s) => [`${s.group}: ${s.name}`, s] as const))('%s', async (_, scenario) => {
    const outcome = await simulate(policies, scenario.request);
    const aws = scenario.awsBehaviour ? ` | AWS: ${scenario.awsBehaviour}` : '';
    rows.push(`${scenario.group} | ${scenario.name} | ${outcome.decision} | ${outcome.decidedBy.join(', ')}${aws}`);
    expect(outcome.ignoredContextKeys).toEqual([]);
    expect({ decision: outcome.decision, decidedBy: outcome.decidedBy }).toEqual(scenario.expected);
  });
});

/*
 * The same matrix packed another way: three large exemption use cases (actions no scenario calls) move the
 * statements the matrix exercises into other documents than the example's two SCPs. Every request gets the same
 * decision from the same statements, so packing never changes a decision.
 */
describe('scenario matrix, guard packed into two SCPs another way', () => {
  const actions = Array.from({ length: 26 }, (_, i) => `ec2:CreateSomethingNumber${i}`);
  const more = Array.from({ length: 3 }, (_, i) => ({
    useCase: `use-case-${i + 1}`,
    tagKey: `scp-exempt-use-case-${i + 1}`,
    tagValue: 'true',
    actions,
  }));
  const spilled = parseConfig({ ...config, exemptions: [...config.exemptions, ...more] });
  const packed = generatePolicies(spilled);
  const wide = scenarios(spilled, packed);

  test('the guard takes two SCPs and one RCP, and the deciding statements are spread over both SCPs', () => {
    expect(packed.map((p) => p.name)).toEqual(['tagwarden-scp-1', 'tagwarden-scp-2', 'tagwarden-rcp-1']);
    const docs = new Set(
      wide
        .flatMap((s) => s.expected.decidedBy)
        .filter((d) => d.startsWith('tagwarden-scp-'))
        .map((d) => d.split('#')[0]),
    );
    expect([...docs].sort()).toEqual(['tagwarden-scp-1', 'tagwarden-scp-2']);
  });

  test.each(wide.map((s, i) => [`${s.group}: ${s.name}`, s, matrix[i]] as const))('%s', async (_, scenario, single) => {
    expect(scenario.name).toBe(single.name);
    const outcome = await simulate(packed, scenario.request);
    expect(outcome.ignoredContextKeys).toEqual([]);
    expect({ decision: outcome.decision, decidedBy: outcome.decidedBy }).toEqual(scenario.expected);
    // Same decision and same deciding statements as with the example's packing; only the documents that hold them,
    // and so the order in which they are listed, may differ.
    const sidsOnly = (ids: string[]) => ids.map((id) => id.split('#')[1]).sort();
    expect([scenario.expected.decision, sidsOnly(scenario.expected.decidedBy)]).toEqual([
      single.expected.decision,
      sidsOnly(single.expected.decidedBy),
    ]);
  });
});

describe('every letter-case variant of the prefix', () => {
  const variants = caseVariants(config.protectedTagPrefix);
  const byName = (name: string) => matrix.find((s) => s.name.startsWith(name))!;
  const withKey = (s: (typeof matrix)[number], key: string) => ({
    ...s.request,
    context: { ...s.request.context, 'aws:TagKeys': [key] },
  });

  test('there are 12: 2^3 letter cases, with s also spelled ſ (U+017F) as a hedge', () => {
    expect(variants).toHaveLength(12);
    expect(new Set(variants).size).toBe(12);
    expect(variants.filter((v) => v.startsWith('\u017F'))).toEqual([
      '\u017Fcp-',
      '\u017FCp-',
      '\u017FcP-',
      '\u017FCP-',
    ]);
  });

  test.each(variants)(
    '%s: a non-tagger cannot set it on a role, and an outsider cannot pass it as a session tag',
    async (variant) => {
      const key = `${variant}exempt-access-keys`;
      const tagRole = await simulate(policies, withKey(byName('non-tagger sets'), key));
      const session = await simulate(policies, withKey(byName('outsider role named'), key));
      for (const o of [tagRole, session]) expect(o.ignoredContextKeys).toEqual([]);
      expect(tagRole.decision).toBe('ExplicitlyDenied');
      expect(tagRole.decidedBy).toEqual([decider(policies, 'DenyProtectedPrincipalTagsExceptTagger')]);
      expect(session.decision).toBe('ExplicitlyDenied');
      expect(session.decidedBy).toEqual([decider(policies, 'DenyProtectedSessionTagsOutsideOrg')]);
    },
  );
});

describe('evaluator limits', () => {
  test('no-org principal: with the seed statements alone the evaluator allows what AWS denies', async () => {
    const noOrg = matrix.find((s) => s.name.startsWith('no-org principal'))!;
    const seedOnly = policies.map((p) =>
      p.type === 'RCP'
        ? {
            ...p,
            document: {
              ...p.document,
              Statement: p.document.Statement.filter((st) => st.Sid !== 'DenyProtectedSessionTagsNoOrg'),
            },
          }
        : p,
    );
    const outcome: SimOutcome = await simulate(seedOnly, noOrg.request);
    rows.push(
      `evaluator limit | same, seed statements only (no Null check) | ${outcome.decision} | ${outcome.decidedBy.join(', ')} (AWS: denied by DenyProtectedSessionTagsOutsideOrg)`,
    );
    expect(outcome.ignoredContextKeys).toEqual([]);
    // The evaluator resolves the missing variable to "never matches"; AWS makes the negated operator match.
    expect(outcome.decision).toBe('Allowed');
  });
});
