import { isObject, describe } from '../cloudtrail';
import { Rejection } from '../rejection';
import { Tags } from '../resource';

/*
 * Typed readers for the request and response of an event. A field of the wrong shape is a Rejection that names
 * the field, so a rule that stops matching the real events fails loudly instead of tagging nothing.
 */

export function str(o: Record<string, unknown>, field: string, where: string): string {
  const v = o[field];
  if (typeof v !== 'string' || v.length === 0) throw new Rejection('incomplete', `${where}.${field} must be a non-empty string, received ${describe(v)}`, `${where}.${field}`);
  return v;
}

export function optStr(o: Record<string, unknown>, field: string): string | undefined {
  const v = o[field];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function obj(o: Record<string, unknown>, field: string, where: string): Record<string, unknown> {
  const v = o[field];
  if (!isObject(v)) throw new Rejection('incomplete', `${where}.${field} must be an object, received ${describe(v)}`, `${where}.${field}`);
  return v;
}

/** Tags given as a list of `{key, value}` or `{Key, Value}` items, or as a map. Anything else yields no tags. */
export function tagsFrom(v: unknown): Tags {
  const tags: Tags = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      if (!isObject(item)) continue;
      const key = item.key ?? item.Key;
      const value = item.value ?? item.Value ?? '';
      if (typeof key === 'string' && typeof value === 'string') tags[key] = value;
    }
  } else if (isObject(v)) {
    for (const [key, value] of Object.entries(v)) if (typeof value === 'string') tags[key] = value;
  }
  return tags;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
