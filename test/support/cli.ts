import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Registrar } from '../../lib/cli/program';
import { runCli } from '../../lib/cli/run';

/** A valid config for CLI tests; `overrides` replace top-level fields. Returns the path of the file written. */
export function writeTestConfig(overrides: Record<string, unknown> = {}): string {
  const config = {
    organizationId: 'o-testorg1234',
    managementAccountId: '111111111111',
    centralAccountId: '222222222222',
    homeRegion: 'eu-west-1',
    governedRegions: ['us-east-1', 'eu-west-1'],
    targetOus: ['ou-root-workloads'],
    taggerRoleName: 'tagger',
    ...overrides,
  };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tagwarden-cli-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

export interface CliRun {
  code: number;
  out: string;
  /** stderr without the `using config PATH` line, which every command that loads a config prints first. */
  err: string;
  /** That line's path, when it was printed. */
  configNote?: string;
}

const USING_CONFIG = /^using config (.*)\n/m;

/** Runs the CLI in process and captures what it printed on stdout and stderr. */
export async function runTagwarden(argv: string[], registrars: Registrar[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(argv, registrars, {
    out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`),
  });
  const note = USING_CONFIG.exec(err);
  return { code, out, err: err.replace(USING_CONFIG, ''), ...(note ? { configNote: note[1] } : {}) };
}
