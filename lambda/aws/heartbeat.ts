import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_TABLE, HeartbeatGate, heartbeatPair, HeartbeatPair } from '../core/heartbeat';

export type BeatResult = 'written' | 'fresh' | 'not-due' | 'not-counted' | 'failed';

/**
 * Records that an event of a pair was seen. Each container tries a pair at most once per HEARTBEAT_INTERVAL_MS
 * (HeartbeatGate), and the write succeeds only when the stored time is older than one interval before now, so the
 * table takes at most one successful write per pair per interval whatever the number of containers.
 */
export class Heartbeat {
  private readonly gate = new HeartbeatGate();

  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly tableName: string,
    private readonly seenBy: string,
    private readonly onError: (message: string, extra: Record<string, unknown>) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Never throws: a heartbeat that cannot be written must not fail the event it came with. */
  async seen(input: unknown): Promise<BeatResult> {
    const pair = heartbeatPair(input);
    if (!pair) return 'not-counted';
    const nowMs = this.now();
    if (!this.gate.due(pair, nowMs)) return 'not-due';
    try {
      return await this.write(pair, nowMs);
    } catch (e) {
      this.onError('heartbeat not written', {
        account: pair.account,
        region: pair.region,
        error: (e as Error).message,
      });
      return 'failed';
    }
  }

  private async write(pair: HeartbeatPair, nowMs: number): Promise<BeatResult> {
    const t = HEARTBEAT_TABLE;
    try {
      await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [t.partitionKey]: { S: pair.account }, [t.sortKey]: { S: pair.region } },
          UpdateExpression: 'SET #at = :at, #by = :by',
          ConditionExpression: 'attribute_not_exists(#at) OR #at < :cutoff',
          ExpressionAttributeNames: { '#at': t.lastEventAttribute, '#by': t.seenByAttribute },
          ExpressionAttributeValues: {
            ':at': { S: new Date(nowMs).toISOString() },
            ':by': { S: this.seenBy },
            ':cutoff': { S: new Date(nowMs - HEARTBEAT_INTERVAL_MS).toISOString() },
          },
        }),
      );
      return 'written';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException || (e as Error).name === 'ConditionalCheckFailedException')
        return 'fresh';
      throw e;
    }
  }
}
