import { describe, isObject } from './cloudtrail';
import { Rejection } from './rejection';
import { Tags } from './resource';

/*
 * Session tag keys are case-insensitive in AWS (the casing is preserved). The functions here never produce two keys that
 * differ only in case: a later key replaces an earlier one and brings its own casing.
 */

/** `base` overlaid with `top`, case-insensitively: a key of `top` replaces any casing of it in `base`. */
export function overlayTags(base: Tags, top: Tags): Tags {
  const replaced = new Set(Object.keys(top).map((key) => key.toLowerCase()));
  // Object.fromEntries defines own properties, so even a key such as `__proto__` stays an ordinary tag.
  return Object.fromEntries([
    ...Object.entries(base).filter(([key]) => !replaced.has(key.toLowerCase())),
    ...Object.entries(top),
  ]);
}

/** The keys once each, ignoring case; the first casing seen is kept. */
export function uniqueKeys(keys: string[]): string[] {
  const seen = new Set<string>();
  return keys.filter((key) => {
    const folded = key.toLowerCase();
    if (seen.has(folded)) return false;
    seen.add(folded);
    return true;
  });
}

/** The tags whose keys are listed (in any casing) in `keys`. */
export function pickTags(tags: Tags, keys: string[]): Tags {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  return Object.fromEntries(Object.entries(tags).filter(([key]) => wanted.has(key.toLowerCase())));
}

/** A `[{key, value}]` list as CloudTrail logs `tags` (the API's `Key`/`Value` spelling is accepted too). */
export function tagsFromList(value: unknown, field: string): Tags {
  if (value === undefined || value === null) return {};
  if (!Array.isArray(value))
    throw new Rejection('malformed', `${field} must be a list of {key, value}, received ${describe(value)}`, field);
  // Array.from visits holes too (as undefined), where map would skip them.
  const entries = Array.from(value, (item, i): [string, string] => {
    const at = `${field}[${i}]`;
    if (!isObject(item))
      throw new Rejection('malformed', `${at} must be an object {key, value}, received ${describe(item)}`, at);
    return [tagKey(item.key ?? item.Key, `${at}.key`), tagValue(item.value ?? item.Value, `${at}.value`)];
  });
  return distinctTags(entries, field);
}

/** A `{key: value}` map as CloudTrail logs `principalTags` and `incomingTransitiveTags`. */
export function tagsFromMap(value: unknown, field: string): Tags {
  if (value === undefined || value === null) return {};
  if (!isObject(value))
    throw new Rejection('malformed', `${field} must be a map of tag key to value, received ${describe(value)}`, field);
  const entries = Object.entries(value).map(([key, v]): [string, string] => [
    tagKey(key, field),
    tagValue(v, `${field}.${key}`),
  ]);
  return distinctTags(entries, field);
}

/** A list of tag keys (`transitiveTagKeys`), each once, ignoring case. */
export function keyList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new Rejection('malformed', `${field} must be a list of tag keys, received ${describe(value)}`, field);
  return uniqueKeys(Array.from(value, (key, i) => tagKey(key, `${field}[${i}]`)));
}

function distinctTags(entries: [string, string][], field: string): Tags {
  const byFolded = new Map<string, string>();
  for (const [key] of entries) {
    const clash = byFolded.get(key.toLowerCase());
    if (clash !== undefined) {
      // STS refuses such a request, so an event that shows one is not a faithful record: refuse to guess which wins.
      throw new Rejection(
        'malformed',
        `${field} holds the keys ${describe(clash)} and ${describe(key)}, which differ only in case: tag keys are case-insensitive`,
        field,
      );
    }
    byFolded.set(key.toLowerCase(), key);
  }
  return Object.fromEntries(entries);
}

function tagKey(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new Rejection('malformed', `${field} must be a non-empty tag key, received ${describe(value)}`, field);
  return value;
}

function tagValue(value: unknown, field: string): string {
  if (typeof value !== 'string')
    throw new Rejection('malformed', `${field} must be a string tag value, received ${describe(value)}`, field);
  return value;
}
