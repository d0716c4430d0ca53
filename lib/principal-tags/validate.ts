import {
  isAccountId,
  MAX_TAG_KEY_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  nonTagCharacters,
  TAG_CHARACTERS_TEXT,
  tagKeyProblem,
} from '../../lambda/core/aws-syntax';
import { CliError, EXIT } from '../common/cli-error';
import { excerpt } from '../excerpt';

/** Exit code for arguments that fail validation: nothing was called, nothing changed. */
export const BAD_ARGUMENT_EXIT = EXIT.usage;

export type PrincipalType = 'role' | 'user';

export interface Principal {
  type: PrincipalType;
  name: string;
}

export interface TagAssignment {
  key: string;
  value: string;
}

/** One tag as it is before and after a grant or revoke; null means "not set". */
export interface TagChange {
  key: string;
  before: string | null;
  after: string | null;
}

/** IAM role and user names: 1-64 characters of letters, digits and + = , . @ _ -. */
const PRINCIPAL_NAME = /^[\w+=,.@-]{1,64}$/;

function bad(message: string): CliError {
  return new CliError(message, BAD_ARGUMENT_EXIT);
}

export function validateAccountId(value: string | undefined): string {
  if (!isAccountId(value))
    throw bad(
      `--account ${excerpt(value ?? '')} is not an AWS account id: give the 12 digits, e.g. --account 123456789012`,
    );
  return value;
}

/** Exactly one of --role and --user, with a valid IAM name (no path: IAM's tag APIs take the bare name). */
export function validatePrincipal(options: { role?: string; user?: string }): Principal {
  if (options.role !== undefined && options.user !== undefined) throw bad('give either --role or --user, not both');
  const type: PrincipalType | undefined =
    options.role !== undefined ? 'role' : options.user !== undefined ? 'user' : undefined;
  if (!type) throw bad('name the principal with --role NAME or --user NAME');
  const name = (options.role ?? options.user)!;
  if (!PRINCIPAL_NAME.test(name)) {
    throw bad(
      `--${type} ${excerpt(name)} is not an IAM ${type} name: 1-64 letters, digits or + = , . @ _ - (give the name, not the ARN or path)`,
    );
  }
  return { type, name };
}

/** Checks a tag key against IAM's rules and the protected prefix, which is compared ignoring case as IAM does. */
export function validateProtectedKey(key: string, prefix: string): string {
  if (tagKeyProblem(key)) {
    throw bad(`tag key ${excerpt(key)} is not a valid IAM tag key: 1-${MAX_TAG_KEY_LENGTH} ${TAG_CHARACTERS_TEXT}`);
  }
  if (!key.toLowerCase().startsWith(prefix.toLowerCase()) || key.length === prefix.length) {
    throw bad(
      `tag key ${excerpt(key)} is outside the protected prefix "${prefix}": tagwarden only grants ${prefix}* keys, e.g. ${prefix}team`,
    );
  }
  return key;
}

export function validateTagValue(key: string, value: string): string {
  const length = [...value].length;
  if (length > MAX_TAG_VALUE_LENGTH)
    throw bad(`value of ${key} is ${length} characters long: IAM tag values hold at most ${MAX_TAG_VALUE_LENGTH}`);
  const offending = nonTagCharacters(value);
  if (offending.length > 0) {
    throw bad(
      `value of ${key} contains ${offending.map((c) => JSON.stringify(c)).join(', ')}: IAM tag values allow ${TAG_CHARACTERS_TEXT} only`,
    );
  }
  return value;
}

/** Parses `--tag KEY=VALUE` (the first "=" separates them; the value may be empty). */
export function parseTagAssignment(arg: string, prefix: string): TagAssignment {
  const at = arg.indexOf('=');
  if (at < 0) throw bad(`--tag ${excerpt(arg)} has no value: write --tag KEY=VALUE, e.g. --tag ${prefix}team=platform`);
  const key = validateProtectedKey(arg.slice(0, at), prefix);
  return { key, value: validateTagValue(key, arg.slice(at + 1)) };
}

/** Parses `--tag KEY` for revoke. */
export function parseTagKey(arg: string, prefix: string): string {
  if (arg.includes('='))
    throw bad(`--tag ${excerpt(arg)}: revoke takes the key only, e.g. --tag ${arg.slice(0, arg.indexOf('='))}`);
  return validateProtectedKey(arg, prefix);
}

/**
 * IAM treats keys that differ only in case as one key. A request must name an existing key with its exact casing,
 * so that the admin sees which tag changes; two requested keys may not differ only in case either.
 */
export function checkKeyCasing(requested: string[], existing: string[], principal: Principal): void {
  requested.forEach((key, i) => {
    const twin = requested.find((other, j) => j < i && other.toLowerCase() === key.toLowerCase());
    if (twin !== undefined)
      throw bad(
        `tags ${JSON.stringify(twin)} and ${JSON.stringify(key)} are the same IAM key (keys ignore case): give it once`,
      );
    const clash = existing.find((e) => e !== key && e.toLowerCase() === key.toLowerCase());
    if (clash !== undefined) {
      throw bad(
        `${principal.type} ${principal.name} already has tag ${JSON.stringify(clash)}, which IAM treats as the same key as ${JSON.stringify(key)}: ` +
          `spell it ${JSON.stringify(clash)} to change or revoke it`,
      );
    }
  });
}

/** The changes a grant makes: every requested key whose value differs from the current one. */
export function grantChanges(current: Map<string, string>, requested: TagAssignment[]): TagChange[] {
  return requested
    .map((t) => ({ key: t.key, before: current.get(t.key) ?? null, after: t.value }))
    .filter((c) => c.before !== c.after);
}

/** The changes a revoke makes: every requested key that is set. */
export function revokeChanges(current: Map<string, string>, keys: string[]): TagChange[] {
  return keys.filter((k) => current.has(k)).map((k) => ({ key: k, before: current.get(k)!, after: null }));
}
