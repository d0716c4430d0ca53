import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { EXAMPLE_CONFIG_PATH } from '../lib/config';
import { LARGE_ORG } from '../test/support/large-org';
import { round } from './calls';

/*
 * `cdk synth --quiet` as a person runs it (bin/app.ts through cdk.json, the functions bundled with esbuild, cdk-nag,
 * the built-in CloudFormation validation on, which is the App default), in a child process, for the example
 * config and for a large organization (50 OUs, 17 regions).
 */

export interface SynthReport {
  config: string;
  regions: number;
  ous: number;
  seconds: number;
  builtinValidation: boolean;
}

const ROOT = path.resolve(__dirname, '..');

export function measureSynth(): SynthReport[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-synth-'));
  try {
    const example = parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
    const large = { ...example, ...LARGE_ORG };
    const largePath = path.join(dir, 'large.config.yaml');
    writeFileSync(largePath, stringify(large));
    // Untimed: the first run fills the compile and disk caches that every later synth on a workstation enjoys.
    synth('warm-up', EXAMPLE_CONFIG_PATH, example, dir);
    return [synth('example', EXAMPLE_CONFIG_PATH, example, dir), synth('large', largePath, large, dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function synth(name: string, configPath: string, config: Record<string, unknown>, dir: string): SynthReport {
  const started = performance.now();
  try {
    execFileSync(
      'npx',
      ['cdk', 'synth', '--quiet', '-c', `config=${configPath}`, '-o', path.join(dir, `cdk.out.${name}`)],
      { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' },
    );
  } catch (e) {
    throw new Error(
      `cdk synth of the ${name} config failed: ${String((e as { stderr?: string }).stderr ?? e).slice(-800)}`,
      { cause: e },
    );
  }
  return {
    config: name,
    regions: (config.governedRegions as string[]).length,
    ous: (config.targetOus as string[]).length,
    seconds: round((performance.now() - started) / 1000, 1),
    builtinValidation: true,
  };
}
