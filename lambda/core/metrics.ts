/*
 * The CloudWatch metric names of both functions (namespace `tagwarden`, one service dimension per function), owned
 * here so that the handlers, the alarms, the dashboard and the docs spell them alike: PascalCase, the same word for
 * the same ending in both functions (an event that will be tried again is `Retried` in either).
 */

export const METRIC_NAMESPACE = 'tagwarden';

/** The `service` dimension of each function's metrics (Powertools adds it). */
export const METRIC_SERVICE = { tagger: 'tagger', recorder: 'session-recorder' } as const;

/**
 * Metrics of the tagger: per event (Events, Ignored, Retried, Rejected, DeadLettered, MissingSession,
 * IamTagsUnavailable) or per resource and tag.
 */
export const TAGGER_METRICS = [
  'Events',
  'TaggedResources',
  'SkippedTags',
  'Conflicts',
  'DroppedByLimit',
  'Ignored',
  'Retried',
  'Rejected',
  'DeadLettered',
  'MissingSession',
  'IamTagsUnavailable',
] as const;
/** Metrics of the session recorder, one per event. */
export const RECORDER_METRICS = ['Recorded', 'Unchanged', 'Ignored', 'Rejected', 'Retried'] as const;

export type TaggerMetric = (typeof TAGGER_METRICS)[number];
export type RecorderMetric = (typeof RECORDER_METRICS)[number];

/** The tagger metrics the alarms and the dashboard read. */
export const TAGGER_METRIC = {
  /** Every create event the tagger finished with (tagged, ignored, retried or dead-lettered): the rate's base. */
  events: 'Events',
  deadLettered: 'DeadLettered',
  /** Events that can never succeed as they are (malformed, account mismatch, permanent write failure). */
  rejected: 'Rejected',
  /** The event's session had no record: tagged without session tags, or retried while it may still arrive. */
  missingSession: 'MissingSession',
  /** The creator's IAM tags could not be read: tagged without them. */
  iamTagsUnavailable: 'IamTagsUnavailable',
} as const satisfies Record<string, TaggerMetric>;

/** The recorder metric the alarms read. */
export const RECORDER_REJECTED_METRIC: RecorderMetric = 'Rejected';
