import { ACCOUNT_ID_SOURCE, accountOfArn, PARTITION_SOURCE } from './aws-syntax';
import { describe, isObject, ParsedEvent } from './cloudtrail';
import { Rejection } from './rejection';
import { Tags } from './resource';
import { SESSION_EVENT_NAMES, SESSION_EVENT_SOURCE, SessionRecord } from './session';
import { keyList, overlayTags, pickTags, tagsFromList, tagsFromMap, uniqueKeys } from './session-tags';
import { checkSessionBounds } from './session-bounds';
import { parseStsTime } from './sts-time';

/** What one successful STS call says about the session it created, before role-chain inheritance. */
export interface SessionIssue {
  account: string;
  accessKeyId: string;
  roleArn: string;
  sessionName: string;
  sessionArn: string;
  sourceIdentity?: string;
  /** The tags passed on this call (`tags` or `principalTags`). */
  sessionTags: Tags;
  transitiveTagKeys: string[];
  /** `incomingTransitiveTags` as CloudTrail logged it: often absent even on a role chain. */
  incomingTransitiveTags: Tags;
  issuedAt: Date;
  expiresAt: Date;
  eventId: string;
  /** The session that made this call, when it was itself a role session: its transitive tags pass on. */
  caller?: { accessKeyId: string; account: string };
}

/** Where the credentials sit in the response: never read anything else from it (it holds the session token). */
export const CREDENTIALS_FIELD = 'responseElements.credentials';

const ACCOUNT = `(${ACCOUNT_ID_SOURCE})`;
const PARTITION = `arn:${PARTITION_SOURCE}`;
// A role path may hold any printable ASCII character; the role name only the IAM name characters.
const ROLE_ARN = new RegExp(`^${PARTITION}:iam::${ACCOUNT}:role/(?:[\\x21-\\x7e]*/)?[\\w+=,.@-]+$`);
const ASSUMED_ROLE_ARN = new RegExp(`^${PARTITION}:sts::${ACCOUNT}:assumed-role/([\\w+=,.@-]+)/([\\w+=,.@-]+)$`);
const FEDERATED_USER_ARN = new RegExp(`^${PARTITION}:sts::${ACCOUNT}:federated-user/([\\w+=,.@-]+)$`);
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

/**
 * Reads the session an STS event created, checking that the event is the role owner's copy. Throws a Rejection,
 * never anything else: `failed-call` and the missing-credentials `incomplete` are expected and only ignored (see
 * `isIgnorable`); the other codes mean the event is not one tagwarden may trust.
 */
export function readSessionIssue(parsed: ParsedEvent, now: Date = new Date()): SessionIssue {
  const { record } = parsed;
  const eventName = record.eventName as (typeof SESSION_EVENT_NAMES)[number];
  if (record.eventSource !== SESSION_EVENT_SOURCE || !SESSION_EVENT_NAMES.includes(eventName)) {
    throw new Rejection(
      'unsupported',
      `${record.eventSource} ${record.eventName} does not create a tagged session`,
      'eventName',
    );
  }
  if (record.errorCode !== undefined && record.errorCode !== null) {
    throw new Rejection(
      'failed-call',
      `the ${eventName} call failed with ${describe(record.errorCode)}: no session was created`,
      'errorCode',
    );
  }
  const response = record.responseElements;
  if (!isObject(response) || !isObject(response.credentials)) {
    throw new Rejection(
      'incomplete',
      `the ${eventName} event carries no ${CREDENTIALS_FIELD}: there is no session to record`,
      CREDENTIALS_FIELD,
    );
  }
  const accessKeyId = response.credentials.accessKeyId;
  if (typeof accessKeyId !== 'string' || !ACCESS_KEY_ID.test(accessKeyId)) {
    throw new Rejection(
      'malformed',
      `${CREDENTIALS_FIELD}.accessKeyId must be an access key id, received ${describe(accessKeyId)}`,
      `${CREDENTIALS_FIELD}.accessKeyId`,
    );
  }
  const expiresAt = parseStsTime(response.credentials.expiration, `${CREDENTIALS_FIELD}.expiration`);
  const issuedAt = parseStsTime(record.eventTime, 'eventTime');
  const request = record.requestParameters ?? {};

  const session = eventName === 'GetFederationToken' ? federatedSession(response) : roleSession(response, request);
  checkOwnership(parsed, session);

  const tags = readTags(eventName, request);
  checkSessionBounds({ eventName, issuedAt, expiresAt, chained: record.userIdentity.type === 'AssumedRole', now });
  const sourceIdentity = response.sourceIdentity ?? request.sourceIdentity ?? undefined;
  if (sourceIdentity !== undefined && typeof sourceIdentity !== 'string') {
    throw new Rejection(
      'malformed',
      `sourceIdentity must be a string, received ${describe(sourceIdentity)}`,
      'responseElements.sourceIdentity',
    );
  }
  return {
    account: parsed.account,
    accessKeyId,
    ...session,
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    ...tags,
    issuedAt,
    expiresAt,
    eventId: typeof record.eventID === 'string' ? record.eventID : parsed.id,
    ...callerOf(parsed),
  };
}

