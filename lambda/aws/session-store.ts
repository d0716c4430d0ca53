import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { sessionArnAccount } from '../core/aws-syntax';
import { UserIdentity } from '../core/cloudtrail';
import { SESSION_TABLE, SessionLookupResult, SessionRecord } from '../core/session';
import { PutOutcome, SessionStore } from '../engine/ports';

/**
 * DynamoDB removes a record this long after its session expired, so that a create event delayed by retries (or
 * redriven from a DLQ) within a day still finds the tags of the session that made it.
 */
export const EXPIRED_RECORD_GRACE_SECONDS = 24 * 60 * 60;

/** How far a session's issue time may trail its `creationDate` (they are logged by different systems). */
const ISSUE_TIME_SLACK_MS = 60_000;

export class DynamoSessionStore implements SessionStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    /** How long after a session's creation its STS event may still be on the way (RuntimeSettings). */
    private readonly deliveryWindowSeconds: number,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /**
   * Writes the record unless the table already holds it or something newer. The condition also keeps a record of
   * one account from ever being replaced by another account's event.
   */
  async put(record: SessionRecord): Promise<PutOutcome> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(record),
          ConditionExpression: 'attribute_not_exists(#key) OR (#account = :account AND #issuedAt < :issuedAt)',
          ExpressionAttributeNames: {
            '#key': SESSION_TABLE.partitionKey,
            '#account': 'account',
            '#issuedAt': 'issuedAt',
          },
          ExpressionAttributeValues: { ':account': record.account, ':issuedAt': record.issuedAt },
        }),
      );
      return { status: 'written' };
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      return { status: 'unchanged', reason: await this.whyUnchanged(record) };
    }
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

  private async whyUnchanged(record: SessionRecord): Promise<string> {
    const stored = await this.get(record.accessKeyId);
    if (!stored) return 'the conditional write failed but no record is stored: a concurrent delete';
    if (stored.eventId === record.eventId) return `duplicate delivery of event ${record.eventId}`;
    if (stored.account !== record.account)
      return `the stored record belongs to account ${stored.account}, not ${record.account}`;
    return `the stored record (event ${stored.eventId}, issued ${stored.issuedAt}) is not older than this event's (issued ${record.issuedAt})`;
  }
}

function creationDateOf(identity: UserIdentity): Date | undefined {
  const raw = identity.sessionContext?.attributes?.creationDate;
  if (typeof raw !== 'string') return undefined;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The stored item: the record's own fields only (never anything else from the event) plus the TTL attribute. */
function toItem(record: SessionRecord): Record<string, unknown> {
  const expiresEpoch = Math.floor(Date.parse(record.expiresAt) / 1000);
  return {
    account: record.account,
    accessKeyId: record.accessKeyId,
    roleArn: record.roleArn,
    sessionName: record.sessionName,
    sessionArn: record.sessionArn,
    sourceIdentity: record.sourceIdentity,
    tags: record.tags,
    transitiveTagKeys: record.transitiveTagKeys,
    incomingTransitiveTags: record.incomingTransitiveTags,
    issuedAt: record.issuedAt,
    expiresAt: record.expiresAt,
    eventId: record.eventId,
    callerAccessKeyId: record.callerAccessKeyId,
    callerRecordFound: record.callerRecordFound,
    [SESSION_TABLE.ttlAttribute]: expiresEpoch + EXPIRED_RECORD_GRACE_SECONDS,
  };
}

function fromItem(item: Record<string, unknown>): SessionRecord {
  const { [SESSION_TABLE.ttlAttribute]: _ttl, ...record } = item;
  return record as unknown as SessionRecord;
}
