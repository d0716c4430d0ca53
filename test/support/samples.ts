import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Real CloudTrail events from public sources, copied into the repository; SOURCES.tsv there gives each one's origin. */
export const SAMPLES_DIR = path.resolve(__dirname, '..', 'fixtures', 'cloudtrail');

export interface Sample {
  /** File name relative to SAMPLES_DIR, e.g. `s3.CreateBucket.1.json` or `lenient/sts.AssumeRole.1.json`. */
  file: string;
  event: unknown;
}

/** Every single-event sample: the top-level files and lenient/ (records-wrapped/ holds whole log files). */
export function loadSamples(filter: (file: string) => boolean = () => true): Sample[] {
  const files = [
    ...readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.json')),
    ...readdirSync(path.join(SAMPLES_DIR, 'lenient'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => `lenient/${f}`),
  ];
  return files.filter(filter).map((file) => ({ file, event: loadSample(file) }));
}

export function loadSample(file: string): unknown {
  return JSON.parse(readFileSync(path.join(SAMPLES_DIR, file), 'utf8'));
}

/** The CloudTrail log files (`{"Records": [...]}`) in records-wrapped/. */
export function loadLogFiles(): Sample[] {
  const dir = path.join(SAMPLES_DIR, 'records-wrapped');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: `records-wrapped/${f}`, event: loadSample(`records-wrapped/${f}`) }));
}
