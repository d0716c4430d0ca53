import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DlqName, ParkedMessage, parseParked } from './dead-letters';

/** A DLQ holds few messages; listing stops here so that a flooded queue does not keep the CLI reading. */
export const DEFAULT_PEEK_LIMIT = 100;

/**
 * Reads up to `limit` messages without hiding them: visibility timeout 0, so the messages stay available to
 * anyone else. Stops when a receive brings nothing new (SQS samples servers, so repeats are normal).
 */
export async function peekQueue(
  sqs: SQSClient,
  queueUrl: string,
  queue: DlqName,
  limit = DEFAULT_PEEK_LIMIT,
): Promise<ParkedMessage[]> {
  const seen = new Map<string, ParkedMessage>();
  while (seen.size < limit) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const m of fresh.slice(0, limit - seen.size)) seen.set(m.MessageId!, parseParked(queue, m));
  }
  return [...seen.values()];
}
