import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { HEARTBEAT_TABLE } from '../../lambda/core/heartbeat';

/** One item per (account, region): when the central side last saw an event from it. */
export class HeartbeatTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: HEARTBEAT_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: HEARTBEAT_TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The next event of each pair rebuilds its item: nothing here is worth keeping after the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
