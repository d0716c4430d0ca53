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
 * is compiled once. The expressions have no g or y flag, so sharing one is safe. The cache is emptied when full:
 * trust policies come from member accounts, and must not grow it without bound.
 */
const compiledInsensitive = new Map<string, RegExp>();
const compiledSensitive = new Map<string, RegExp>();
const MAX_COMPILED = 512;

export function globMatches(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const compiled = caseInsensitive ? compiledInsensitive : compiledSensitive;
  let regexp = compiled.get(pattern);
  if (regexp === undefined) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    regexp = globToRegExp(pattern, caseInsensitive);
    compiled.set(pattern, regexp);
  }
  return regexp.test(value);
}

export function hasWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}
