import { finding, LintRule } from '../context';
import { Finding } from '../types';

/*
 * Set operators: ForAllValues is true when the request has no values for the key at all, and a multi-valued key
 * (aws:TagKeys) needs ForAnyValue/ForAllValues to say whether one value or all values must match.
 */

export const forAllValuesVacuous: LintRule = {
  id: 'for-all-values-vacuous',
  severity: 'error',
  summary:
    'An Allow uses ForAllValues with a positive operator, which is also true when the key is missing (error on single-valued keys, warning on aws:TagKeys without a Null check).',
  check(ctx) {
    const out: Finding[] = [];
    for (const stmt of ctx.policy.statements) {
      if (stmt.effect !== 'Allow') continue;
      for (const c of stmt.conditions) {
        if (c.set !== 'ForAllValues' || c.negated || c.base === 'Null') continue;
        if (!ctx.catalog.isMultiValued(c.key)) {
          if (ctx.catalog.keyType(c.key) === undefined) continue;
          out.push(
            finding(
              this,
              stmt,
              `${c.operator} on the single-valued key ${c.key} is true when ${c.key} is missing, so principals or resources without the tag are allowed too`,
              `drop the ForAllValues: prefix and use ${c.base} (add "Null": {"${c.key}": "false"} if the tag must be present)`,
            ),
          );
          continue;
        }
        const required = stmt.conditions.some(
          (o) =>
            o.keyLower === c.keyLower &&
            ((o.base === 'Null' && o.values.every((v) => v.toLowerCase() === 'false')) ||
              (o.set === 'ForAnyValue' && !o.negated)),
        );
        if (required) continue;
        out.push(
          finding(
            this,
            stmt,
            `${c.operator} on ${c.key} is also true when the request carries no ${c.key} at all, so this Allow matches requests without any tag`,
            `if a tag is required, add "Null": {"${c.key}": "false"} or a ForAnyValue:${c.base} condition on ${c.key}`,
            'warning',
          ),
        );
      }
    }
    return out;
  },
};

export const denyForAllValuesNegated: LintRule = {
  id: 'deny-for-all-values-negated',
  severity: 'error',
  summary:
    'A Deny uses ForAllValues with a negated operator: a request mixing an allowed value with a forbidden one is not denied.',
  check(ctx) {
    const out: Finding[] = [];
    for (const stmt of ctx.policy.statements) {
      if (stmt.effect !== 'Deny') continue;
      for (const c of stmt.conditions) {
        if (c.set !== 'ForAllValues' || !c.negated || !ctx.catalog.isMultiValued(c.key)) continue;
        out.push(
          finding(
            this,
            stmt,
            `${c.operator} in a Deny fires only when none of the request's ${c.key} values match, so a request that adds one listed value next to a forbidden one is not denied`,
            `use "ForAnyValue:${c.base}" to deny when any value is outside the list`,
          ),
        );
      }
    }
    return out;
  },
};

export const multiValuedKeyWithoutSetOperator: LintRule = {
  id: 'multivalued-key-single-operator',
  severity: 'error',
  summary:
    'A single-valued operator (no ForAnyValue:/ForAllValues:) is used on a multi-valued key such as aws:TagKeys.',
  check(ctx) {
    const out: Finding[] = [];
    for (const stmt of ctx.policy.statements) {
      for (const c of stmt.conditions) {
        if (c.set || c.base === 'Null' || !ctx.catalog.isMultiValued(c.key)) continue;
        out.push(
          finding(
            this,
            stmt,
            `${c.operator} on ${c.key}, which holds a list of values (${ctx.catalog.keyType(c.key)}), without ForAnyValue: or ForAllValues: does not say whether one value or all of them must match`,
            `use "ForAnyValue:${c.base}" (any value matches) or "ForAllValues:${c.base}" (every value matches)`,
          ),
        );
      }
    }
    return out;
  },
};
