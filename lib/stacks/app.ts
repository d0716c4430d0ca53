import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TagwardenConfig } from '../config';
import { CENTRAL_STACK_NAME } from '../names';
import { CentralStack } from './central-stack';
import { ManagementStack, taggerRoleRegion } from './management-stack';
import { ManagementAccountMemberStack } from './member-stacks';

export interface TagwardenStacks {
  central: CentralStack;
  management: ManagementStack;
  /** The management account's own member stacks, by region. */
  managementMembers: ManagementAccountMemberStack[];
}

/**
 * Builds every tagwarden stack of the config into the app. The central stack comes first: the member tagger roles
 * trust the central tagger function's role by ARN, and IAM rejects a trust policy naming a role that does not exist.
 */
export function buildApp(app: App, config: TagwardenConfig): TagwardenStacks {
  const central = new CentralStack(app, CENTRAL_STACK_NAME, {
    config,
    env: { account: config.centralAccountId, region: config.homeRegion },
    description: 'tagwarden central account: org event bus, session table, session recorder and tagger',
  });
  const management = new ManagementStack(app, 'TagwardenManagement', {
    config,
    env: { account: config.managementAccountId, region: config.homeRegion },
    description: 'tagwarden management account: StackSets that enrol the accounts of the target OUs',
  });
  management.addStackDependency(central);
  const managementMembers = config.governedRegions.map((region) => {
    const stack = new ManagementAccountMemberStack(app, `TagwardenManagementAccount-${region}`, {
      config,
      withTaggerRole: region === taggerRoleRegion(config),
      env: { account: config.managementAccountId, region },
      description: `tagwarden member resources of the management account in ${region} (not reached by the StackSets)`,
    });
    stack.addStackDependency(central);
    return stack;
  });
  return { central, management, managementMembers };
}

/** cdk-nag's AwsSolutions checks as a validation plugin: any unacknowledged finding fails the synth. */
export function addSecurityChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}
