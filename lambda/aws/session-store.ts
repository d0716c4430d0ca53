import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SESSION_TABLE, SessionRecord } from '../core/session';
import { PutOutcome, SessionStore } from '../engine/ports';
import { DynamoSessionReader } from './session-reader';

/**
 * DynamoDB removes a record this long after its session expired, so that a create event delayed by retries (or
 * redriven from a DLQ) within a day still finds the tags of the session that made it.
 */
export const EXPIRED_RECORD_GRACE_SECONDS = 24 * 60 * 60;

/** The session table as the recorder uses it: the reader's lookups plus the conditional write of a record. */
export class DynamoSessionStore extends DynamoSessionReader implements SessionStore {
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

  private async whyUnchanged(record: SessionRecord): Promise<string> {
    const stored = await this.get(record.accessKeyId);
    if (!stored) return 'the conditional write failed but no record is stored: a concurrent delete';
    if (stored.eventId === record.eventId) return `duplicate delivery of event ${record.eventId}`;
    if (stored.account !== record.account)
      return `the stored record belongs to account ${stored.account}, not ${record.account}`;
    return `the stored record (event ${stored.eventId}, issued ${stored.issuedAt}) is not older than this event's (issued ${record.issuedAt})`;
  }
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
