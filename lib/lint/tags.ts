import { ActionInfo, keyFamily } from './catalog';
import { globMatches } from '../../lambda/core/glob';
import { ConditionClause, PolicyStatement } from './types';

/*
 * Tag condition keys and the guards built from them, shared by the rules.
 */

export const RESOURCE_TAG = 'aws:resourcetag/';
export const REQUEST_TAG = 'aws:requesttag/';
export const TAG_KEYS = 'aws:tagkeys';
export const PRINCIPAL_TAG = 'aws:principaltag/';

/** `aws:ResourceTag/...` or a service's own synonym such as `ec2:ResourceTag/...` or `iam:ResourceTag/...`. */
export function isResourceTagKey(key: string): boolean {
  return keyFamily(key).endsWith(':resourcetag/');
}

/** The tag key a tag condition key names: `aws:ResourceTag/Project` gives `Project`. */
export function tagKeyOf(conditionKey: string): string {
  return conditionKey.slice(conditionKey.indexOf('/') + 1);
}

function tagKeysIn(stmt: PolicyStatement, matches: (c: ConditionClause) => boolean): string[] {
  return unique(stmt.conditions.filter(matches).map((c) => tagKeyOf(c.key)));
}

/** Tag keys the statement tests on the target resource, positively (the usual ABAC test). */
export function resourceTagKeys(stmt: PolicyStatement): string[] {
  return tagKeysIn(stmt, (c) => isResourceTagKey(c.key) && !c.negated);
}

export function requestTagKeys(stmt: PolicyStatement): string[] {
  return tagKeysIn(stmt, (c) => keyFamily(c.key) === REQUEST_TAG && !c.negated);
}

/** Tag keys read from the principal: `aws:PrincipalTag/K` conditions and `${aws:PrincipalTag/K}` variables. */
export function principalTagKeys(stmt: PolicyStatement): string[] {
  const keys = tagKeysIn(stmt, (c) => keyFamily(c.key) === PRINCIPAL_TAG);
  for (const c of stmt.conditions) {
    for (const v of c.values) for (const m of v.matchAll(/\$\{aws:PrincipalTag\/([^}]+)\}/gi)) keys.push(m[1]);
  }
  return unique(keys);
}

/** Case-insensitive de-duplication that keeps the first spelling. */
function unique(keys: string[]): string[] {
  const seen = new Map<string, string>();
  for (const k of keys) if (!seen.has(k.toLowerCase())) seen.set(k.toLowerCase(), k);
  return [...seen.values()];
}

function valueMatches(c: ConditionClause, tagKey: string): boolean {
  const like = c.base === 'StringLike' || c.base === 'StringNotLike';
  return c.values.some((v) => (like ? globMatches(v, tagKey, true) : v.toLowerCase() === tagKey.toLowerCase()));
}

/**
 * Whether an aws:TagKeys condition of the statement stops requests that name `tagKey`:
 * in an Allow, `ForAllValues:StringNot...` listing it, or a `ForAllValues:String...` allow-list without it;
 * in a Deny, `ForAnyValue:String...` listing it. Letter case is checked by its own rule, so matching ignores it here.
 */
export function guardsTagKey(stmt: PolicyStatement, tagKey: string): boolean {
  return stmt.conditions.some((c) => {
    if (c.keyLower !== TAG_KEYS || !c.base.startsWith('String')) return false;
    if (stmt.effect === 'Allow')
      return c.set === 'ForAllValues' && (c.negated ? valueMatches(c, tagKey) : !valueMatches(c, tagKey));
    return c.set === 'ForAnyValue' && !c.negated && valueMatches(c, tagKey);
  });
}

/** Tag-removing actions: UntagResource, RemoveTagsFromResource, DeleteTags, DeleteObjectTagging... */
export function removesTags(action: ActionInfo): boolean {
  return /^(untag|remove|delete)/i.test(action.name);
}

/**
 * Actions that put tags on IAM roles and users or on role sessions: tagging-level IAM/STS actions on a role or user,
 * and the IAM/STS actions that accept tags in the request (CreateRole, AssumeRole...), as the AWS data lists them.
 */
export function tagsPrincipals(action: ActionInfo): boolean {
  if (action.service !== 'iam' && action.service !== 'sts') return false;
  if (!action.resourceTypes.some((rt) => rt.name === 'role' || rt.name === 'user')) return false;
  return action.keys.has(TAG_KEYS) || action.accessLevel.includes('Tagging');
}
