import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { boundedMessage, excerpt } from '../excerpt';
import { PACKAGE_ROOT } from '../package-root';
import { keysAt, nearestKey } from './keys';
import { configSchema, TagwardenConfig } from './schema';

/** The example config at the package root: the repository's own, which `npm run synth` and the tests use. */
export const EXAMPLE_CONFIG_PATH = path.join(PACKAGE_ROOT, 'tagwarden.config.yaml');

/** The file a config file name in the working directory must have to be found without --config. */
export const LOCAL_CONFIG_FILE = 'tagwarden.config.yaml';

/**
 * The config file to use: the --config flag, else $TAGWARDEN_CONFIG, else ./tagwarden.config.yaml when it exists.
 * Never the example: a command that acts on an organization must not run on placeholder ids by accident.
 */
export function resolveConfigPath(flag?: string): string | undefined {
  if (flag) return flag;
  if (process.env.TAGWARDEN_CONFIG) return process.env.TAGWARDEN_CONFIG;
  const local = path.resolve(LOCAL_CONFIG_FILE);
  return existsSync(local) ? `./${LOCAL_CONFIG_FILE}` : undefined;
}

/** Why a command found no config, and the three ways to give one. */
export const NO_CONFIG_HELP =
  'pass --config PATH, set TAGWARDEN_CONFIG=PATH, or run it in a folder holding tagwarden.config.yaml ' +
  '(start from the example config in the tagwarden repository)';

/** One problem in a config: the field, what was received, and what is expected. */
export interface ConfigProblem {
  field: string;
  received: unknown;
  message: string;
}

/** A config that cannot be used. `problems` lists every problem found, not only the first. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `Invalid tagwarden config (${source}), ${problems.length} problem(s):\n` +
        problems
          .map(
            (p) =>
              `  - ${p.field}: ${p.message} (received: ${p.received === undefined ? 'nothing' : excerpt(p.received)})`,
          )
          .join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Validates a parsed config object. Throws ConfigError naming every bad field. */
export function parseConfig(raw: unknown, source = 'config'): TagwardenConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownKey(raw, issue.path, key));
    return [{ field: fieldName(issue.path), received: valueAt(raw, issue.path), message: issue.message }];
  });
  throw new ConfigError(source, problems);
}

/** Reads and validates a YAML or JSON config file (by default the one resolveConfigPath finds). */
export function loadConfig(file: string | undefined = resolveConfigPath()): TagwardenConfig {
  if (file === undefined)
    throw new ConfigError('no config file', [
      { field: '(file)', received: undefined, message: `no config was given: ${NO_CONFIG_HELP}` },
    ]);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [
      {
        field: '(file)',
        received: file,
        message: `cannot be read (${(e as Error).message}); pass --config PATH or set TAGWARDEN_CONFIG`,
      },
    ]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new ConfigError(file, [
      {
        field: '(file)',
        received: file,
        message: `is not valid YAML or JSON: ${boundedMessage((e as Error).message)}`,
      },
    ]);
  }
  return parseConfig(raw, file);
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : '(top level)';
}

/** An unknown key at any depth: refused (a typo would silently keep a default), with the nearest valid key. */
function unknownKey(raw: unknown, path: readonly PropertyKey[], key: string): ConfigProblem {
  const valid = keysAt(configSchema, path);
  const nearest = nearestKey(key, valid);
  const hint = nearest ? `did you mean "${nearest}"? ` : '';
  return {
    field: fieldName([...path, key]),
    received: valueAt(raw, [...path, key]),
    message: `is not a config key here: ${hint}Valid keys ${path.length ? `in ${fieldName(path)}` : 'at the top level'}: ${valid.join(', ')}`,
  };
}

function valueAt(raw: unknown, keys: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of keys) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
