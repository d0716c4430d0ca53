import { ActionInfo, isTaggingAction } from '../catalog';
import { actionsOf, finding, LintRule, listed } from '../context';
import { globMatches } from '../../../lambda/core/glob';
import { SERVICES_WITHOUT_RESOURCE_TAG_AT_CREATION } from '../quirks';
import { isResourceTagKey, REQUEST_TAG, tagKeyOf } from '../tags';
import { Finding, PolicyStatement } from '../types';

/*
 * EC2 tag-on-create: ec2:CreateTags is itself a creating action, so an ec2:CreateAction wildcard such as
 * `Create*` lets CreateTags through on any resource; and EC2 does not evaluate aws:ResourceTag on the resource
 * being created, so a create permission that tests it never matches.
 */

export const ec2CreateActionWildcard: LintRule = {
  id: 'ec2-create-action-wildcard',
  severity: 'error',
  summary: 'An ec2:CreateAction condition that allows ec2:CreateTags has a value that also matches "CreateTags".',
  check(ctx) {
    const out: Finding[] = [];
    for (const stmt of ctx.policy.statements) {
      if (stmt.effect !== 'Allow' || !actionsOf(ctx, stmt).some((a) => a.id === 'ec2:CreateTags')) continue;
      for (const c of stmt.conditions) {
        if (c.keyLower !== 'ec2:createaction' || c.negated) continue;
        const like = c.base === 'StringLike';
        const ignoreCase = c.base.endsWith('IgnoreCase');
        const hit = c.values.find((v) =>
          like
            ? globMatches(v, 'CreateTags', false)
            : ignoreCase
              ? v.toLowerCase() === 'createtags'
              : v === 'CreateTags',
        );
        if (!hit) continue;
        out.push(
          finding(
            this,
            stmt,
            `ec2:CreateAction value "${hit}" matches "CreateTags", and EC2 counts CreateTags as a creating action: ec2:CreateTags is allowed on any existing resource`,
            'list the creating actions by name (RunInstances, CreateVolume, ...) and leave out any value that matches CreateTags',
          ),
        );
      }
    }
    return out;
  },
};

/** A concrete ARN of a resource type's template, to test the statement's Resource patterns against. */
function sampleArn(template: string): string {
  return template.replace(/\$\{Partition\}/g, 'aws').replace(/\$\{[^}]+\}/g, 'x');
}

/** The resource types an action creates: those for which the action lists aws:RequestTag. */
function createdTypes(action: ActionInfo) {
  return action.resourceTypes.filter((rt) => rt.actionKeys.has(REQUEST_TAG) && rt.arn);
}

function covers(stmt: PolicyStatement, arn: string): boolean {
  return stmt.notResource || stmt.resources.some((r) => globMatches(r, arn, false));
}

export const ec2CreateResourceTag: LintRule = {
  id: 'ec2-create-resource-tag',
  severity: 'error',
  summary:
    'An EC2 create permission relies on aws:ResourceTag, which EC2 does not evaluate on the resource being created.',
  check(ctx) {
    const out: Finding[] = [];
    for (const stmt of ctx.policy.statements) {
      if (stmt.effect !== 'Allow') continue;
      const keys = stmt.conditions.filter((c) => isResourceTagKey(c.key) && !c.negated);
      if (keys.length === 0) continue;
      const creationOnlyTagging = stmt.conditions.some((c) => c.keyLower === 'ec2:createaction' && !c.negated);
      const creates = actionsOf(ctx, stmt).filter((a) => {
        if (!SERVICES_WITHOUT_RESOURCE_TAG_AT_CREATION.has(a.service)) return false;
        if (isTaggingAction(a)) return a.id === 'ec2:CreateTags' && creationOnlyTagging;
        return createdTypes(a).some((rt) => covers(stmt, sampleArn(rt.arn)));
      });
      if (creates.length === 0) continue;
      const tag = tagKeyOf(keys[0].key);
      out.push(
        finding(
          this,
          stmt,
          `EC2 does not evaluate ${keys[0].key} on the resource being created (it has no tags yet), so ${listed(creates.map((a) => a.id))} never match this statement for new resources`,
          `test the new resource's tag with "aws:RequestTag/${tag}", and keep aws:ResourceTag checks for existing resources (such as arn:aws:ec2:*:*:subnet/*) in a separate statement`,
        ),
      );
    }
    return out;
  },
};
