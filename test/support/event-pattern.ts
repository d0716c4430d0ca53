/*
 * A small EventBridge pattern matcher for the pattern features tagwarden generates: exact strings, `prefix`,
 * `exists`, `anything-but` (a string, a list of strings, or a prefix) and `$or`. It throws on anything else, so a
 * generator that starts using another feature is noticed here.
 *
 * It follows EventBridge's semantics (EventBridge user guide, "Comparison operators for use in event patterns" and
 * "Arrays in Amazon EventBridge event patterns"):
 * - a pattern path is matched against the leaf values found at that path of the event. Arrays are flattened at
 *   every level, so `tags.key` of `tags: [{key: "a"}, {key: "b"}]` holds the leaves "a" and "b";
 * - comparison operators, `exists` included, only see leaves: an object or a list of objects at the path is not a
 *   value, so `exists: true` on it never matches and `exists: false` on it always does;
 * - a value list matches when any of its values matches any leaf; `anything-but` needs a leaf to be present.
 */

type Json = unknown;
type Leaf = string | number | boolean | null;

export function matches(pattern: Record<string, Json>, event: Json): boolean {
  return matchesAt(pattern, [event]);
}

/** `nodes` are the event nodes at the pattern's level (several once an array was crossed). */
function matchesAt(pattern: Record<string, Json>, nodes: Json[]): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') {
      if (!Array.isArray(rule) || rule.length < 2) throw new Error('$or must be an array of at least two patterns');
      return rule.some((alternative) => matchesAt(alternative as Record<string, Json>, nodes));
    }
    const children = nodes.flatMap((n) => (isRecord(n) && key in n ? flatten(n[key]) : []));
    if (Array.isArray(rule)) {
      const leaves = children.filter(isLeaf);
      return rule.some((item) => matchesValue(item, leaves));
    }
    if (isRecord(rule)) return matchesAt(rule, children.filter(isRecord));
    throw new Error(`pattern field ${key} must be an array or an object`);
  });
}

function matchesValue(item: Json, leaves: Leaf[]): boolean {
  if (isLeaf(item)) return leaves.includes(item);
  if (!isRecord(item) || Object.keys(item).length !== 1) {
    throw new Error(`unsupported pattern value ${JSON.stringify(item)}`);
  }
  const [[op, arg]] = Object.entries(item);
  switch (op) {
    case 'exists':
      if (typeof arg !== 'boolean') throw new Error('exists takes true or false');
      return arg === leaves.length > 0;
    case 'prefix':
      if (typeof arg !== 'string') throw new Error('prefix takes a string');
      return leaves.some((v) => typeof v === 'string' && v.startsWith(arg));
    case 'anything-but':
      return leaves.some((v) => !excluded(arg, v));
    default:
      throw new Error(`unsupported pattern operator ${op}`);
  }
}

function excluded(arg: Json, value: Leaf): boolean {
  if (typeof arg === 'string') return value === arg;
  if (Array.isArray(arg) && arg.every((a) => typeof a === 'string')) return arg.includes(value as string);
  if (isRecord(arg) && typeof arg.prefix === 'string' && Object.keys(arg).length === 1) {
    return typeof value === 'string' && value.startsWith(arg.prefix);
  }
  throw new Error(`unsupported anything-but ${JSON.stringify(arg)}`);
}

/** A value with every array, at any depth of nesting, spread into its elements. */
function flatten(value: Json): Json[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

function isLeaf(v: Json): v is Leaf {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
