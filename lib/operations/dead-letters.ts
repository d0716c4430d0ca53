import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import { isObject, parseEvent } from '../../lambda/core/cloudtrail';
import { isRejection } from '../../lambda/core/rejection';

/** The three dead-letter queues, each filled by a different writer with different attributes. */
export const DLQ_NAMES = ['tagger', 'session', 'delivery'] as const;
export type DlqName = (typeof DLQ_NAMES)[number];

export const DLQ_DESCRIPTION: Record<DlqName, string> = {
  tagger: 'tagger DLQ (events the tagger gave up on, with its reason; or moved by the queue after maxReceives)',
  session: 'session DLQ (STS events EventBridge could not deliver to the recorder, or the recorder failed on)',
  delivery: 'event-delivery DLQ (create events EventBridge could not deliver to the tagger queue)',
};

/** A parked message, its attributes read according to the writer of its queue. */
export interface ParkedMessage {
  queue: DlqName;
  messageId: string;
  receiptHandle: string;
  body: string;
  code: string;
  reason: string;
  /** Tagger: receives before it was parked. EventBridge: RETRY_ATTEMPTS. */
  receiveCount?: number;
  eventId?: string;
  account?: string;
  eventName?: string;
  /** Why a redrive would not act on it: the body fails the parser checks every event goes through. */
  notRedrivable?: string;
}

const text = (attrs: Record<string, MessageAttributeValue> | undefined, name: string) => attrs?.[name]?.StringValue;
const num = (v: string | undefined) => (v !== undefined && Number.isFinite(Number(v)) ? Number(v) : undefined);

/**
 * Reads one message. The tagger writes `code`, `reason`, `eventId`, `receiveCount` (lambda/aws/dead-letter.ts);
 * a message the queue itself moved after maxReceives has none of them. EventBridge writes ERROR_CODE,
 * ERROR_MESSAGE, RETRY_ATTEMPTS, RULE_ARN and TARGET_ARN; Lambda's asynchronous DLQ writes ErrorCode, ErrorMessage
 * and RequestID.
 */
export function parseParked(queue: DlqName, m: Message): ParkedMessage {
  const a = m.MessageAttributes;
  const body = m.Body ?? '';
  let code: string;
  let reason: string;
  let receiveCount: number | undefined;
  let eventId: string | undefined;
  if (queue === 'tagger') {
    code = text(a, 'code') ?? 'queue-redrive';
    reason =
      text(a, 'reason') ??
      'moved to the DLQ by the queue after maxReceives receives (the tagger did not park it itself)';
    receiveCount = num(text(a, 'receiveCount'));
    eventId = text(a, 'eventId');
  } else {
    code = text(a, 'ERROR_CODE') ?? text(a, 'ErrorCode') ?? 'unknown';
    reason = text(a, 'ERROR_MESSAGE') ?? text(a, 'ErrorMessage') ?? 'no error message attribute';
    receiveCount = num(text(a, 'RETRY_ATTEMPTS'));
  }
  const parked: ParkedMessage = {
    queue,
    messageId: m.MessageId ?? '',
    receiptHandle: m.ReceiptHandle ?? '',
    body,
    code,
    reason,
  };
  if (receiveCount !== undefined) parked.receiveCount = receiveCount;
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch (e) {
    return {
      ...parked,
      ...(eventId ? { eventId } : {}),
      notRedrivable: `the body is not JSON: ${(e as Error).message}`,
    };
  }
  if (isObject(input)) {
    const detail = isObject(input.detail) ? input.detail : input;
    eventId ??=
      typeof input.id === 'string' ? input.id : typeof detail.eventID === 'string' ? detail.eventID : undefined;
    const account = typeof input.account === 'string' ? input.account : detail.recipientAccountId;
    if (typeof account === 'string') parked.account = account;
    if (typeof detail.eventName === 'string') parked.eventName = detail.eventName;
  }
  if (eventId) parked.eventId = eventId;
  const refusal = envelopeRefusal(input);
  if (refusal) return { ...parked, notRedrivable: refusal };
  try {
    parseEvent(input);
  } catch (e) {
    if (!isRejection(e)) throw e;
    parked.notRedrivable = `fails the event checks (${e.code}): ${e.message}`;
  }
  return parked;
}

/**
 * Only AWS puts events with an `aws.` source, and a replayed event is a copy: a redrive must not turn either kind
 * of forgery into a live event. The engine's parser does not check the envelope's source, so this does, here.
 */
function envelopeRefusal(input: unknown): string | undefined {
  if (!isObject(input) || !('detail' in input)) return undefined;
  if (typeof input.source !== 'string' || !input.source.startsWith('aws.')) {
    return `its source ${JSON.stringify(input.source)} is not an AWS service: only AWS emits aws.* events`;
  }
  if ('replay-name' in input) return `it is a replay (${String(input['replay-name'])}), not an event AWS emitted`;
  return undefined;
}

/** Messages grouped by queue, then by code, in first-seen order. */
export function groupByReason(messages: ParkedMessage[]): Map<string, ParkedMessage[]> {
  const groups = new Map<string, ParkedMessage[]>();
  for (const m of messages) {
    const key = `${m.queue}|${m.code}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return groups;
}
