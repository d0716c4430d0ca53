import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DeadLetter } from '../../lambda/aws/dead-letter';

export interface QueuedMessage {
  id: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
}

/**
 * An SQS queue with the semantics the tagger relies on: batches of at most `batchSize` visible messages, a receive
 * count per message, partial batch failures (the failed ones reappear after the visibility timeout, the rest are
 * deleted), and redrive to the DLQ once a message has been received `maxReceives` times. The tagger's own dead
 * letters (sent with their reason) land in the same DLQ.
 */
export class SqsModel {
  readonly queue: QueuedMessage[] = [];
  /** Dead letters: the tagger's own (with a reason) and those redriven by the queue (`redrive`). */
  readonly dlq: (DeadLetter | { code: 'redrive'; body: string; reason: string })[] = [];
  receives = 0;
  private nextId = 0;

  constructor(
    readonly options: { batchSize: number; maxReceives: number; visibilityTimeoutMs: number },
    private readonly clock: { now: number },
  ) {}

  send(body: unknown): void {
    this.queue.push({
      id: `m-${++this.nextId}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      receiveCount: 0,
      visibleAt: this.clock.now,
    });
  }

  /** A sink for the tagger's dead letters. */
  readonly deadLetters = { send: async (letter: DeadLetter) => void this.dlq.push(letter) };

  /** Delivers batches until the queue is empty, advancing the clock past visibility timeouts when nothing is visible. */
  async drain(handler: Handler, maxRounds = 10_000): Promise<void> {
    for (let round = 0; this.queue.length > 0 && round < maxRounds; round++) {
      if (!(await this.deliver(handler))) this.clock.now = Math.min(...this.queue.map((m) => m.visibleAt));
    }
    if (this.queue.length > 0) throw new Error(`the queue did not drain: ${this.queue.length} message(s) left`);
  }

  /** Delivers one batch of the messages visible now; false when none is. */
  async deliver(handler: Handler): Promise<boolean> {
    const batch = this.queue.filter((m) => m.visibleAt <= this.clock.now).slice(0, this.options.batchSize);
    if (batch.length === 0) return false;
    for (const m of batch) m.receiveCount += 1;
    this.receives += batch.length;
    const response = await handler({
      Records: batch.map((m) => ({
        messageId: m.id,
        receiptHandle: m.id,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: '0',
          SenderId: 'events',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-1:222222222222:tagger',
        awsRegion: 'eu-west-1',
      })),
    });
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    for (const m of batch) {
      this.queue.splice(this.queue.indexOf(m), 1);
      if (!failed.has(m.id)) continue;
      if (m.receiveCount >= this.options.maxReceives)
        this.dlq.push({ code: 'redrive', body: m.body, reason: `received ${m.receiveCount} times` });
      else this.queue.push({ ...m, visibleAt: this.clock.now + this.options.visibilityTimeoutMs });
    }
    return true;
  }
}

type Handler = (event: SQSEvent) => Promise<SQSBatchResponse>;
