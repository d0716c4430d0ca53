import { Stack, StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TagwardenConfig } from '../config';
import { CENTRAL_BUS_NAME } from '../names';

export interface CentralStackProps extends StackProps {
  readonly config: TagwardenConfig;
}

/** The central account's stack: the org-wide event bus and everything behind it. */
export class CentralStack extends Stack {
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string, props: CentralStackProps) {
    super(scope, id, props);
    const { config } = props;

    // A fixed name: the member forwarders are synthesized into StackSets and must reference a concrete ARN.
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: CENTRAL_BUS_NAME });
    this.bus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'PutEventsFromOrgOnly',
        principals: [new iam.AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': config.organizationId } },
      }),
    );
  }
}
