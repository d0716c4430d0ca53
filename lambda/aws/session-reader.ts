import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { sessionArnAccount } from '../core/aws-syntax';
import { UserIdentity } from '../core/cloudtrail';
import { SESSION_TABLE, SessionLookup, SessionLookupResult, SessionRecord } from '../core/session';

/** How far a session's issue time may trail its `creationDate` (they are logged by different systems). */
const ISSUE_TIME_SLACK_MS = 60_000;

/**
 * The read side of the DynamoDB session table: all the tagger needs. The recorder's store (DynamoSessionStore)
 * adds the writes, so the tagger's bundle carries no write path it never runs.
 */
export class DynamoSessionReader implements SessionLookup {
  protected readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    protected readonly tableName: string,
    /** How long after a session's creation its STS event may still be on the way (RuntimeSettings). */
    private readonly deliveryWindowSeconds: number,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async get(accessKeyId: string): Promise<SessionRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [SESSION_TABLE.partitionKey]: accessKeyId },
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  /**
   * The session behind a `userIdentity`, in `account` only. By its access key id when the event has one (exact);
   * otherwise by its assumed-role ARN: the newest session of that ARN that was valid when the identity's session
   * was created (or, without a creation date, that is still valid now).
   */
  async lookup(account: string, identity: UserIdentity, now: Date = new Date()): Promise<SessionLookupResult> {
    if (identity.type !== 'AssumedRole' && identity.type !== 'FederatedUser') {
      return {
        status: 'missing',
        mayStillArrive: false,
        reason: `a ${identity.type ?? 'untyped'} identity is not an STS session and has no session tags`,
      };
    }
    const created = creationDateOf(identity);
    const young = created !== undefined && now.getTime() - created.getTime() < this.deliveryWindowSeconds * 1000;
    if (typeof identity.accessKeyId === 'string' && identity.accessKeyId.length > 0) {
      const record = await this.get(identity.accessKeyId);
      if (!record)
        return {
          status: 'missing',
          mayStillArrive: young,
          reason: `no session record for access key ${identity.accessKeyId}`,
        };
      if (record.account !== account) {
        return {
          status: 'missing',
          mayStillArrive: false,
          reason: `the session record of access key ${identity.accessKeyId} belongs to account ${record.account}, not ${account}`,
        };
      }
      return { status: 'found', record };
    }
    const arnAccount = typeof identity.arn === 'string' ? sessionArnAccount(identity.arn) : undefined;
    if (!arnAccount)
      return {
        status: 'missing',
        mayStillArrive: false,
        reason: 'userIdentity has neither an access key id nor a session ARN',
      };
    if (arnAccount !== account) {
      return {
        status: 'missing',
        mayStillArrive: false,
        reason: `session ARN ${identity.arn} is in account ${arnAccount}, not ${account}`,
      };
    }
    const record = await this.newestValid(identity.arn as string, account, created, now);
    return record
      ? { status: 'found', record }
      : { status: 'missing', mayStillArrive: young, reason: `no valid session record for ${identity.arn}` };
  }

  private async newestValid(
    sessionArn: string,
    account: string,
    created: Date | undefined,
    now: Date,
  ): Promise<SessionRecord | undefined> {
    const validAt = (created ?? now).toISOString();
    const latestIssue = created ? new Date(created.getTime() + ISSUE_TIME_SLACK_MS).toISOString() : undefined;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: SESSION_TABLE.arnIndexName,
          KeyConditionExpression: latestIssue ? '#arn = :arn AND #issued <= :latest' : '#arn = :arn',
          ExpressionAttributeNames: {
            '#arn': SESSION_TABLE.arnIndexPartitionKey,
            ...(latestIssue ? { '#issued': SESSION_TABLE.arnIndexSortKey } : {}),
          },
          ExpressionAttributeValues: { ':arn': sessionArn, ...(latestIssue ? { ':latest': latestIssue } : {}) },
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      );
      const hit = (page.Items ?? []).map(fromItem).find((r) => r.account === account && r.expiresAt > validAt);
      if (hit) return hit;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return undefined;
  }
}

function creationDateOf(identity: UserIdentity): Date | undefined {
  const raw = identity.sessionContext?.attributes?.creationDate;
  if (typeof raw !== 'string') return undefined;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A stored item back as a record: the TTL attribute is the table's, not the session's. */
function fromItem(item: Record<string, unknown>): SessionRecord {
  const { [SESSION_TABLE.ttlAttribute]: _ttl, ...record } = item;
  return record as unknown as SessionRecord;
}
