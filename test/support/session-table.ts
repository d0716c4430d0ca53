import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SESSION_TABLE } from '../../lambda/core/session';

/** Creates the session table in a local DynamoDB with the layout of lib/constructs/session-table.ts. */
export async function createSessionTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: SESSION_TABLE.partitionKey, KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: SESSION_TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: SESSION_TABLE.arnIndexPartitionKey, AttributeType: 'S' },
        { AttributeName: SESSION_TABLE.arnIndexSortKey, AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: SESSION_TABLE.arnIndexName,
          KeySchema: [
            { AttributeName: SESSION_TABLE.arnIndexPartitionKey, KeyType: 'HASH' },
            { AttributeName: SESSION_TABLE.arnIndexSortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
}

/** Every item of a table, unmarshalled: for asserting exactly what a test stored. */
export async function scanTable(client: DynamoDBClient, tableName: string): Promise<Record<string, unknown>[]> {
  const doc = DynamoDBDocumentClient.from(client);
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

let tableCount = 0;
/** A fresh, uniquely named session table: each test starts from an empty table without restarting dynalite. */
export async function freshSessionTable(client: DynamoDBClient, prefix = 'sessions'): Promise<string> {
  tableCount += 1;
  const name = `${prefix}-${tableCount}`;
  await createSessionTable(client, name);
  return name;
}
