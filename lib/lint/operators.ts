/**
 * IAM condition operators: canonical names, set prefixes and the IfExists suffix, parsed case-insensitively so that
 * `forallvalues:stringnotequals` and `ForAllValues:StringNotEquals` reach the rules as the same thing.
 */

const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

const BY_LOWER = new Map<string, string>(BASE_OPERATORS.map((op) => [op.toLowerCase(), op]));

/** Operators that are true when the key is absent from the request. */
const NEGATED = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
  'ArnNotEquals',
  'ArnNotLike',
]);

/** Operators that compare strings with letter case mattering. */
export const CASE_SENSITIVE_STRING_OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringNotLike',
]);

export interface ParsedOperator {
  base: string;
  set?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
  negated: boolean;
}

/** Parses an operator such as `ForAnyValue:StringLikeIfExists`; undefined when it is not an IAM operator. */
export function parseOperator(raw: string): ParsedOperator | undefined {
  let rest = raw.trim();
  let set: ParsedOperator['set'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') set = 'ForAllValues';
    else if (prefix === 'foranyvalue') set = 'ForAnyValue';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists') && rest.length > 'ifexists'.length) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = BY_LOWER.get(rest.toLowerCase());
  if (!base || (ifExists && base === 'Null')) return undefined;
  return { base, set, ifExists, negated: NEGATED.has(base) };
}

/** Operators whose values are `*`/`?` patterns. */
export function isLikeOperator(base: string): boolean {
  return base === 'StringLike' || base === 'StringNotLike' || base === 'ArnLike' || base === 'ArnNotLike';
}

/**
 * How a condition evaluates when its key is absent: ForAllValues is vacuously true, ForAnyValue false, ...IfExists
 * true, and otherwise negated operators are true and positive ones false.
 */
export function matchesWhenMissing(op: ParsedOperator): boolean {
  if (op.base === 'Null') return false;
  if (op.ifExists || op.set === 'ForAllValues') return true;
  if (op.set === 'ForAnyValue') return false;
  return op.negated;
}
