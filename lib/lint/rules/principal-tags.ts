import { isTaggingAction } from '../catalog';
import { actionsOf, finding, LintRule, listed, RuleContext } from '../context';
import { guardsTagKey, principalTagKeys, tagsPrincipals } from '../tags';
import { Finding, PolicyStatement } from '../types';

/*
 * aws:PrincipalTag/K is only as trustworthy as the control over who sets K on principals and sessions. A key under
 * the protected prefix is guarded by the tagwarden SCP/RCP; any other key needs a guard in the same policy.
 */

/** Where each principal tag key is first read, by lower-cased key. */
function principalTagUses(ctx: RuleContext): Map<string, { key: string; stmt: PolicyStatement }> {
  const uses = new Map<string, { key: string; stmt: PolicyStatement }>();
  for (const stmt of ctx.policy.statements) {
    for (const key of principalTagKeys(stmt))
      if (!uses.has(key.toLowerCase())) uses.set(key.toLowerCase(), { key, stmt });
  }
  return uses;
}

/** A statement of the policy that stops principals (other than the exempted) from setting `key`. */
function guardedInPolicy(ctx: RuleContext, key: string): boolean {
  return ctx.policy.statements.some((s) => actionsOf(ctx, s).some(tagsPrincipals) && guardsTagKey(s, key));
}

export const principalTagUnguarded: LintRule = {
  id: 'principal-tag-unguarded',
  severity: 'error',
  summary:
    'aws:PrincipalTag/K decides access, but K is outside the protected prefix and no statement guards it (error in SCPs/RCPs, warning elsewhere).',
  check(ctx) {
    const out: Finding[] = [];
    const prefix = ctx.protectedPrefix.toLowerCase();
    for (const { key, stmt } of principalTagUses(ctx).values()) {
      if (key.toLowerCase().startsWith(prefix) || guardedInPolicy(ctx, key)) continue;
      out.push(
        finding(
          this,
          stmt,
          `decides on aws:PrincipalTag/${key}, but principals who can tag themselves or pass session tags can set ${key}: it is outside the protected prefix "${ctx.protectedPrefix}" and no statement guards it`,
          `rename the tag to start with "${ctx.protectedPrefix}" (guarded by the tagwarden SCP/RCP), or deny iam:TagRole, iam:TagUser, iam:UntagRole, iam:UntagUser and sts:TagSession on "${key}" for everyone but the tagger role`,
          ctx.type === 'scp' || ctx.type === 'rcp' ? 'error' : 'warning',
        ),
      );
    }
    return out;
  },
};

export const principalSelfTagging: LintRule = {
  id: 'principal-tag-self-tagging',
  severity: 'error',
  summary:
    'The policy reads aws:PrincipalTag/K and also allows tagging IAM users/roles without an aws:TagKeys guard on K.',
  check(ctx) {
    const out: Finding[] = [];
    const uses = principalTagUses(ctx);
    if (uses.size === 0 || ctx.type === 'scp' || ctx.type === 'rcp') return out;
    for (const stmt of ctx.policy.statements) {
      if (stmt.effect !== 'Allow') continue;
      const tagging = actionsOf(ctx, stmt).filter(
        (a) => a.service === 'iam' && isTaggingAction(a) && tagsPrincipals(a),
      );
      if (tagging.length === 0) continue;
      for (const { key, stmt: where } of uses.values()) {
        if (guardsTagKey(stmt, key) || guardedInPolicy(ctx, key)) continue;
        out.push(
          finding(
            this,
            stmt,
            `allows ${listed(tagging.map((a) => a.id))} with nothing keeping "${key}" out, while ${where.label} decides on aws:PrincipalTag/${key}: principals can give themselves that tag`,
            `add "ForAllValues:StringNotEqualsIgnoreCase": {"aws:TagKeys": ["${key}"]} to this statement`,
          ),
        );
      }
    }
    return out;
  },
};
