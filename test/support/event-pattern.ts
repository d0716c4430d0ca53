/*
 * A small EventBridge pattern matcher for the pattern features tagwarden generates: exact string values, `exists`
 * and `$or`. It throws on anything else, so a generator that starts using another feature is noticed here.
 */

type Json = unknown;

export function matches(pattern: Record<string, Json>, event: Json): boolean {
  if (!isRecord(event)) return false;
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') {
      if (!Array.isArray(rule)) throw new Error('$or must be an array of patterns');
      return rule.some((alternative) => matches(alternative as Record<string, Json>, event));
    }
    if (Array.isArray(rule)) return rule.some((item) => matchesValue(item, key in event, event[key]));
    if (isRecord(rule)) return matches(rule, event[key]);
    throw new Error(`pattern field ${key} must be an array or an object`);
  });
}

function matchesValue(item: Json, present: boolean, value: Json): boolean {
  if (typeof item === 'string') return Array.isArray(value) ? value.includes(item) : value === item;
  if (isRecord(item) && Object.keys(item).length === 1 && typeof item.exists === 'boolean') return item.exists === (present && value !== undefined);
  throw new Error(`unsupported pattern value ${JSON.stringify(item)}`);
}

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
