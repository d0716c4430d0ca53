import { parseEvent, UserIdentity } from '../core/cloudtrail';
import { isRejection, Rejection } from '../core/rejection';
import { isSessionEvent, SessionRecord } from '../core/session';
import { awaitsCaller, buildSessionRecord, isIgnorable, readSessionIssue, SessionIssue } from '../core/session-record';
import { SessionStore } from '../aws/session-store';
import { secretsOf, scrubbingLog } from './redaction';

/** The log lines the recorder writes. Powertools' Logger fits; so does a test's capture. */
export interface RecorderLog {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

export type RecorderMetricName = 'recorded' | 'unchanged' | 'ignored' | 'rejected';

export interface RecorderDeps {
  store: SessionStore;
  log: RecorderLog;
  count(metric: RecorderMetricName): void;
  now?: () => Date;
}

export type RecorderOutcome =
  | { status: 'recorded'; record: SessionRecord }
  | { status: 'unchanged'; reason: string }
  | { status: 'ignored' | 'rejected'; rejection: Rejection };

/**
 * The caller of a role chain has no record yet, but it is young enough that its STS event may still arrive
 * (delivery is unordered). Not a Rejection: thrown so that the invocation is retried.
 */
export class CallerSessionPending extends Error {
  constructor(readonly callerAccessKeyId: string) {
    super(`the calling session ${callerAccessKeyId} has no record yet and its STS event may still arrive: retry later`);
    this.name = 'CallerSessionPending';
  }
}

/**
 * One STS event to one session record. Rejections are logged with their reason and counted; any other error
 * (DynamoDB, a pending caller) is thrown so that the event is retried and finally kept by the DLQ.
 */
export async function recordSession(event: unknown, deps: RecorderDeps): Promise<RecorderOutcome> {
  const now = deps.now?.() ?? new Date();
  // Error messages quote field values; a mangled event could put the token in any field, so scrub it everywhere.
  const log = scrubbingLog(deps.log, secretsOf(event));
  let issue: SessionIssue;
  let identity: UserIdentity;
  try {
    const parsed = parseEvent(event, { handles: isSessionEvent });
    identity = parsed.record.userIdentity;
    issue = readSessionIssue(parsed, now);
  } catch (e) {
    if (!isRejection(e)) throw e;
    const status = isIgnorable(e) ? 'ignored' : 'rejected';
    log[status === 'ignored' ? 'info' : 'warn'](`session event ${status}`, { code: e.code, field: e.field, reason: e.message });
    deps.count(status);
    return { status, rejection: e };
  }

  const caller = issue.caller ? await findCaller(issue, issue.caller, identity, deps.store, log, now) : undefined;
  const record = buildSessionRecord(issue, caller);
  const outcome = await deps.store.put(record);
  if (outcome.status === 'unchanged') {
    log.info('session record unchanged', { sessionArn: record.sessionArn, reason: outcome.reason });
    deps.count('unchanged');
    return outcome;
  }
  log.info('session recorded', {
    sessionArn: record.sessionArn,
    account: record.account,
    tagKeys: Object.keys(record.tags),
    transitiveTagKeys: record.transitiveTagKeys,
    inheritedFromCaller: record.callerRecordFound ?? false,
    expiresAt: record.expiresAt,
  });
  deps.count('recorded');
  return { status: 'recorded', record };
}

async function findCaller(
  issue: SessionIssue,
  caller: NonNullable<SessionIssue['caller']>,
  identity: UserIdentity,
  store: SessionStore,
  log: RecorderLog,
  now: Date,
): Promise<SessionRecord | undefined> {
  const found = await store.lookup(caller.account, identity, now);
  if (found.status === 'found') return found.record;
  if (found.mayStillArrive && awaitsCaller(issue)) throw new CallerSessionPending(caller.accessKeyId);
  // An old caller without a record (made before tagwarden ran, or refused), or one that handed nothing on (an AWS
  // service's session the forwarder kept home): only the logged incoming tags pass on.
  log.warn('calling session has no record: inheriting only the incoming transitive tags CloudTrail logged', { reason: found.reason });
  return undefined;
}

