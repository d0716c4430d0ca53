import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lintPolicy } from '../../lib/lint';

/*
 * tagwarden's own policies must lint clean. policies/ holds the generated documents; the fixtures are hand-made
 * copies of the seed's final SCP and RCP with every letter-case variant of `scp-*`, the shape the generators emit.
 */
const ROOT = path.join(__dirname, '..', '..');
const POLICIES_DIR = path.join(ROOT, 'policies');
const generated = existsSync(POLICIES_DIR)
  ? readdirSync(POLICIES_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join('policies', f))
  : [];
const standIns = ['test/fixtures/lint/seed-guard-scp.json', 'test/fixtures/lint/seed-guard-rcp.json'];

test('policies/ holds the generated documents once the generators are in the tree', () => {
  if (existsSync(path.join(ROOT, 'lib', 'policies'))) expect(generated.length).toBeGreaterThan(0);
});

test.each([...generated, ...standIns])('%s has no findings', async (file) => {
  const result = await lintPolicy(JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')));
  expect(result.findings).toEqual([]);
});

test('the stand-ins are read as the SCP and the RCP they are', async () => {
  const [scp, rcp] = await Promise.all(
    standIns.map(async (f) => lintPolicy(JSON.parse(readFileSync(path.join(ROOT, f), 'utf8')))),
  );
  expect([scp.type, rcp.type]).toEqual(['scp', 'rcp']);
});
