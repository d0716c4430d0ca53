import { isAccountId } from './aws-syntax';
import { Rejection } from './rejection';

/** The parts of `userIdentity` tagwarden reads. Everything is optional: real records vary by principal type. */
export interface UserIdentity {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  /** IdentityCenterUser: the Identity Center user the call was made for. */
  onBehalfOf?: { userId?: string; identityStoreArn?: string };
  /** IdentityCenterUser: the id of the bearer token used (a credential: never copied anywhere). */
  credentialId?: string;
  sessionContext?: {
    attributes?: { creationDate?: string; mfaAuthenticated?: string };
    sessionIssuer?: { type?: string; principalId?: string; arn?: string; accountId?: string; userName?: string };
    webIdFederationData?: Record<string, unknown>;
    sourceIdentity?: string;
    /** Credentials vended by the sign-in service (console, `aws login`): the sign-in session they belong to. */
    signInSessionArn?: string;
  };
}

/** A CloudTrail record, as it arrives as the `detail` of an EventBridge event or inside a log file. */
export interface CloudTrailRecord {
  eventVersion?: string;
  eventID?: string;
  eventTime?: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  recipientAccountId?: string;
  userIdentity: UserIdentity;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  errorCode?: string;
  errorMessage?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  resources?: { ARN?: string; accountId?: string; type?: string }[];
  [key: string]: unknown;
}

/** A record with the account and region that tagwarden acts in, checked against each other. */
export interface ParsedEvent {
  record: CloudTrailRecord;
  /** The account the event was delivered from: the envelope's account, or recipientAccountId for a raw record. */
  account: string;
  region: string;
  /** The EventBridge event id, or the CloudTrail eventID. Used in logs. */
  id: string;
  /** `s3` for `s3.amazonaws.com`: the first label of eventSource. */
  service: string;
  format: 'eventbridge-envelope' | 'raw-record';
}

export interface ParseOptions {
  /** For offline use only (`explain`): the account to assume when a raw record names none. */
  defaultAccount?: string;
  /**
   * Whether the caller handles this event at all. An event it does not handle is `unsupported` (ignored) before
   * its account fields are checked, so a malformed account in another service's event is not counted as refused.
   */
  handles?: (eventSource: string, eventName: string) => boolean;
}

/**
 * Only AWS can put events whose `source` starts with `aws.` on a bus; anyone allowed to call events:PutEvents can
 * put any other source, with any detail-type. Partner event sources (`aws.partner/...`) are SaaS partners' events.
 */
export const AWS_SOURCE_PREFIX = 'aws.';
export const PARTNER_SOURCE_PREFIX = 'aws.partner/';
/** The envelope field EventBridge adds to an event re-put from an archive by events:StartReplay. */
export const REPLAY_NAME_FIELD = 'replay-name';
/** The eventType of a CloudTrail Insights record: an observation about API call rates, not an API call. */
export const INSIGHT_EVENT_TYPE = 'AwsCloudTrailInsight';

/**
 * Accepts an EventBridge event (`detail-type: AWS API Call via CloudTrail`) or a raw CloudTrail record, checks its
 * shape and that its account fields agree, and returns it with the account and region to act in.
 * Throws a Rejection, never anything else.
 */
