/*
 * The CloudWatch metric names of both functions (namespace `tagwarden`, one service dimension per function), owned
 * here so that the handlers, the dashboards and the docs spell them alike: PascalCase, the same word for the same
 * ending in both functions (an event that will be tried again is `Retried` in either).
 */

/** Metrics of the tagger: per event (Ignored, Retried, DeadLettered, MissingSession) or per resource and tag. */
export const TAGGER_METRICS = [
  'TaggedResources',
  'SkippedTags',
  'Conflicts',
  'DroppedByLimit',
  'Ignored',
  'Retried',
  'DeadLettered',
  'MissingSession',
] as const;
/** Metrics of the session recorder, one per event. */
export const RECORDER_METRICS = ['Recorded', 'Unchanged', 'Ignored', 'Rejected', 'Retried'] as const;

export type TaggerMetric = (typeof TAGGER_METRICS)[number];
export type RecorderMetric = (typeof RECORDER_METRICS)[number];

export const METRIC_NAMESPACE = 'tagwarden';
