import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'layers');

// ESLint loads a config file with import(), which jest's module sandbox refuses: hand it the same module instead.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const repoConfig = require('../../eslint.config.cjs') as Linter.Config[];

/**
 * Each fixture is linted as if it stood at its path below test/fixtures/layers, so its relative imports resolve to the
 * real modules of the repository. Type information is off (the fixtures are not part of the TypeScript project), and
 * no-unresolved is on: an import that resolves to nothing would make a layer rule pass for the wrong reason.
 */
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  overrideConfig: [
    ...repoConfig,
    { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked },
    { files: ['**/*.ts'], rules: { 'import-x/no-unresolved': 'error' } },
  ],
});

function fixtures(dir = FIXTURES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? fixtures(path.join(dir, e.name)) : [path.relative(FIXTURES, path.join(dir, e.name))],
  );
}

async function lint(fixture: string): Promise<{ rule: string | null; message: string }[]> {
  const code = readFileSync(path.join(FIXTURES, fixture), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, fixture) });
  return result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

const RESTRICTED_PATHS = 'import-x/no-restricted-paths';

/** Every fixture that breaks a layer, the rule that must catch it, and a phrase of that rule's message. */
const VIOLATIONS: Record<string, { rule: string; says: string }> = {
  'lambda/core/imports-aws-sdk.ts': { rule: 'no-restricted-imports', says: 'lambda/core is pure' },
  'lambda/core/imports-adapter.ts': { rule: RESTRICTED_PATHS, says: 'lambda/core is the pure domain at the bottom' },
  'lambda/session-recorder/imports-lib.ts': { rule: RESTRICTED_PATHS, says: 'Nothing in lambda/ imports lib/' },
  'lambda/core/registry/imports-lib.ts': { rule: RESTRICTED_PATHS, says: 'Nothing in lambda/ imports lib/' },
  'lib/policies/imports-cli.ts': { rule: RESTRICTED_PATHS, says: 'Domain modules never import lib/cli' },
  'lambda/engine/imports-adapter.ts': { rule: RESTRICTED_PATHS, says: 'The engine depends on its ports' },
};
const CLEAN = ['lambda/engine/clean.ts', 'lib/cli/clean.ts'];

describe('layer rules of eslint.config.cjs', () => {
  test('every fixture is either a known violation or a clean file', () => {
    expect(fixtures().sort()).toEqual([...Object.keys(VIOLATIONS), ...CLEAN].sort());
  });

  test.each(Object.entries(VIOLATIONS))('%s is caught by its rule, and only by it', async (fixture, { rule, says }) => {
    const messages = await lint(fixture);
    expect(messages).toHaveLength(1);
    expect(messages[0].rule).toBe(rule);
    expect(messages[0].message).toContain(says);
  });

  test.each(CLEAN)('%s, which keeps to the layers, passes', async (fixture) => {
    expect(await lint(fixture)).toEqual([]);
  });

  test('the same import is fine one layer up: lib/stacks may import lambda/core and lib/config', async () => {
    const [result] = await eslint.lintText(
      "import { isObject } from '../../lambda/core/cloudtrail';\nimport { loadConfig } from '../config';\n" +
        'export const used = [isObject, loadConfig];\n',
      { filePath: path.join(ROOT, 'lib/stacks/uses-lower-layers.ts') },
    );
    expect(result.messages).toEqual([]);
  });
});
