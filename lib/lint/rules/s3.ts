import { ActionInfo, actionSupportsKey, keyFamily } from '../catalog';
import { actionsOf, affectedActions, finding, LintRule, listed, RuleContext } from '../context';
import { matchesWhenMissing } from '../operators';
import { S3_OBJECT_WRITES, S3_REPLACE_ALL_TAGGING } from '../quirks';
import { REQUEST_TAG, RESOURCE_TAG, TAG_KEYS } from '../tags';
import { ConditionClause, Finding, PolicyStatement } from '../types';

/*
 * S3 does tags its own way: objects use s3:ExistingObjectTag/K, s3:RequestObjectTag/K and s3:RequestObjectTagKeys,
 * never the aws: tag keys; object tags do not govern PutObject/DeleteObject; bucket tags govern access only on
 * buckets whose owner enabled ABAC (PutBucketAbac, off by default; the source document predates it and says "no").
 */

const isObjectAction = (a: ActionInfo) =>
  a.service === 's3' && a.resourceTypes.some((rt) => rt.name === 'object' || rt.name === 'accesspointobject');
const isBucketAction = (a: ActionInfo) =>
  a.service === 's3' && !isObjectAction(a) && a.resourceTypes.some((rt) => rt.name === 'bucket');
const S3_OBJECT_TAG_FAMILIES = new Set(['s3:existingobjecttag/', 's3:requestobjecttag/', 's3:requestobjecttagkeys']);

function each(ctx: RuleContext, visit: (stmt: PolicyStatement, c: ConditionClause) => Finding | undefined): Finding[] {
  const out: Finding[] = [];
  for (const stmt of ctx.policy.statements) {
    for (const c of stmt.conditions) {
      const f = visit(stmt, c);
      if (f) out.push(f);
    }
  }
  return out;
}

export const s3ObjectAwsTagKeys: LintRule = {
  id: 's3-object-aws-tag-key',
  severity: 'error',
  summary:
    'aws:RequestTag/aws:TagKeys (error) or aws:ResourceTag (warning) on S3 object actions, which use s3:RequestObjectTag, s3:RequestObjectTagKeys and s3:ExistingObjectTag.',
  check(ctx) {
    return each(ctx, (stmt, c) => {
      const family = keyFamily(c.key);
      const generic = family === REQUEST_TAG || c.keyLower === TAG_KEYS;
      if (!generic && family !== RESOURCE_TAG) return undefined;
      const actions = affectedActions(ctx, stmt, isObjectAction);
      if (actions.length === 0) return undefined;
      const tag = c.key.slice(c.key.indexOf('/') + 1);
      if (generic) {
        const s3Key = c.keyLower === TAG_KEYS ? 's3:RequestObjectTagKeys' : `s3:RequestObjectTag/${tag}`;
        return finding(
          this,
          stmt,
          `${c.key} is never set for S3 object requests (${listed(actions)}): S3 passes object tags as ${s3Key}`,
          `use "${s3Key}" instead of "${c.key}"`,
        );
      }
      return finding(
        this,
        stmt,
        `${c.key} on S3 object actions (${listed(actions)}) reads the bucket's tags, and only on buckets with ABAC enabled, never the object's own tags`,
        `use "s3:ExistingObjectTag/${tag}" to test the object's tag`,
        'warning',
      );
    });
  },
};

export const s3ObjectTagUnsupported: LintRule = {
  id: 's3-object-tag-unsupported',
  severity: 'error',
  summary:
    'An S3 object tag key on S3 actions that do not evaluate it, such as s3:PutObject or s3:DeleteObject with s3:ExistingObjectTag.',
  check(ctx) {
    return each(ctx, (stmt, c) => {
      if (!S3_OBJECT_TAG_FAMILIES.has(keyFamily(c.key))) return undefined;
      const actions = affectedActions(
        ctx,
        stmt,
        (a) =>
          a.service === 's3' &&
          (!actionSupportsKey(a, c.key) ||
            (keyFamily(c.key) === 's3:existingobjecttag/' && S3_OBJECT_WRITES.has(a.id))),
      );
      if (actions.length === 0) return undefined;
      const writes = actions.filter((a) => S3_OBJECT_WRITES.has(a));
      const why = writes.length
        ? `; S3 cannot limit who overwrites or deletes an object by its tags (${writes.join(', ')})`
        : '';
      return finding(
        this,
        stmt,
        `S3 never evaluates ${c.key} for ${listed(actions)}${why}`,
        'limit these actions by bucket, prefix or principal instead of object tags, or drop them from this statement',
      );
    });
  },
};

export const s3BucketAbacOptIn: LintRule = {
  id: 's3-bucket-abac-opt-in',
  severity: 'warning',
  summary: 'aws:ResourceTag on S3 bucket actions works only on buckets whose owner enabled ABAC (off by default).',
  check(ctx) {
    return each(ctx, (stmt, c) => {
      if (keyFamily(c.key) !== RESOURCE_TAG) return undefined;
      const actions = affectedActions(ctx, stmt, isBucketAction);
      if (actions.length === 0) return undefined;
      return finding(
        this,
        stmt,
        `S3 evaluates ${c.key} for bucket actions (${listed(actions)}) only on buckets with ABAC enabled; on the others the key is missing and this condition ${matchesWhenMissing(c) ? 'always' : 'never'} matches`,
        'enable ABAC on every bucket concerned (s3:PutBucketAbac), or limit bucket actions by bucket ARN instead of tags',
      );
    });
  },
};

export const s3ReplaceAllTagging: LintRule = {
  id: 's3-replace-all-tagging',
  severity: 'error',
  summary:
    'S3 object tagging replaces or deletes the whole tag set, so keeping a key out of s3:RequestObjectTagKeys does not protect it.',
  check(ctx) {
    const out: Finding[] = [];
    if (ctx.type === 'scp' || ctx.type === 'rcp') return out;
    const accessKeys = ctx.policy.statements.flatMap((s) =>
      s.effect === 'Allow'
        ? s.conditions
            .filter((c) => keyFamily(c.key) === 's3:existingobjecttag/' && !c.negated)
            .map((c) => c.key.slice(c.key.indexOf('/') + 1))
        : [],
    );
    for (const stmt of ctx.policy.statements) {
      if (stmt.effect !== 'Allow') continue;
      const replacing = actionsOf(ctx, stmt).filter((a) => S3_REPLACE_ALL_TAGGING.has(a.id));
      if (replacing.length === 0) continue;
      const guard = stmt.conditions.find(
        (c) => c.keyLower === 's3:requestobjecttagkeys' && c.set === 'ForAllValues' && c.negated,
      );
      const deleting = replacing.filter((a) => a.name.startsWith('Delete'));
      if (guard) {
        out.push(
          finding(
            this,
            stmt,
            `${listed(replacing.map((a) => a.id))} replace the object's whole tag set: a request that leaves ${guard.values.join(', ')} out removes it, which the ${guard.operator} guard does not stop`,
            'pin the key instead: require "s3:ExistingObjectTag/K" and "s3:RequestObjectTag/K" to carry the same expected value',
          ),
        );
      } else if (deleting.length > 0 && accessKeys.length > 0) {
        out.push(
          finding(
            this,
            stmt,
            `${listed(deleting.map((a) => a.id))} remove every tag of an object, including ${listed([...new Set(accessKeys)])} that this policy decides access by`,
            'do not grant object tag deletion to principals whose access depends on object tags; let them rewrite tags with s3:PutObjectTagging pinned to the expected values',
          ),
        );
      }
    }
    return out;
  },
};
