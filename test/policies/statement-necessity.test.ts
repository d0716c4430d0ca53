import { EXAMPLE_CONFIG_PATH, loadConfig } from '../../lib/config';
import { generatePolicies, GeneratedPolicy } from '../../lib/policies';
import { scenarios } from './scenarios';
import { guardScenarios } from './scenarios-guard';
import { simulate } from './simulate';

/*
 * Every generated statement earns its place: some scenario names it as a deciding statement, and without it at least
 * one of those scenarios is decided differently. A statement no scenario needs is either dead or unproved.
 */
const config = loadConfig(EXAMPLE_CONFIG_PATH);
const policies = generatePolicies(config);
const matrix = [...scenarios(config, policies), ...guardScenarios(config, policies)];
const statements = policies.flatMap((p) => p.document.Statement.map((s) => `${p.name}#${s.Sid}`));

function without(ref: string): GeneratedPolicy[] {
  return policies.map((p) => ({
    ...p,
    document: { ...p.document, Statement: p.document.Statement.filter((s) => `${p.name}#${s.Sid}` !== ref) },
  }));
}

test('Sids are unique across every document', () => {
  expect(new Set(statements).size).toBe(statements.length);
  expect(new Set(statements.map((r) => r.split('#')[1])).size).toBe(statements.length);
});

test.each(statements)('removing %s changes the decision of a scenario that names it', async (ref) => {
  const deciding = matrix.filter((s) => s.expected.decidedBy.includes(ref));
  expect(deciding.length).toBeGreaterThan(0);
  const reduced = without(ref);
  const changed = [];
  for (const s of deciding) {
    const outcome = await simulate(reduced, s.request);
    const same = outcome.decision === s.expected.decision && outcome.decidedBy.join() === s.expected.decidedBy.join();
    if (!same) changed.push(s.name);
  }
  expect(changed.length).toBeGreaterThan(0);
});
