import { ActionInfo, isTaggingAction } from '../catalog';
import { actionsOf, finding, LintRule, listed, RuleContext } from '../context';
import { guardsTagKey, removesTags, requestTagKeys, resourceTagKeys } from '../tags';
import { Finding, PolicyStatement } from '../types';

/*
 * The tag-on-create abuses of the ABAC source document: a tagging permission must check the tag on the resource
 * (aws:ResourceTag) AND the tag being written (aws:RequestTag), or forbid touching the access-controlling key.
 */

/** Only Allow statements of policies that grant (identity and resource policies) can hand out tagging. */
function grants(ctx: RuleContext, stmt: PolicyStatement): boolean {
  return stmt.effect === 'Allow' && (ctx.type === 'identity' || ctx.type === 'resource');
}

/** EC2's creation-only form, `ec2:CreateTags` scoped by `ec2:CreateAction`, cannot re-tag existing resources. */
function creationOnly(stmt: PolicyStatement, action: ActionInfo): boolean {
  return action.id === 'ec2:CreateTags' && stmt.conditions.some((c) => c.keyLower === 'ec2:createaction' && !c.negated);
}

/** Tagging actions that re-tag existing resources. STS session tags and S3 object tags have rules of their own. */
function retaggingActions(ctx: RuleContext, stmt: PolicyStatement): ActionInfo[] {
  return actionsOf(ctx, stmt).filter(
    (a) => isTaggingAction(a) && a.service !== 'sts' && a.service !== 's3' && !creationOnly(stmt, a),
  );
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export const requestTagWithoutResourceTag: LintRule = {
  id: 'tag-on-create-no-resource-tag',
  severity: 'error',
  summary:
    'A tagging permission checks aws:RequestTag/K but not aws:ResourceTag/K: existing resources can be re-tagged and taken over.',
  check(ctx) {
    const out: Finding[] = [];
    for (const stmt of ctx.policy.statements) {
      if (!grants(ctx, stmt)) continue;
      const setters = retaggingActions(ctx, stmt).filter((a) => !removesTags(a));
      if (setters.length === 0) continue;
      const onResource = resourceTagKeys(stmt);
      for (const key of requestTagKeys(stmt)) {
        if (onResource.some((k) => same(k, key))) continue;
        const ids = setters.map((a) => a.id);
        const ec2 = ids.includes('ec2:CreateTags')
          ? ' (for ec2:CreateTags on new resources only, add an ec2:CreateAction condition instead)'
          : '';
        out.push(
          finding(
            this,
            stmt,
            `allows ${listed(ids)} when aws:RequestTag/${key} matches but never checks aws:ResourceTag/${key}: the principal can re-tag existing resources it does not control with its own ${key} value and take them over`,
            `add "aws:ResourceTag/${key}" with the same value as "aws:RequestTag/${key}"${ec2}`,
          ),
        );
      }
    }
    return out;
  },
};

export const resourceTagWithoutRequestTag: LintRule = {
  id: 'tag-on-create-no-request-tag',
  severity: 'error',
  summary:
    'A tagging permission checks aws:ResourceTag/K but neither aws:RequestTag/K nor an aws:TagKeys guard: resources can be given away.',
  check(ctx) {
    const out: Finding[] = [];
    for (const stmt of ctx.policy.statements) {
      if (!grants(ctx, stmt)) continue;
      const setters = retaggingActions(ctx, stmt).filter((a) => !removesTags(a));
      if (setters.length === 0) continue;
      const inRequest = requestTagKeys(stmt);
      for (const key of resourceTagKeys(stmt)) {
        if (inRequest.some((k) => same(k, key)) || guardsTagKey(stmt, key)) continue;
        out.push(
          finding(
            this,
            stmt,
            `allows ${listed(setters.map((a) => a.id))} on resources whose ${key} tag matches but never checks aws:RequestTag/${key}: the principal can set ${key} to any value and hand those resources to someone else`,
            `add "aws:RequestTag/${key}" with the same value as "aws:ResourceTag/${key}", or keep ${key} out with "ForAllValues:StringNotEquals": {"aws:TagKeys": ["${key}"]}`,
          ),
        );
      }
    }
    return out;
  },
};

/** Access-controlling tag keys: K of every positive aws:ResourceTag/K test in an Allow, with the services it gates. */
function accessKeys(ctx: RuleContext): Map<string, { key: string; services: Set<string>; where: string }> {
  const keys = new Map<string, { key: string; services: Set<string>; where: string }>();
  for (const stmt of ctx.policy.statements) {
    if (!grants(ctx, stmt)) continue;
    const services = actionsOf(ctx, stmt).map((a) => a.service);
    for (const key of resourceTagKeys(stmt)) {
      const entry = keys.get(key.toLowerCase()) ?? { key, services: new Set<string>(), where: stmt.label };
      services.forEach((s) => entry.services.add(s));
      keys.set(key.toLowerCase(), entry);
    }
  }
  return keys;
}

export const tagKeysGuardMissing: LintRule = {
  id: 'tag-keys-guard-missing',
  severity: 'error',
  summary:
    'Tag/Untag is allowed without an aws:TagKeys guard on a tag key that the policy uses for access (aws:ResourceTag/K).',
  check(ctx) {
    const out: Finding[] = [];
    const keys = accessKeys(ctx);
    if (keys.size === 0) return out;
    for (const stmt of ctx.policy.statements) {
      if (!grants(ctx, stmt)) continue;
      const tagging = retaggingActions(ctx, stmt);
      if (tagging.length === 0) continue;
      const tested = [...resourceTagKeys(stmt), ...requestTagKeys(stmt)].map((k) => k.toLowerCase());
      for (const { key, services, where } of keys.values()) {
        if (guardsTagKey(stmt, key)) continue;
        // A setter that tests K on both sides is judged by the two rules above; removal is never covered by them.
        const exposed = tagging.filter(
          (a) => services.has(a.service) && (removesTags(a) || !tested.includes(key.toLowerCase())),
        );
        if (exposed.length === 0) continue;
        out.push(
          finding(
            this,
            stmt,
            `allows ${listed(exposed.map((a) => a.id))} without an aws:TagKeys condition that keeps "${key}" out, while ${where === stmt.label ? 'it' : where} grants access by aws:ResourceTag/${key}: the principal can remove or rewrite the tag that decides access`,
            `add "ForAllValues:StringNotEquals": {"aws:TagKeys": ["${key}"]} to this statement`,
          ),
        );
      }
    }
    return out;
  },
};
