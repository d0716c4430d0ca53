import { CfnResource, Stack, StackProps } from 'aws-cdk-lib';
import {
  Capability,
  DeploymentType,
  OperationPreferences,
  RegionConcurrencyType,
  StackSet,
  StackSetTarget,
  StackSetTemplate,
} from 'cdk-stacksets';
import { Construct } from 'constructs';
import { TagwardenConfig } from '../config';
import { FORWARDER_STACKSET_NAME, TAGGER_ROLE_STACKSET_NAME } from '../names';
import { ForwarderStackSetStack, TaggerRoleStackSetStack } from './member-stacks';

export interface ManagementStackProps extends StackProps {
  readonly config: TagwardenConfig;
}

/** The one region that holds each account's tagger role. IAM is global, so any governed region would do. */
export function taggerRoleRegion(config: TagwardenConfig): string {
  return config.homeRegion;
}

/**
 * The management account's stack: the service-managed StackSets that enrol every account of the target OUs,
 * including accounts that join them later (auto-deployment).
 */
export class ManagementStack extends Stack {
  readonly forwarders: StackSet;
  readonly taggerRoles: StackSet;
  /** The StackSet templates. */
  readonly forwarderTemplate: ForwarderStackSetStack;
  readonly taggerRoleTemplate: TaggerRoleStackSetStack;

  constructor(scope: Construct, id: string, props: ManagementStackProps) {
    super(scope, id, props);
    const { config } = props;

    const deploymentType = DeploymentType.serviceManaged({
      // Deployed from the management account itself, not from a delegated administrator.
      delegatedAdmin: false,
      autoDeployEnabled: true,
      // An explicit choice (config.stackSets): the library would otherwise retain stacks silently.
      autoDeployRetainStacks: config.stackSets.retainStacksOnAccountRemoval,
    });
    const operationPreferences: OperationPreferences = {
      maxConcurrentPercentage: config.stackSets.maxConcurrentPercentage,
      failureTolerancePercentage: config.stackSets.failureTolerancePercentage,
      // The stacks are independent per region: rolling them out one region after another only makes it slower.
      regionConcurrencyType: RegionConcurrencyType.PARALLEL,
    };
    const target = (regions: string[]) =>
      StackSetTarget.fromOrganizationalUnits({
        organizationalUnits: config.targetOus,
        regions,
        excludeAccounts: config.excludedAccounts.length > 0 ? config.excludedAccounts : undefined,
      });

    this.forwarderTemplate = new ForwarderStackSetStack(this, 'ForwarderTemplate', { config });
    this.taggerRoleTemplate = new TaggerRoleStackSetStack(this, 'TaggerRoleTemplate', { config });
    this.forwarders = new StackSet(this, 'Forwarders', {
      stackSetName: FORWARDER_STACKSET_NAME,
      description: 'tagwarden forwarder: sends create and STS session events to the central bus',
      template: StackSetTemplate.fromStackSetStack(this.forwarderTemplate),
      target: target(config.governedRegions),
      deploymentType,
      operationPreferences,
      capabilities: [Capability.NAMED_IAM],
    });
    this.taggerRoles = new StackSet(this, 'TaggerRoles', {
      stackSetName: TAGGER_ROLE_STACKSET_NAME,
      description: 'tagwarden tagger role: assumed by the central tagger and the tagwarden admins',
      template: StackSetTemplate.fromStackSetStack(this.taggerRoleTemplate),
      target: target([taggerRoleRegion(config)]),
      deploymentType,
      operationPreferences,
      capabilities: [Capability.NAMED_IAM],
    });

    for (const stackSet of [this.forwarders, this.taggerRoles]) {
      // By default a stack set never runs more accounts at once than failure tolerance + 1, whatever the
      // concurrency says; in a 1,000-account org that serializes the rollout. Soft tolerance decouples the two.
      (stackSet.node.defaultChild as CfnResource).addPropertyOverride(
        'OperationPreferences.ConcurrencyMode',
        'SOFT_FAILURE_TOLERANCE',
      );
    }
  }
}
