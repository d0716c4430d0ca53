import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EXAMPLE_CONFIG_PATH, loadConfig } from '../../lib/config';
import { generatePolicies, policyFileName, policyFileText } from '../../lib/policies';
import { EXPORT_MANIFEST } from '../../lib/policies/export';
import { checkSynthArgs, refreshCommittedPolicies } from '../../lib/policies/synth-export';

const ROOT = path.join(__dirname, '..', '..');
const COMMITTED = path.join(ROOT, 'policies');

/** A copy of the committed policies/ to run the synth step on, and a user config beside it. */
function workspace() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-synth-'));
  const policies = path.join(dir, 'policies');
  cpSync(COMMITTED, policies, { recursive: true });
  const mine = path.join(dir, 'mine.yaml');
  writeFileSync(
    mine,
    readFileSync(EXAMPLE_CONFIG_PATH, 'utf8').replace('taggerRoleName: tagger', 'taggerRoleName: my-org-tagger'),
  );
  const snapshot = () =>
    Object.fromEntries(readdirSync(policies).map((f) => [f, readFileSync(path.join(policies, f), 'utf8')]));
  return { policies, mine, snapshot };
}

describe('npm run synth and the committed policies/', () => {
  test('TAGWARDEN_CONFIG=mine.yaml: policies/ is left exactly as committed, and the note says how to export mine', () => {
    const { policies, mine, snapshot } = workspace();
    const before = snapshot();
    const r = refreshCommittedPolicies({ TAGWARDEN_CONFIG: mine }, policies);
    expect(r.wrote).toBe(false);
    expect(r.message).toBe(
      `policies/ keeps the example's documents (synth used ${mine}); write this config's documents with npx tagwarden policies export --config ${mine} --out <dir>`,
    );
    expect(snapshot()).toEqual(before);
  });

  test("no config, or the example named: policies/ gets the example's documents and manifest", () => {
    for (const env of [{}, { TAGWARDEN_CONFIG: EXAMPLE_CONFIG_PATH }]) {
      const { policies } = workspace();
      writeFileSync(path.join(policies, 'tagwarden-scp-1.json'), 'stale\n');
      expect(refreshCommittedPolicies(env, policies).wrote).toBe(true);
      const generated = generatePolicies(loadConfig(EXAMPLE_CONFIG_PATH));
      for (const p of generated)
        expect(readFileSync(path.join(policies, policyFileName(p)), 'utf8')).toBe(policyFileText(p));
      expect(readdirSync(policies).sort()).toEqual([...generated.map(policyFileName), EXPORT_MANIFEST].sort());
    }
  });

  test('arguments are refused with the one documented way', () => {
    expect(checkSynthArgs([])).toBeUndefined();
    expect(checkSynthArgs(['-c', 'config=mine.yaml'])).toBe(
      'npm run synth takes no arguments (got "-c" "config=mine.yaml"): pass a config as an environment variable: TAGWARDEN_CONFIG=path/to/config.yaml npm run synth',
    );
  });

  test('`npm run synth -- -c config=mine.yaml` exits 2 before cdk runs, saying how to pass a config', () => {
    const r = spawnSync('npm', ['run', '--silent', 'synth', '--', '-c', 'config=mine.yaml'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'synth: npm run synth takes no arguments (got "-c" "config=mine.yaml"): pass a config as an environment variable: TAGWARDEN_CONFIG=path/to/config.yaml npm run synth',
    );
  });
});
