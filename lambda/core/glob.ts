/** IAM wildcards: `*` matches any run of characters, `?` exactly one. */
export function globToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

export function globMatches(pattern: string, value: string, caseInsensitive: boolean): boolean {
  return globToRegExp(pattern, caseInsensitive).test(value);
}

export function hasWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}
