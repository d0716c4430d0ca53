import { finding, LintRule } from '../context';
import { Finding } from '../types';

/*
 * A negated operator is true when its key is missing. In a Deny that is usually the point (deny callers without
 * the tag, or outside the org), so only Allow statements are checked: there it silently widens the grant to
 * untagged resources and principals.
 */

/**
 * Global keys AWS puts in every request context (IAM User Guide, "AWS global condition context keys"); the
 * data package does not record presence, so this short list is kept here.
 */
const ALWAYS_PRESENT = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:userid',
  'aws:currenttime',
  'aws:epochtime',
  'aws:securetransport',
  'aws:requestedregion',
  'aws:principalisawsservice',
  'aws:viaawsservice',
]);

export const negatedMissingKey: LintRule = {
  id: 'negated-missing-key',
  severity: 'warning',
  summary:
    'An Allow uses a negated operator on a key that may be missing, which is then true: untagged resources or principals match.',
  check(ctx) {
    const out: Finding[] = [];
    for (const stmt of ctx.policy.statements) {
      if (stmt.effect !== 'Allow') continue;
      for (const c of stmt.conditions) {
        if (!c.negated || c.set || c.ifExists || ALWAYS_PRESENT.has(c.keyLower)) continue;
        const nullChecked = stmt.conditions.some(
          (o) => o.base === 'Null' && o.keyLower === c.keyLower && o.values.every((v) => v.toLowerCase() === 'false'),
        );
        if (nullChecked) continue;
        out.push(
          finding(
            this,
            stmt,
            `${c.operator} on ${c.key} is true when the request has no ${c.key} (an untagged resource or principal, a request without the key), so this Allow also matches those`,
            `add "Null": {"${c.key}": "false"} to require the key, or write ${c.base}IfExists to state that a missing key should match`,
          ),
        );
      }
    }
    return out;
  },
};
