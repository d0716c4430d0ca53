import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GeneratedPolicy, policyFileName, policyFileText } from './index';

/** File names tagwarden writes; anything else in the directory is left alone. */
const OWN_FILE = /^tagwarden-[a-z0-9-]+\.json$/;

/**
 * Writes each document to `outDir` and removes tagwarden documents the config no longer produces, so the
 * directory always equals the generator output.
 */
export function exportPolicies(policies: GeneratedPolicy[], outDir: string): { written: string[]; removed: string[] } {
  mkdirSync(outDir, { recursive: true });
  const wanted = new Set(policies.map(policyFileName));
  const removed = readdirSync(outDir).filter((f) => OWN_FILE.test(f) && !wanted.has(f));
  for (const f of removed) rmSync(path.join(outDir, f));
  for (const p of policies) writeFileSync(path.join(outDir, policyFileName(p)), policyFileText(p));
  return { written: [...wanted], removed };
}