/**
 * The record to store: the inherited transitive tags (the caller's record, then what CloudTrail logged as incoming)
 * overlaid with this call's tags. Inherited keys stay transitive, so they pass down the whole chain.
 */
export function buildSessionRecord(issue: SessionIssue, caller?: SessionRecord): SessionRecord {
  const inherited = overlayTags(caller ? transitiveTagsOf(caller) : {}, issue.incomingTransitiveTags);
  return {
    account: issue.account,
    accessKeyId: issue.accessKeyId,
    roleArn: issue.roleArn,
    sessionName: issue.sessionName,
    sessionArn: issue.sessionArn,
    ...(issue.sourceIdentity !== undefined ? { sourceIdentity: issue.sourceIdentity } : {}),
    tags: overlayTags(inherited, issue.sessionTags),
    transitiveTagKeys: uniqueKeys([...Object.keys(inherited), ...issue.transitiveTagKeys]),
    incomingTransitiveTags: inherited,
    issuedAt: issue.issuedAt.toISOString(),
    expiresAt: issue.expiresAt.toISOString(),
    eventId: issue.eventId,
    ...(issue.caller ? { callerAccessKeyId: issue.caller.accessKeyId, callerRecordFound: caller !== undefined } : {}),
  };
}

/**
 * Whether a role chain must wait for its caller's record when that record is missing. Only when CloudTrail logged
 * tags the caller handed on: such a caller got them from its own STS call (tags, transitive keys) or from its own
 * caller, and the STS forwarder sends every such event, so it will arrive. A caller that handed nothing on
 * contributes nothing, and its event may never come: the forwarder keeps home the untagged AssumeRole an AWS service
 * makes for Lambda, EC2 or ECS, whose applications then chain into other roles.
 */
export function awaitsCaller(issue: SessionIssue): boolean {
  return issue.caller !== undefined && Object.keys(issue.incomingTransitiveTags).length > 0;
}

/** The tags a session hands on to the sessions it creates. */
export function transitiveTagsOf(record: SessionRecord): Tags {
  return pickTags(record.tags, record.transitiveTagKeys);
}

/**
 * Failed calls, events without credentials, other STS events and the caller's copy of a cross-account call are
 * expected on the bus: skipped, not refused.
 */
export function isIgnorable(rejection: Rejection): boolean {
  return (
    rejection.code === 'failed-call' ||
    rejection.code === 'unsupported' ||
    rejection.code === 'caller-copy' ||
    (rejection.code === 'incomplete' && rejection.field === CREDENTIALS_FIELD)
  );
}

type SessionIdentity = Pick<SessionIssue, 'roleArn' | 'sessionName' | 'sessionArn'>;

function roleSession(response: Record<string, unknown>, request: Record<string, unknown>): SessionIdentity {
  const user = response.assumedRoleUser;
  const sessionArn = isObject(user) ? user.arn : undefined;
  const session = typeof sessionArn === 'string' ? ASSUMED_ROLE_ARN.exec(sessionArn) : null;
  if (!session) {
    throw new Rejection(
      absentOr(sessionArn),
      `responseElements.assumedRoleUser.arn must be an assumed-role ARN, received ${describe(sessionArn)}`,
      'responseElements.assumedRoleUser.arn',
    );
  }
  const roleArn = request.roleArn;
  if (typeof roleArn !== 'string' || !ROLE_ARN.test(roleArn)) {
    throw new Rejection(
      absentOr(roleArn),
      `requestParameters.roleArn must be a role ARN, received ${describe(roleArn)}`,
      'requestParameters.roleArn',
    );
  }
  return { roleArn, sessionName: session[3], sessionArn: session[0] };
}

function federatedSession(response: Record<string, unknown>): SessionIdentity {
  const user = response.federatedUser;
  const arn = isObject(user) ? user.arn : undefined;
  const match = typeof arn === 'string' ? FEDERATED_USER_ARN.exec(arn) : null;
  if (!match) {
    throw new Rejection(
      absentOr(arn),
      `responseElements.federatedUser.arn must be a federated-user ARN, received ${describe(arn)}`,
      'responseElements.federatedUser.arn',
    );
  }
  return { roleArn: match[0], sessionName: match[2], sessionArn: match[0] };
}

/**
 * Only the role owner's copy may create a record: a cross-account AssumeRole is also logged in the caller's account,
 * and that account must not be able to speak for the role's sessions. Every account the event names for the role
 * must agree; a contradiction is refused rather than guessed at.
 */
