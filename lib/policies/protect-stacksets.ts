import { TagwardenConfig } from '../config';
import { STACKSET_EXEC_ROLE_PATTERN, STACKSET_INSTANCE_PATTERN } from '../names';
import { Statement } from './document';
import { orgPartition, roleArnPattern } from './patterns';

/** Every CloudFormation call that creates, changes, rolls back, signals, retags or deletes a stack. */
export const STACK_MUTATING_ACTIONS = [
  'cloudformation:CancelUpdateStack',
  'cloudformation:ContinueUpdateRollback',
  'cloudformation:CreateChangeSet',
  'cloudformation:CreateStack',
  'cloudformation:DeleteChangeSet',
  'cloudformation:DeleteStack',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:RollbackStack',
  'cloudformation:SetStackPolicy',
  'cloudformation:SignalResource',
  'cloudformation:TagResource',
  'cloudformation:UntagResource',
  'cloudformation:UpdateStack',
  'cloudformation:UpdateTerminationProtection',
];

/**
 * SCP statement: the member stacks of tagwarden's StackSets change only through the StackSets. Without it a member
 * admin could delete the stack with RetainResources and so detach the account's forwarder from its StackSet: the
 * resources stay, but later StackSet updates no longer reach them.
 */
export function protectStackSets(config: TagwardenConfig): Statement[] {
  return [
    {
      Sid: 'DenyStackSetInstanceChanges',
      Effect: 'Deny',
      Action: STACK_MUTATING_ACTIONS,
      Resource: `arn:${orgPartition(config)}:cloudformation:*:*:stack/${STACKSET_INSTANCE_PATTERN}`,
      Condition: { ArnNotLike: { 'aws:PrincipalArn': roleArnPattern(config, STACKSET_EXEC_ROLE_PATTERN) } },
    },
  ];
}
