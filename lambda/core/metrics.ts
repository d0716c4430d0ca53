/**
 * tagwarden's own CloudWatch metrics: the functions emit them (Powertools adds the `service` dimension) and the
 * alarms and dashboard read them, so the names live here once.
 */
export const METRIC_NAMESPACE = 'tagwarden';

/** The `service` dimension of each function's metrics. */
export const METRIC_SERVICE = { tagger: 'tagger', recorder: 'session-recorder' } as const;

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
} as const;

/** The session recorder counts each outcome under its own name (RecorderMetricName). */
export const RECORDER_REJECTED_METRIC = 'rejected';
