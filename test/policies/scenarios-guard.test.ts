import { EXAMPLE_CONFIG_PATH, loadConfig } from '../../lib/config';
import { generatePolicies } from '../../lib/policies';
import { guardScenarios } from './scenarios-guard';
import { simulate } from './simulate';

/*
 * The guard's matrix for holders of guarded power, evaluated like scenarios.test.ts. Set TAGWARDEN_PRINT_MATRIX=1 to
 * print "group | scenario | decision | deciding statements".
 */
const config = loadConfig(EXAMPLE_CONFIG_PATH);
const policies = generatePolicies(config);
const matrix = guardScenarios(config, policies);
const rows: string[] = [];

afterAll(() => {
  if (process.env.TAGWARDEN_PRINT_MATRIX) process.stdout.write(`\n${rows.join('\n')}\n`);
});

test('names are unique', () => {
  expect(new Set(matrix.map((s) => s.name)).size).toBe(matrix.length);
});

test.each(matrix.map((s) => [`${s.group}: ${s.name}`, s] as const))('%s', async (_, scenario) => {
  const outcome = await simulate(policies, scenario.request);
  const note = scenario.awsBehaviour ? ` | ${scenario.awsBehaviour}` : '';
  rows.push(`${scenario.group} | ${scenario.name} | ${outcome.decision} | ${outcome.decidedBy.join(', ')}${note}`);
  expect(outcome.ignoredContextKeys).toEqual([]);
  expect({ decision: outcome.decision, decidedBy: outcome.decidedBy }).toEqual(scenario.expected);
});
