import { TagwardenConfig } from '../config';
import { OPERATOR_ROLE_NAME, TAGGER_FUNCTION_ROLE_NAME } from '../names';
import { Statement } from './document';
import { orgPartition, roleArnPattern } from './patterns';
import { ROLE_MUTATING_ACTIONS } from './role-actions';

/** The CDK bootstrap role that CloudFormation acts as when the central stack is deployed (any qualifier and region). */
export function centralDeployExecRolePattern(config: TagwardenConfig): string {
  return `arn:${orgPartition(config)}:iam::${config.centralAccountId}:role/cdk-*-cfn-exec-role-*`;
}

/**
 * SCP statement for the trusted-central-account design (docs/threat-model.md): the central account's admins are as
 * trusted as the management account, so this is not a boundary against them: any of them can deploy through the
 * CDK roles. It makes a deploy of the central stack the only way to change the roles that the tagger roles trust
 * (the tagger function's) or that the operators use, so every change is a reviewed stack update, and it keeps
 * every other account from creating roles by those names.
 */
export function protectCentral(config: TagwardenConfig): Statement[] {
  return [
    {
      Sid: 'DenyCentralRoleChanges',
      Effect: 'Deny',
      Action: ROLE_MUTATING_ACTIONS,
      Resource: [roleArnPattern(config, TAGGER_FUNCTION_ROLE_NAME), roleArnPattern(config, OPERATOR_ROLE_NAME)],
      Condition: { ArnNotLike: { 'aws:PrincipalArn': centralDeployExecRolePattern(config) } },
    },
  ];
}
