import { TagwardenConfig } from '../config';
import { Statement } from './document';
import { protectedKeyPatterns, roleArnPattern } from './patterns';

/**
 * RCP on the org's roles: protected-prefix session tags come only from the tagger role of this org. SCPs cannot
 * do this, because session tags also come from outside the org (other accounts, SAML and OIDC providers).
 * Conditions within a statement are ANDed, so each way of failing gets its own statement:
 * 1. the caller is not a role named as the tagger. SAML/OIDC callers have no aws:PrincipalArn, and a negated
 *    operator on a missing key matches, so they are denied here;
 * 2. the caller is not in the resource's org (an outsider's role named like the tagger);
 * 3. the caller is in no org at all. In AWS, statement 2 already matches then, because its variable
 *    `${aws:PrincipalOrgID}` cannot be resolved and a negated operator matches. That rule is easy to break in a
 *    rewrite, and evaluators do not all apply it, so a Null check on the key says it outright.
 */
export function protectSessionTags(config: TagwardenConfig): Statement[] {
  const protectedKeys = { 'aws:TagKeys': protectedKeyPatterns(config) };
  const base = { Effect: 'Deny' as const, Principal: '*' as const, Action: 'sts:TagSession', Resource: '*' };
  return [
    {
      Sid: 'DenyProtectedSessionTagsNonTagger',
      ...base,
      Condition: {
        'ForAnyValue:StringLike': protectedKeys,
        ArnNotLike: { 'aws:PrincipalArn': roleArnPattern(config, config.taggerRoleName) },
      },
    },
    {
      Sid: 'DenyProtectedSessionTagsOutsideOrg',
      ...base,
      Condition: {
        'ForAnyValue:StringLike': protectedKeys,
        StringNotEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' },
      },
    },
    {
      Sid: 'DenyProtectedSessionTagsNoOrg',
      ...base,
      Condition: {
        'ForAnyValue:StringLike': protectedKeys,
        Null: { 'aws:PrincipalOrgID': 'true' },
      },
    },
  ];
}
