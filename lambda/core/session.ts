import { UserIdentity } from './cloudtrail';
import { Tags } from './resource';

/** The STS events that create sessions, and so carry session tags. Forwarded from every governed region. */
export const SESSION_EVENT_SOURCE = 'sts.amazonaws.com';
export const SESSION_EVENT_NAMES = [
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetFederationToken',
] as const;

/** Whether an event is one of the STS session events. */
export function isSessionEvent(eventSource: string, eventName: string): boolean {
  return eventSource === SESSION_EVENT_SOURCE && (SESSION_EVENT_NAMES as readonly string[]).includes(eventName);
}

/** What the session table holds for one STS session, keyed by its temporary access key id. */
export interface SessionRecord {
  account: string;
  accessKeyId: string;
  /** The role (or, for GetFederationToken, the federated user) the session belongs to. */
  roleArn: string;
  sessionName: string;
  /** `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` (or `federated-user/NAME`). */
  sessionArn: string;
  sourceIdentity?: string;
  /** The effective session tags: inherited transitive tags overlaid with the tags passed on this call. */
  tags: Tags;
  transitiveTagKeys: string[];
  incomingTransitiveTags: Tags;
  /** ISO 8601. */
  issuedAt: string;
  /** ISO 8601. */
  expiresAt: string;
  /** The STS event the record came from. */
  eventId: string;
  /** Set on a role chain: the access key id of the session that made the call. */
  callerAccessKeyId?: string;
  /** On a role chain: whether the caller's record was there to inherit from (if not, only the logged incoming tags were). */
  callerRecordFound?: boolean;
}

export type SessionLookupResult =
  | { status: 'found'; record: SessionRecord }
  /** `mayStillArrive`: the session is young enough that its STS event may still be on its way: retry later. */
  | { status: 'missing'; mayStillArrive: boolean; reason: string };

/** What the caller already knows of the session it looks up. */
export interface LookupHint {
  /**
   * False when the role's trust policy allows sts:TagSession to no one: the session carries no session tags, so a
   * record that is not there is not waited for, and a cache may keep that answer as long as the session can live.
   */
  mayCarryTags: boolean;
}

/** The lookup the tagger uses: the session store implements it over DynamoDB. */
export interface SessionLookup {
  lookup(account: string, identity: UserIdentity, now?: Date, hint?: LookupHint): Promise<SessionLookupResult>;
}

/**
 * The session table's layout, shared by the CDK construct that creates it and the store that reads and writes it.
 * Access key ids are unique across AWS, so the key alone is the partition key; the account is stored and checked.
 */
export const SESSION_TABLE = {
  partitionKey: 'accessKeyId',
  /** Secondary lookup for events without an access key: newest session of an assumed-role ARN first. */
  arnIndexName: 'bySessionArn',
  arnIndexPartitionKey: 'sessionArn',
  arnIndexSortKey: 'issuedAt',
  /** Epoch seconds of `credentials.expiration`: DynamoDB TTL removes expired sessions. */
  ttlAttribute: 'expiresAtEpoch',
} as const;
