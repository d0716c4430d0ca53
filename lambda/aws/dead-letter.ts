import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

export interface DeadLetter {
  /** The original message body, unchanged, so the event can be redriven as it came. */
  body: string;
  code: string;
  reason: string;
  eventId?: string;
  sourceMessageId: string;
  receiveCount: number;
}

export interface DeadLetterSink {
  send(letter: DeadLetter): Promise<void>;
}

/** SQS message attributes hold at most 256 KiB in all; a reason this long is already unreadable. */
const MAX_REASON = 4000;

/** Puts a failed event on the dead-letter queue with its reason as message attributes. */
export class SqsDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(letter: DeadLetter): Promise<void> {
    const attr = (v: string) => ({ DataType: 'String', StringValue: v });
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: letter.body,
        MessageAttributes: {
          reason: attr(letter.reason.slice(0, MAX_REASON)),
          code: attr(letter.code),
          sourceMessageId: attr(letter.sourceMessageId),
          receiveCount: { DataType: 'Number', StringValue: String(letter.receiveCount) },
          ...(letter.eventId ? { eventId: attr(letter.eventId) } : {}),
        },
      }),
    );
  }
}
