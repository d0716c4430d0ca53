import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The folder of tagwarden's package.json, found by walking up from this file: the same answer from the sources
 * (`lib/`) and from the compiled CLI (`dist/lib/`), in a checkout or in an installed package.
 */
function findRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'tagwarden')
      return dir;
  }
  throw new Error(`tagwarden's package.json was not found above ${__dirname}`);
}

export const PACKAGE_ROOT = findRoot();

export const PACKAGE_VERSION = (
  JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
