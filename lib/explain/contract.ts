import { SkippedTag, TagSource } from '../../lambda/core/tag-merge';

/**
 * The `tagwarden explain --json` contract. Version 1: fields are only ever added within a version; a removed or
 * renamed field means a new version.
 */
export const EXPLAIN_CONTRACT_VERSION = 1;

export type ExplainAction =
  /** A create event: the tags in `tags` would be written on `resources`. */
  | 'tag'
  /** An STS event: the session record in `session` would be written. */
  | 'record-session'
  /** Not for tagwarden (a failed call, an event with no rule): nothing would happen. */
  | 'ignore'
  /** Refused (malformed, accounts disagree, a write would fail for good): it would land in the DLQ. */
  | 'reject'
  /** Live mode only: the session's STS event may still be on its way, so the tagger would retry later. */
  | 'retry';

export interface ExplainedEvent {
  /** Position in the input, from 0. */
  index: number;
  eventId?: string;
  eventName?: string;
  eventSource?: string;
  account?: string;
  region?: string;
  /** True when the raw record named no account and `--account` supplied it. */
  accountAssumed?: boolean;
  action: ExplainAction;
  /** Why: the rejection or ignore reason, or a one-line summary of what would be done. */
  reason: string;
  principal?: { type: string; arn: string; sessionKey?: string };
  resources: { service: string; type: string; id: string; arn: string }[];
  /** The tags the principal contributes (before each resource's keep-existing check), key to value. */
  tags: Record<string, string>;
  /** Where each tag of `tags` came from. */
  tagSources: Record<string, TagSource>;
  /** Per resource, the tags that would be written after its existing tags and its limit were taken into account. */
  writes: { arn: string; tags: Record<string, string> }[];
  skipped: SkippedTag[];
  warnings: string[];
  /**
   * When the creator's session record was not found: whether the tagger waits for it (only sessions that can carry
   * session tags are waited for) and why.
   */
  sessionWait?: { waits: boolean; reason: string };
  session?: {
    accessKeyId: string;
    roleArn: string;
    sessionName: string;
    sessionArn: string;
    expiresAt: string;
    tags: Record<string, string>;
    transitiveTagKeys: string[];
  };
}

export interface ExplainReport {
  version: typeof EXPLAIN_CONTRACT_VERSION;
  /** The config file used, or null for the built-in defaults. */
  config: string | null;
  events: ExplainedEvent[];
  /** How many events got each action. */
  summary: Partial<Record<ExplainAction, number>>;
}
