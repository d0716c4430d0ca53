import { Stack, StackProps } from 'aws-cdk-lib';
import { StackSetStack } from 'cdk-stacksets';
import { Construct } from 'constructs';
import { TagwardenConfig } from '../config';
import { Forwarder } from '../constructs/forwarder';
import { TaggerRole } from '../constructs/tagger-role';
import { centralBusArn } from '../names';

/*
 * The member account resources. In the accounts of the target OUs they are StackSet templates (region-agnostic:
 * the region and account are CloudFormation pseudo parameters). The management account, which service-managed
 * StackSets never reach, gets the same constructs in ordinary stacks.
 */

export interface MemberProps {
  readonly config: TagwardenConfig;
}

/** Deployed to every governed region of every enrolled account. */
export class ForwarderStackSetStack extends StackSetStack {
  readonly forwarder: Forwarder;

  constructor(scope: Construct, id: string, props: MemberProps) {
    super(scope, id);
    this.forwarder = new Forwarder(this, 'Forwarder', { centralBusArn: centralBusArn(props.config) });
  }
}

/** Deployed to one region of every enrolled account: a named IAM role exists once per account. */
export class TaggerRoleStackSetStack extends StackSetStack {
  readonly taggerRole: TaggerRole;

  constructor(scope: Construct, id: string, props: MemberProps) {
    super(scope, id);
    this.taggerRole = new TaggerRole(this, 'TaggerRole', { config: props.config });
  }
}

export interface ManagementAccountMemberStackProps extends StackProps, MemberProps {
  /** Whether this region's stack holds the account's tagger role. */
  readonly withTaggerRole: boolean;
}

/**
 * The member resources of the management account in one region. SCPs and RCPs never apply to the management
 * account, so here the tagger role and the forwarder are protected only by who may sign in to that account.
 */
export class ManagementAccountMemberStack extends Stack {
  readonly forwarder: Forwarder;
  readonly taggerRole?: TaggerRole;

  constructor(scope: Construct, id: string, props: ManagementAccountMemberStackProps) {
    super(scope, id, props);
    this.forwarder = new Forwarder(this, 'Forwarder', { centralBusArn: centralBusArn(props.config) });
    if (props.withTaggerRole) this.taggerRole = new TaggerRole(this, 'TaggerRole', { config: props.config });
  }
}
