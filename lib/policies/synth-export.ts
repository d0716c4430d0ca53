import * as path from 'node:path';
import { EXAMPLE_CONFIG_PATH, loadConfig } from '../config';
import { exportPolicies } from './export';
import { generatePolicies } from './index';

/** The one documented way to give `npm run synth` a config. */
export const SYNTH_CONFIG_HINT =
  'pass a config as an environment variable: TAGWARDEN_CONFIG=path/to/config.yaml npm run synth';

/** Refuses arguments to `npm run synth` before anything runs; npm would hand them to a step they were not meant for. */
export function checkSynthArgs(args: string[]): string | undefined {
  if (args.length === 0) return undefined;
  return `npm run synth takes no arguments (got ${args.map((a) => JSON.stringify(a)).join(' ')}): ${SYNTH_CONFIG_HINT}`;
}

/**
 * The policies step of `npm run synth`. The committed `policies/` always hold the example config's documents, so
 * they are refreshed only when synth runs on the example; with an org's own config they are left alone, and the
 * returned note says how to write that org's documents elsewhere.
 */
export function refreshCommittedPolicies(
  env: NodeJS.ProcessEnv,
  policiesDir: string,
): { wrote: boolean; message: string } {
  const configured = env.TAGWARDEN_CONFIG;
  if (configured && path.resolve(configured) !== path.resolve(EXAMPLE_CONFIG_PATH)) {
    return {
      wrote: false,
      message:
        `policies/ keeps the example's documents (synth used ${configured}); write this config's documents with ` +
        `npx tagwarden policies export --config ${configured} --out <dir>`,
    };
  }
  const policies = generatePolicies(loadConfig(EXAMPLE_CONFIG_PATH));
  exportPolicies(policies, policiesDir);
  return { wrote: true, message: `refreshed ${policies.length} example document(s) in policies/` };
}