function checkOwnership(parsed: ParsedEvent, session: SessionIdentity): void {
  const recipient = parsed.record.recipientAccountId;
  if (typeof recipient !== 'string') {
    throw new Rejection(
      'incomplete',
      'recipientAccountId is missing: the owner of the session cannot be checked',
      'recipientAccountId',
    );
  }
  const claims: [string, string | undefined][] = [
    ['recipientAccountId', recipient],
    ['requestParameters.roleArn', accountOfArn(session.roleArn)],
    ['the session ARN', accountOfArn(session.sessionArn)],
  ];
  for (const [i, resource] of (Array.isArray(parsed.record.resources) ? parsed.record.resources : []).entries()) {
    if (!isObject(resource) || resource.type !== 'AWS::IAM::Role') continue;
    claims.push([`resources[${i}].ARN`, typeof resource.ARN === 'string' ? accountOfArn(resource.ARN) : undefined]);
    claims.push([`resources[${i}].accountId`, typeof resource.accountId === 'string' ? resource.accountId : undefined]);
  }
  if (isCallerCopy(parsed, claims.slice(1))) {
    throw new Rejection(
      'caller-copy',
      `the role ${session.roleArn} belongs to account ${accountOfArn(session.roleArn)}: this is the calling ` +
        "account's copy of a cross-account AssumeRole, and only the role owner's copy creates a session record",
      'requestParameters.roleArn',
    );
  }
  for (const [field, account] of claims) {
    if (account !== parsed.account) {
      throw new Rejection(
        'account-mismatch',
        `${field} names account ${describe(account)} but the event came from ${parsed.account}: only the role owner's copy of the event creates a session record`,
        field,
      );
    }
  }
}

/**
 * CloudTrail logs a cross-account AssumeRole in the caller's account too. That copy is genuine, not a forgery: the
 * event, its recipient and its caller are all of this account, and every claim about the role names one other
 * account. Anything less consistent stays an account mismatch.
 */
function isCallerCopy(parsed: ParsedEvent, roleClaims: [string, string | undefined][]): boolean {
  const identity = parsed.record.userIdentity;
  const fromArn = typeof identity.arn === 'string' ? accountOfArn(identity.arn) : undefined;
  const callerAccount = typeof identity.accountId === 'string' ? identity.accountId : fromArn;
  if (parsed.record.recipientAccountId !== parsed.account || callerAccount !== parsed.account) return false;
  const owners = new Set(roleClaims.map(([, account]) => account));
  return owners.size === 1 && !owners.has(undefined) && !owners.has(parsed.account);
}

function readTags(
  eventName: string,
  request: Record<string, unknown>,
): Pick<SessionIssue, 'sessionTags' | 'transitiveTagKeys' | 'incomingTransitiveTags'> {
  switch (eventName) {
    case 'AssumeRole':
      return {
        sessionTags: tagsFromList(request.tags, 'requestParameters.tags'),
        transitiveTagKeys: keyList(request.transitiveTagKeys, 'requestParameters.transitiveTagKeys'),
        incomingTransitiveTags: tagsFromMap(request.incomingTransitiveTags, 'requestParameters.incomingTransitiveTags'),
      };
    case 'GetFederationToken':
      // A federated user cannot assume a role, so its tags never pass further.
      return {
        sessionTags: tagsFromList(request.tags, 'requestParameters.tags'),
        transitiveTagKeys: [],
        incomingTransitiveTags: {},
      };
    default:
      return {
        sessionTags: tagsFromMap(request.principalTags, 'requestParameters.principalTags'),
        transitiveTagKeys: keyList(request.transitiveTagKeys, 'requestParameters.transitiveTagKeys'),
        incomingTransitiveTags: {},
      };
  }
}

/** A role session calling AssumeRole is a role chain: the caller's record holds the tags it hands on. */
function callerOf(parsed: ParsedEvent): Pick<SessionIssue, 'caller'> {
  const identity = parsed.record.userIdentity;
  if (identity.type !== 'AssumedRole' || typeof identity.accessKeyId !== 'string') return {};
  const account =
    typeof identity.accountId === 'string'
      ? identity.accountId
      : typeof identity.arn === 'string'
        ? accountOfArn(identity.arn)
        : undefined;
  if (!account) {
    throw new Rejection(
      'incomplete',
      'userIdentity names no account for the calling session, so its inherited tags cannot be found',
      'userIdentity.accountId',
    );
  }
  return { caller: { accessKeyId: identity.accessKeyId, account } };
}

/** A missing field makes the event incomplete; a field that is there but wrong makes it malformed. */
function absentOr(value: unknown): 'incomplete' | 'malformed' {
  return value === undefined || value === null ? 'incomplete' : 'malformed';
}
