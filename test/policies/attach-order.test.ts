import fc from 'fast-check';
import { EXAMPLE_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config';
import { AttachRefused, planAttach, PlanStep } from '../../lib/policies/attach-plan';
import { generatePolicies, GeneratedPolicy, PolicyType, Statement } from '../../lib/policies';
import { ExistingPolicy, OrgState } from '../../lib/policies/org-state';

/*
 * Property: whatever owned documents an org holds today (the same statements spread over 1-4 documents per type,
 * in any order, under any of tagwarden's names), running the attach plan step by step never leaves a target
 * without a statement that both the old and the new documents have. A refusal is allowed; it changes nothing.
 */
const example = loadConfig(EXAMPLE_CONFIG_PATH);
const TARGETS = ['r-exam', 'ou-exam-workload1'];
const TYPES: PolicyType[] = ['SCP', 'RCP'];

const actions = Array.from({ length: 12 }, (_, i) => `ec2:CreateSomethingNumber${i}`);
const configArb = fc.integer({ min: 0, max: 14 }).map((n) =>
  parseConfig({
    ...example,
    exemptions: [
      ...example.exemptions,
      ...Array.from({ length: n }, (_, i) => ({
        useCase: `case-${i + 1}`,
        tagKey: `scp-exempt-case-${i + 1}`,
        actions: actions.slice(0, 1 + (i % 12)),
      })),
    ],
  }),
);

/** Today's documents: each statement of the new packing assigned to one of `count` documents of its type. */
const layoutArb = (policies: GeneratedPolicy[]) =>
  fc
    .record({
      counts: fc.record({ SCP: fc.integer({ min: 1, max: 4 }), RCP: fc.integer({ min: 1, max: 2 }) }),
      seeds: fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
      legacyNames: fc.boolean(),
    })
    .map(({ counts, seeds, legacyNames }) => {
      const existing: ExistingPolicy[] = [];
      let i = 0;
      for (const type of TYPES) {
        const docs: Statement[][] = Array.from({ length: counts[type] }, () => []);
        for (const s of policies.filter((p) => p.type === type).flatMap((p) => p.document.Statement))
          docs[seeds[i++ % seeds.length] % docs.length].push(s);
        docs.forEach((statements, n) => {
          const name = legacyNames
            ? `tagwarden-old-${type.toLowerCase()}-${n + 1}`
            : `tagwarden-${type.toLowerCase()}-${n + 1}`;
          existing.push({
            id: `p-${type}-${n}`,
            name,
            type,
            description: 'old',
            owned: true,
            content: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
            targets: [...TARGETS],
          });
        });
      }
      return existing;
    });

/** Replays the steps on a model of the org and checks every target after each one. */
function replay(existing: ExistingPolicy[], steps: PlanStep[], required: Record<PolicyType, string[]>): void {
  const content = new Map(existing.map((e) => [e.id, e.content!]));
  const attached = new Map(TARGETS.map((t) => [t, new Set(existing.map((e) => e.id))]));
  const typeOf = new Map(existing.map((e) => [e.id, e.type]));
  const created = new Map<string, string>();
  for (const [n, step] of steps.entries()) {
    if (step.kind === 'create') {
      const id = `p-new-${step.policy.name}`;
      created.set(step.policy.name, id);
      content.set(id, step.policy.content);
      typeOf.set(id, step.policy.type);
    }
    if (step.kind === 'attach') attached.get(step.targetId)!.add(step.policyId ?? created.get(step.name)!);
    if (step.kind === 'update' && step.changes.includes('content')) content.set(step.policyId, step.content);
    if (step.kind === 'detach') attached.get(step.targetId)!.delete(step.policyId);
    if (step.kind === 'delete') expect(TARGETS.some((t) => attached.get(t)!.has(step.policyId))).toBe(false);
    for (const t of TARGETS) {
      for (const type of TYPES) {
        const held = [...attached.get(t)!]
          .filter((id) => typeOf.get(id) === type)
          .flatMap((id) => JSON.parse(content.get(id)!).Statement.map((s: Statement) => s.Sid));
        const missing = required[type].filter((sid) => !held.includes(sid));
        if (missing.length) throw new Error(`after step ${n + 1} (${step.kind}), ${t} lacks ${missing.join(', ')}`);
      }
    }
  }
}

test('any earlier layout of the same statements: every step of the plan keeps every statement in force on every target', () => {
  fc.assert(
    fc.property(
      configArb.chain((config) => {
        const policies = generatePolicies(config);
        return fc.tuple(fc.constant(policies), layoutArb(policies));
      }),
      ([policies, existing]) => {
        const state: OrgState = {
          rootId: 'r-exam',
          enabledTypes: TYPES,
          candidates: existing,
          attached: Object.fromEntries(
            TARGETS.map((t) => [t, existing.map((e) => ({ id: e.id, name: e.name, type: e.type }))]),
          ),
        };
        let plan;
        try {
          plan = planAttach(policies, state, TARGETS);
        } catch (e) {
          // Too many documents today for the slots, or a trade with no room: refused before any step.
          expect(e).toBeInstanceOf(AttachRefused);
          return;
        }
        const required = { SCP: [], RCP: [] } as Record<PolicyType, string[]>;
        for (const p of policies) required[p.type].push(...p.document.Statement.map((s) => s.Sid));
        replay(existing, plan.steps, required);
        for (const step of plan.steps) if (step.kind === 'update') expect(step.size).toBeLessThanOrEqual(5120);
      },
    ),
    { numRuns: 200 },
  );
});
