import { finding, LintRule } from '../context';
import { Finding } from '../types';

/*
 * Conditions in one statement are ANDed. A Deny with two negated conditions fires only when both mismatch; when
 * each is meant as its own requirement (be the tagger role; be in our org) it needs one statement each (OR).
 * An intended exemption ("deny unless A or B") has the same shape, hence a warning.
 */
export const denyAndOfNegations: LintRule = {
  id: 'deny-and-of-negations',
  severity: 'warning',
  summary: 'One Deny ANDs negated conditions on different keys: a request that fails only one of them is not denied.',
  check(ctx) {
    const out: Finding[] = [];
    for (const stmt of ctx.policy.statements) {
      if (stmt.effect !== 'Deny') continue;
      const negated = stmt.conditions.filter((c) => c.negated && !c.set);
      const keys = [...new Map(negated.map((c) => [c.keyLower, c])).values()];
      if (keys.length < 2) continue;
      const names = keys.map((c) => `${c.operator} ${c.key}`);
      out.push(
        finding(
          this,
          stmt,
          `conditions in one statement are ANDed: this Deny fires only when ${names.join(' AND ')} all hold, so a request that fails just one requirement is not denied`,
          'if each condition is a separate requirement, split them into one Deny statement per negated condition, each keeping the shared conditions',
        ),
      );
    }
    return out;
  },
};
