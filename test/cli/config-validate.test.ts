import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { EXAMPLE_CONFIG_PATH, loadConfig } from '../../lib/config';
import { registerConfig } from '../../lib/cli/config-command';
import { runCli } from '../../lib/cli/run';
import { EXIT } from '../../lib/common/cli-error';
import { manyExemptions } from '../support/config';

async function validate(config: string, ...flags: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--config', config, ...flags, 'config', 'validate'], [registerConfig], {
    out: (t) => out.push(t),
    // Every command that loads a config names it first; the tests read what follows.
    err: (t) => void (t.startsWith('using config ') || err.push(t)),
  });
  return { code, out: out.join(''), err: err.join('') };
}

/** The example config with `n` exemption use cases of five actions each. */
function withExemptions(n: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-validate-'));
  const file = path.join(dir, `exemptions-${n}.yaml`);
  writeFileSync(file, stringify({ ...loadConfig(EXAMPLE_CONFIG_PATH), exemptions: manyExemptions(n) }));
  return file;
}

describe('config validate prints the policy slots the guard takes', () => {
  test('the example config: two SCPs and one RCP', async () => {
    const r = await validate(EXAMPLE_CONFIG_PATH);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'config is valid',
      'slots: takes 2 SCP slots and 1 RCP slot on each target (a target has room for 4 SCPs besides FullAWSAccess, 4 RCPs besides RCPFullAWSAccess)',
    ]);
    expect(JSON.parse(lines.slice(2).join('\n'))).toEqual(loadConfig(EXAMPLE_CONFIG_PATH));
  });

  test('20 exemption use cases spill into a third SCP, and the count says so', async () => {
    const r = await validate(withExemptions(20));
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[1]).toBe(
      'slots: takes 3 SCP slots and 1 RCP slot on each target (a target has room for 4 SCPs besides FullAWSAccess, 4 RCPs besides RCPFullAWSAccess)',
    );
  });

  test('a config whose guard cannot be packed fails with the statement and the fix', async () => {
    const file = withExemptions(1);
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('protectedTagPrefix: scp-', 'protectedTagPrefix: guardtags-')
        .replace(/scp-exempt/g, 'guardtags-exempt'),
    );
    const r = await validate(file);
    expect(r.code).toBe(EXIT.usage);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      /^tagwarden: SCP statement DenyProtectedPrincipalTagsExceptTagger \(principal tags\) is \d+ characters minified: .*shorten protectedTagPrefix/,
    );
  });
});