export function parseEvent(input: unknown, options: ParseOptions = {}): ParsedEvent {
  if (!isObject(input)) throw new Rejection('malformed', `expected a JSON object, received ${describe(input)}`);
  const envelope = 'detail' in input ? input : undefined;
  if (envelope) checkEmittedByAws(envelope);
  const record = envelope ? envelope.detail : input;
  if (!isObject(record))
    throw new Rejection('malformed', `detail must be an object, received ${describe(record)}`, 'detail');
  if (record.eventType === INSIGHT_EVENT_TYPE) {
    const reason = 'a CloudTrail Insights record describes unusual API activity; it is not an API call';
    throw new Rejection('unsupported', reason, 'eventType');
  }

  const eventSource = requireString(record, 'eventSource');
  const eventName = requireString(record, 'eventName');
  if (options.handles && !options.handles(eventSource, eventName)) {
    throw new Rejection('unsupported', `no rule for ${eventSource} ${eventName}`, 'eventName');
  }
  const awsRegion = requireString(record, 'awsRegion');
  if (!isObject(record.userIdentity)) {
    throw new Rejection(
      'malformed',
      `userIdentity must be an object, received ${describe(record.userIdentity)}`,
      'userIdentity',
    );
  }
  for (const key of ['requestParameters', 'responseElements'] as const) {
    const v = record[key];
    if (v !== undefined && v !== null && !isObject(v))
      throw new Rejection('malformed', `${key} must be an object or null, received ${describe(v)}`, key);
  }

  const recipient = optionalAccount(record.recipientAccountId, 'recipientAccountId');
  let account = recipient;
  if (envelope) {
    const envAccount = optionalAccount(envelope.account, 'account');
    if (envAccount && recipient && envAccount !== recipient) {
      throw new Rejection(
        'account-mismatch',
        `envelope account ${envAccount} differs from recipientAccountId ${recipient}`,
        'recipientAccountId',
      );
    }
    if (typeof envelope.region === 'string' && envelope.region !== awsRegion) {
      throw new Rejection(
        'account-mismatch',
        `envelope region ${envelope.region} differs from awsRegion ${awsRegion}`,
        'awsRegion',
      );
    }
    account = envAccount ?? recipient;
  }
  account ??= options.defaultAccount;
  if (!account) {
    throw new Rejection(
      'incomplete',
      'the event names no account: it has neither an envelope account nor recipientAccountId',
      'recipientAccountId',
    );
  }

  const id = stringOr(envelope?.id) ?? stringOr(record.eventID) ?? 'unknown';
  return {
    record: record as CloudTrailRecord,
    account,
    region: awsRegion,
    id,
    service: firstLabel(eventSource),
    format: envelope ? 'eventbridge-envelope' : 'raw-record',
  };
}

/**
 * The envelope must be one AWS put and not a replay: defence in depth behind the rules' own source and replay
 * conditions. `source` is not paired with detail.eventSource: the mapping is not mechanical
 * (`monitoring.amazonaws.com` is `aws.cloudwatch`), and one wrong pair would silently drop a service.
 */
function checkEmittedByAws(envelope: Record<string, unknown>): void {
  const source = envelope.source;
  if (typeof source !== 'string' || !source.startsWith(AWS_SOURCE_PREFIX) || source.startsWith(PARTNER_SOURCE_PREFIX)) {
    throw new Rejection(
      'untrusted-source',
      `source ${describe(source)} is not an AWS service source (aws.*, partner sources excluded): ` +
        'anyone allowed to put events can send it',
      'source',
    );
  }
  if (REPLAY_NAME_FIELD in envelope) {
    const replay = describe(envelope[REPLAY_NAME_FIELD]);
    const message = `the event was re-put from an archive by replay ${replay}: only first deliveries are acted on`;
    throw new Rejection('replayed', message, REPLAY_NAME_FIELD);
  }
}

/** Splits a CloudTrail log file (`{"Records": [...]}`) into its records; any other input is one event. */
export function eventsOf(input: unknown): unknown[] {
  if (isObject(input) && Array.isArray(input.Records)) return input.Records;
  if (Array.isArray(input)) return input;
  return [input];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requireString(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0)
    throw new Rejection('malformed', `${key} must be a non-empty string, received ${describe(v)}`, key);
  return v;
}

function optionalAccount(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isAccountId(v))
    throw new Rejection('malformed', `${field} must be a 12-digit account id, received ${describe(v)}`, field);
  return v;
}

/** `s3` for `s3.amazonaws.com`: the text before the first dot, or all of it. */
function firstLabel(eventSource: string): string {
  const dot = eventSource.indexOf('.');
  return dot < 0 ? eventSource : eventSource.slice(0, dot);
}

function stringOr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A short, safe description of a value for an error message (never the whole value: it may be large). */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}..."` : s;
}
