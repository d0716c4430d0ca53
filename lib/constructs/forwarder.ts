import { Stack, Tags } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { COMPONENT_TAG_KEY, FORWARDER_RULE_NAME, forwarderRoleName, forwarderRuleName } from '../names';
import { cloudTrailRule } from './cloudtrail-rule';
import { forwarderRules } from './forwarder-pattern';

/** The value of the component tag on the forwarder roles. */
export const FORWARDER_ROLE_COMPONENT = 'forwarder-role';

export interface ForwarderProps {
  /** The central bus, by a concrete ARN: the forwarder is synthesized into StackSet templates. */
  readonly centralBusArn: string;
}

/**
 * The member side of the pipeline, one per account and region: rules on the default bus that send the supported
 * create events and the STS session events, successful calls only, to the central bus, through a role that may
 * only put events on that bus. The rules match only events AWS put on this account's bus in this region, never
 * a replay: a member admin can put any other source, replay an archive, or let another account's events in.
 */
export class Forwarder extends Construct {
  readonly role: iam.Role;
  readonly rules: events.Rule[];

  constructor(scope: Construct, id: string, props: ForwarderProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      roleName: forwarderRoleName(region),
      description: 'tagwarden: lets the forwarding rules put events on the central tagwarden bus, and nothing else',
      // Only this account's forwarding rules may use the role (confused-deputy guard).
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:${partition}:events:${region}:${account}:rule/${FORWARDER_RULE_NAME}*` },
      }),
    });
    // Marks the role for the SCP that protects it whatever case a call spells its name in.
    Tags.of(this.role).add(COMPONENT_TAG_KEY, FORWARDER_ROLE_COMPONENT);
    const centralBus = events.EventBus.fromEventBusArn(this, 'CentralBus', props.centralBusArn);
    // The target grants the role events:PutEvents on the central bus ARN: its only permission.
    const target = new targets.EventBus(centralBus, { role: this.role });
    this.rules = forwarderRules({ account, region }).map(({ kind, pattern }, i) =>
      cloudTrailRule(this, i === 0 ? 'Rule' : `Rule${i + 1}`, {
        ruleName: forwarderRuleName(i),
        description:
          kind === 'session'
            ? 'tagwarden: forwards STS session events that can carry session tags to the central bus'
            : 'tagwarden: forwards supported create events to the central bus',
        pattern,
        readOnlyEvents: kind === 'session',
        targets: [target],
      }),
    );
  }
}
