/**
 * The tagger's outcome log line, as far as `tagwarden trace` queries it: one JSON line per event (Powertools puts
 * the message in `message` and the extra keys beside it). The functions write these fields; the CLI's Logs
 * Insights query reads them, so both take the names from here.
 */
export const OUTCOME_MESSAGE = {
  tagged: 'tagged',
  ignored: 'ignored',
  retry: 'retry',
  deadLettered: 'dead-lettered',
} as const;

export type OutcomeMessage = (typeof OUTCOME_MESSAGE)[keyof typeof OUTCOME_MESSAGE];

export const OUTCOME_FIELD = {
  message: 'message',
  eventId: 'eventId',
  code: 'code',
  reason: 'reason',
  receiveCount: 'receiveCount',
  /** An array of `{ arn, status, written }`: the tags written on each resource. */
  resources: 'resources',
} as const;
