import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { SESSION_TABLE } from '../../lambda/core/session';

/** The STS session table: one item per temporary access key id, removed by TTL when the session expires. */
export class SessionTable extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const S = dynamodb.AttributeType.STRING;
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: SESSION_TABLE.partitionKey, type: S },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: SESSION_TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      // Session tags cannot be read back from AWS: losing the table loses the tags of live sessions.
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [
        {
          indexName: SESSION_TABLE.arnIndexName,
          partitionKey: { name: SESSION_TABLE.arnIndexPartitionKey, type: S },
          sortKey: { name: SESSION_TABLE.arnIndexSortKey, type: S },
        },
      ],
    });
  }
}
