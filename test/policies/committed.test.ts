import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_CONFIG_PATH, loadConfig } from '../../lib/config';
import { generatePolicies, policyFileName, policyFileText } from '../../lib/policies';
import { EXPORT_MANIFEST } from '../../lib/policies/export';

const POLICIES_DIR = path.join(__dirname, '..', '..', 'policies');

describe('committed policies/', () => {
  test('equal what the generator produces from the example config (run `npm run synth` to refresh them)', () => {
    const generated = generatePolicies(loadConfig(EXAMPLE_CONFIG_PATH));
    const onDisk = readdirSync(POLICIES_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(onDisk).toEqual(generated.map(policyFileName).sort());
    for (const p of generated)
      expect(readFileSync(path.join(POLICIES_DIR, policyFileName(p)), 'utf8')).toBe(policyFileText(p));
    expect(JSON.parse(readFileSync(path.join(POLICIES_DIR, EXPORT_MANIFEST), 'utf8')).files).toEqual(
      generated.map(policyFileName),
    );
  });
});
