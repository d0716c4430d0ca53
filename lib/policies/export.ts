import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { GeneratedPolicy, policyFileName, policyFileText } from './index';

/**
 * The file beside the documents that lists the files the last export wrote. It is the only record of what
 * tagwarden owns in the directory (nothing is written inside the documents: every character counts against their
 * limit), and its extension keeps it out of `*.json` globs over the documents.
 */
export const EXPORT_MANIFEST = 'tagwarden-export.manifest';

const MANIFEST_VERSION = 1;

const manifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  files: z.array(z.string().regex(/^[A-Za-z0-9._-]+\.json$/)),
});

/** A directory the export cannot write without touching a file it does not own; nothing was written. */
export class ExportRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportRefused';
  }
}

/** The files the last export wrote, or none when the directory has no manifest. */
function ownedFiles(outDir: string): string[] {
  const file = path.join(outDir, EXPORT_MANIFEST);
  if (!existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ExportRefused(
      `${file} is not valid JSON (${(e as Error).message}): restore it from version control, ` +
        'or delete it and remove old tagwarden documents by hand',
    );
  }
  const manifest = manifestSchema.safeParse(parsed);
  if (!manifest.success) {
    throw new ExportRefused(
      `${file} is not a tagwarden export manifest (expected {"version":${MANIFEST_VERSION},"files":["name.json",...]}): ` +
        'restore it, or delete it and remove old tagwarden documents by hand',
    );
  }
  return manifest.data.files;
}

/**
 * Writes each document to `outDir` and removes the documents the previous export wrote that the config no longer
 * produces: only files listed in the manifest are ever removed or overwritten. Refuses, before writing anything,
 * when a document would overwrite a file the manifest does not list.
 */
export function exportPolicies(policies: GeneratedPolicy[], outDir: string): { written: string[]; removed: string[] } {
  const owned = existsSync(outDir) ? ownedFiles(outDir) : [];
  const wanted = policies.map(policyFileName);
  const foreign = wanted.filter((f) => !owned.includes(f) && existsSync(path.join(outDir, f)));
  if (foreign.length) {
    const [verb, it] = foreign.length === 1 ? ['exists', 'it'] : ['exist', 'them'];
    throw new ExportRefused(
      `${foreign.join(', ')} already ${verb} in ${outDir} and ${foreign.length === 1 ? 'was' : 'were'} ` +
        'not written by tagwarden ' +
        `(not in ${EXPORT_MANIFEST}): move ${it} away or choose another --out`,
    );
  }
  mkdirSync(outDir, { recursive: true });
  const removed = owned.filter((f) => !wanted.includes(f) && existsSync(path.join(outDir, f)));
  for (const f of removed) rmSync(path.join(outDir, f));
  for (const p of policies) writeFileSync(path.join(outDir, policyFileName(p)), policyFileText(p));
  writeFileSync(
    path.join(outDir, EXPORT_MANIFEST),
    `${JSON.stringify({ version: MANIFEST_VERSION, files: wanted }, null, 2)}\n`,
  );
  return { written: wanted, removed };
}
