import { isObject } from '../core/cloudtrail';

/**
 * What identifies an event in the logs, the dead-letter queue and explain, read as far as the event has it: an event
 * that fails every check still shows whatever of these it carries.
 */
export interface EventFacts {
  eventId?: string;
  eventSource?: string;
  eventName?: string;
  account?: string;
  region?: string;
}

/** How an event ended, in either function. */
export type OutcomeKind = 'tagged' | 'recorded' | 'unchanged' | 'ignored' | 'rejected' | 'retry' | 'dead-lettered';

/**
 * The one log line each function writes per event (docs/architecture.md, "The outcome line"). Its message is the
 * outcome; the fields below sit beside it in the same JSON object, so a resource ARN or an event id finds the line.
 */
export interface OutcomeLine extends EventFacts {
  outcome: OutcomeKind;
  /** The rejection or dead-letter code, when there is one. */
  code?: string;
  /** Why, in one sentence: never empty. */
  reason: string;
  /** The ARNs of the resources the event created, as far as they are known (empty for an STS event). */
  resources: string[];
  /** The session a recorder line is about. */
  sessionArn?: string;
  /** What was done without: a missing session, a caller without a record, ... each with a stable code. */
  warnings?: OutcomeWarning[];
}

/** What the tagger's outcome line says happened, as `tagwarden trace` reports it. */
export const TAGGER_OUTCOMES = [
  'tagged',
  'ignored',
  'retry',
  'dead-lettered',
] as const satisfies readonly OutcomeKind[];
export type TaggerOutcome = (typeof TAGGER_OUTCOMES)[number];

/**
 * The fields of an outcome line that `tagwarden trace` reads back from CloudWatch Logs. Powertools writes the
 * outcome as `message` and the line's fields beside it; the tagger adds the SQS receive count and, per resource,
 * `results: [{ arn, status, written }]`.
 */
export const OUTCOME_FIELD = {
  message: 'message',
  eventId: 'eventId',
  code: 'code',
  reason: 'reason',
  receiveCount: 'receiveCount',
  results: 'results',
} as const;

export interface OutcomeWarning {
  code: string;
  message: string;
}

/** The identifying fields of an EventBridge event or a raw CloudTrail record, without checking anything. */
export function factsOf(input: unknown): EventFacts {
  if (!isObject(input)) return {};
  const envelope = isObject(input.detail) ? input : undefined;
  const record = envelope ? (input.detail as Record<string, unknown>) : input;
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  return drop({
    eventId: text(envelope?.id) ?? text(record.eventID),
    eventSource: text(record.eventSource),
    eventName: text(record.eventName),
    account: text(envelope?.account) ?? text(record.recipientAccountId),
    region: text(envelope?.region) ?? text(record.awsRegion),
  });
}

function drop<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
