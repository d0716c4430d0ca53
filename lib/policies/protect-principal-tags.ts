import { TagwardenConfig } from '../config';
import { finalizePolicy, GeneratedPolicy } from './document';
import { protectedKeyPatterns, roleArnPattern } from './patterns';

export const PROTECT_PRINCIPAL_TAGS_POLICY = 'tagwarden-protect-principal-tags';

/** The IAM calls that put tags on, or take tags off, a user or role. */
const PRINCIPAL_TAGGING_ACTIONS = ['iam:TagRole', 'iam:TagUser', 'iam:UntagRole', 'iam:UntagUser', 'iam:CreateRole', 'iam:CreateUser'];

/**
 * SCP: only the tagger role may set or remove protected-prefix tags on IAM users and roles.
 * `sts:TagSession` is denied here too, for principals inside the org: the RCP only guards roles of the org,
 * while an org principal could pass protected session tags to a role elsewhere or with GetFederationToken.
 */
export function protectPrincipalTags(config: TagwardenConfig): GeneratedPolicy {
  return finalizePolicy({
    name: PROTECT_PRINCIPAL_TAGS_POLICY,
    type: 'SCP',
    description: `Only the ${config.taggerRoleName} role may set or remove ${config.protectedTagPrefix}* tags on IAM users and roles or pass them as session tags`,
    shrinkHint: 'shorten protectedTagPrefix: each letter in it doubles the number of case variants listed',
    statements: [
      {
        Sid: 'DenyProtectedPrincipalTagsExceptTagger',
        Effect: 'Deny',
        Action: [...PRINCIPAL_TAGGING_ACTIONS, 'sts:TagSession'],
        Resource: '*',
        Condition: {
          'ForAnyValue:StringLike': { 'aws:TagKeys': protectedKeyPatterns(config) },
          ArnNotLike: { 'aws:PrincipalArn': roleArnPattern(config, config.taggerRoleName) },
        },
      },
    ],
  });
}
