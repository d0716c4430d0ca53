import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { coverageMarkdown } from '../../lambda/core/registry/coverage';

/** The README block between these markers is generated from the registry: `npm run docs` rewrites it. */
export const START = '<!-- supported-resources:start -->';
export const END = '<!-- supported-resources:end -->';
export const README = path.join(__dirname, '..', '..', 'README.md');

export function readmeWithCoverage(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} block for the supported resources`);
  return `${readme.slice(0, start + START.length)}\n${coverageMarkdown()}\n${readme.slice(end)}`;
}

if (require.main === module) {
  writeFileSync(README, readmeWithCoverage(readFileSync(README, 'utf8')));
}
