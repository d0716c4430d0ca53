import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { SESSION_TABLE } from '../../lambda/core/session';

/**
 * The session table: one item per STS session, keyed by its access key id, with a GSI by session ARN. Encrypted with
 * the AWS managed key (`aws/dynamodb`): only functions in the central account read the table, so no key policy has
 * to grant anyone else.
 */
export class SessionTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: SESSION_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: SESSION_TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // The records cannot be rebuilt: STS events are not replayed, and no API reads session tags back.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: SESSION_TABLE.arnIndexName,
      partitionKey: { name: SESSION_TABLE.arnIndexPartitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: SESSION_TABLE.arnIndexSortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}
