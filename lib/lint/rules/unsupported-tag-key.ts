import { actionSupportsKey, keyFamily } from '../catalog';
import { affectedActions, finding, LintRule, listed } from '../context';
import { matchesWhenMissing } from '../operators';
import { PASSROLE_ACTION } from '../quirks';
import { Finding } from '../types';

/*
 * A tag condition key that an action's request context never carries makes the condition constant: a positive
 * operator never matches, a negated one always does. Which action carries which key comes from the AWS data
 * (for example Route 53 record changes carry no aws:ResourceTag). S3 and iam:PassRole have rules of their own.
 */

const TAG_FAMILY = /(resourcetag\/|requesttag\/|:tagkeys)$/;

function consequence(effect: 'Allow' | 'Deny', trueWhenMissing: boolean): string {
  if (effect === 'Allow')
    return trueWhenMissing ? 'always matches and limits nothing' : 'never matches, so the permission never applies';
  return trueWhenMissing
    ? 'always matches, so the Deny applies to every request'
    : 'never matches, so the Deny never fires';
}

export const tagKeyUnsupported: LintRule = {
  id: 'tag-key-unsupported',
  severity: 'error',
  summary:
    'A tag condition key (aws:ResourceTag, aws:RequestTag, aws:TagKeys...) on actions whose requests never carry it, per the AWS data.',
  check(ctx) {
    const out: Finding[] = [];
    for (const stmt of ctx.policy.statements) {
      for (const c of stmt.conditions) {
        if (!TAG_FAMILY.test(keyFamily(c.key)) || c.base === 'Null') continue;
        const actions = affectedActions(
          ctx,
          stmt,
          (a) => a.service !== 's3' && a.id !== PASSROLE_ACTION && !actionSupportsKey(a, c.key),
        );
        if (actions.length === 0) continue;
        out.push(
          finding(
            this,
            stmt,
            `${c.key} is never in the request context of ${listed(actions)}, so this ${c.operator} condition ${consequence(stmt.effect, matchesWhenMissing(c))}`,
            `use a condition key these actions support (Service Authorization Reference), or move the actions to a statement without ${c.key}`,
          ),
        );
      }
    }
    return out;
  },
};
