import { TagwardenConfig } from '../config';
import { Statement } from './document';
import { protectedKeyPatterns, roleArnPattern } from './patterns';

/** The IAM calls that put tags on, or take tags off, a user or role. */
const PRINCIPAL_TAGGING_ACTIONS = [
  'iam:TagRole',
  'iam:TagUser',
  'iam:UntagRole',
  'iam:UntagUser',
  'iam:CreateRole',
  'iam:CreateUser',
];

/**
 * SCP: only the tagger role may set or remove protected-prefix tags on IAM users and roles.
 * `sts:TagSession` is denied here too, for principals inside the org: the RCP only guards roles of the org,
 * while an org principal could pass protected session tags to a role elsewhere or with GetFederationToken.
 */
export function protectPrincipalTags(config: TagwardenConfig): Statement[] {
  return [
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
  ];
}
