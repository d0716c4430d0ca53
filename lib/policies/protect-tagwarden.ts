import { TagwardenConfig } from '../config';
import { COMPONENT_TAG_KEY, FORWARDER_ROLE_PREFIX, FORWARDER_RULE_NAME, STACKSET_EXEC_ROLE_PATTERN } from '../names';
import { Statement } from './document';
import { centralDeployExecRolePattern } from './protect-central';
import { orgPartition, roleArnPattern } from './patterns';
import { ROLE_MUTATING_ACTIONS } from './role-actions';

export { ROLE_MUTATING_ACTIONS };

/** Every EventBridge call that creates, deletes, switches or redirects a rule, or changes its tags. */
export const RULE_MUTATING_ACTIONS = [
  'events:PutRule',
  'events:DeleteRule',
  'events:DisableRule',
  'events:EnableRule',
  'events:PutTargets',
  'events:RemoveTargets',
  'events:TagResource',
  'events:UntagResource',
];

/**
 * SCP: tagwarden's own pieces in member accounts (tagger role, StackSet execution roles, forwarder rule on each
 * region's default bus and its targets, forwarder roles) change only through the StackSets, i.e. only when the
 * caller is a StackSet execution role. The execution roles are protected too, or an admin could rewrite them
 * and act through them.
 */
export function protectTagwarden(config: TagwardenConfig): Statement[] {
  const exceptStackSets = { ArnNotLike: { 'aws:PrincipalArn': roleArnPattern(config, STACKSET_EXEC_ROLE_PATTERN) } };
  return [
    {
      Sid: 'DenyTagwardenRoleChanges',
      Effect: 'Deny',
      Action: ROLE_MUTATING_ACTIONS,
      Resource: [
        roleArnPattern(config, config.taggerRoleName),
        roleArnPattern(config, STACKSET_EXEC_ROLE_PATTERN),
        roleArnPattern(config, `${FORWARDER_ROLE_PREFIX}*`),
      ],
      Condition: exceptStackSets,
    },
    {
      // IAM role names are unique regardless of case, and whether IAM authorizes a call that spells an existing
      // role's name in another case (`TAGGER`) against the stored ARN or the spelled one is not documented. The
      // ARNs above match case-sensitively, so the roles are also recognised by their tag, which does not depend
      // on how the call spells the name.
      // The central stack's own roles carry the tag too, and change through the central deploy.
      Sid: 'DenyMarkedRoleChanges',
      Effect: 'Deny',
      Action: ROLE_MUTATING_ACTIONS,
      Resource: roleArnPattern(config, '*'),
      Condition: {
        ArnNotLike: {
          'aws:PrincipalArn': [
            roleArnPattern(config, STACKSET_EXEC_ROLE_PATTERN),
            centralDeployExecRolePattern(config),
          ],
        },
        Null: { [`aws:ResourceTag/${COMPONENT_TAG_KEY}`]: 'false' },
      },
    },
    {
      Sid: 'DenyForwarderRuleChanges',
      Effect: 'Deny',
      Action: RULE_MUTATING_ACTIONS,
      // Rules on a default bus have no bus segment in their ARN; `*` region covers every region.
      Resource: `arn:${orgPartition(config)}:events:*:*:rule/${FORWARDER_RULE_NAME}*`,
      Condition: exceptStackSets,
    },
  ];
}
