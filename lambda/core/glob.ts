import { LRUCache } from 'lru-cache';

/** IAM wildcards: `*` matches any run of characters, `?` exactly one. */
export function globToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

/*
 * The same few globs (the propagation settings, a role's trust-policy actions) are matched on every event, so each
 * is compiled once. The expressions have no g or y flag, so sharing one is safe. The cache is bounded: trust policies
 * come from member accounts, and must not grow it without limit.
 */
const compiled = new LRUCache<string, RegExp>({ max: 512 });

export function globMatches(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let regexp = compiled.get(key);
  if (regexp === undefined) {
    regexp = globToRegExp(pattern, caseInsensitive);
    compiled.set(key, regexp);
  }
  return regexp.test(value);
}

export function hasWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}
