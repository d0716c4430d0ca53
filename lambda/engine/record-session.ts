import { parseEvent, UserIdentity } from '../core/cloudtrail';
import { isRejection, Rejection } from '../core/rejection';
import { isSessionEvent, SessionRecord } from '../core/session';
import { awaitsCaller, buildSessionRecord, isIgnorable, readSessionIssue, SessionIssue } from '../core/session-record';
import { RecorderMetric } from '../core/metrics';
import { EventFacts, factsOf, OutcomeLine, OutcomeWarning } from './outcome';
import { SessionStore } from './ports';
import { secretsOf, scrubbingLog } from './redaction';

/** The log lines the recorder writes. Powertools' Logger fits; so does a test's capture. */
export interface RecorderLog {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

export interface RecorderDeps {
  store: SessionStore;
  /** Gets the event's one outcome line (OutcomeLine), scrubbed of the event's secrets. */
  log: RecorderLog;
  count(metric: RecorderMetric): void;
  now?: () => Date;
}

export type RecorderOutcome = { facts: EventFacts; warnings: OutcomeWarning[] } & (
  | { status: 'recorded'; record: SessionRecord }
  | { status: 'unchanged'; reason: string; sessionArn: string }
  | { status: 'ignored' | 'rejected'; rejection: Rejection }
);

const METRIC: Record<RecorderOutcome['status'], RecorderMetric> = {
  recorded: 'Recorded',
  unchanged: 'Unchanged',
  ignored: 'Ignored',
  rejected: 'Rejected',
};

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
  const outcome = await decide(event, deps.store, now);
  const line = recorderLine(outcome);
  log[outcome.status === 'rejected' ? 'warn' : 'info'](line.outcome, { ...line });
  deps.count(METRIC[outcome.status]);
  return outcome;
}

async function decide(event: unknown, store: SessionStore, now: Date): Promise<RecorderOutcome> {
  let facts = factsOf(event);
  let issue: SessionIssue;
  let identity: UserIdentity;
  try {
    const parsed = parseEvent(event, { handles: isSessionEvent });
    facts = { ...facts, eventId: parsed.id, account: parsed.account, region: parsed.region };
    identity = parsed.record.userIdentity;
    issue = readSessionIssue(parsed, now);
  } catch (e) {
    if (!isRejection(e)) throw e;
    return { facts, warnings: [], status: isIgnorable(e) ? 'ignored' : 'rejected', rejection: e };
  }

  const warnings: OutcomeWarning[] = [];
  const caller = issue.caller ? await findCaller(issue, issue.caller, identity, store, warnings, now) : undefined;
  const record = buildSessionRecord(issue, caller);
  const outcome = await store.put(record);
  if (outcome.status === 'unchanged') {
    return { facts, warnings, status: 'unchanged', reason: outcome.reason, sessionArn: record.sessionArn };
  }
  return { facts, warnings, status: 'recorded', record };
}

/** The recorder's outcome line: the schema both functions share, plus what the session record holds. */
export function recorderLine(outcome: RecorderOutcome): OutcomeLine & Record<string, unknown> {
  const warnings = outcome.warnings.length > 0 ? { warnings: outcome.warnings } : {};
  const base = { ...outcome.facts, resources: [], ...warnings };
  switch (outcome.status) {
    case 'recorded': {
      const r = outcome.record;
      return {
        outcome: 'recorded',
        ...base,
        reason: `session ${r.sessionArn} recorded`,
        sessionArn: r.sessionArn,
        tagKeys: Object.keys(r.tags),
        transitiveTagKeys: r.transitiveTagKeys,
        inheritedFromCaller: r.callerRecordFound ?? false,
        expiresAt: r.expiresAt,
      };
    }
    case 'unchanged':
      return { outcome: 'unchanged', ...base, reason: outcome.reason, sessionArn: outcome.sessionArn };
    default: {
      const r = outcome.rejection;
      const reason = r.field ? `${r.message} (field ${r.field})` : r.message;
      return { outcome: outcome.status, ...base, code: r.code, reason };
    }
  }
}

async function findCaller(
  issue: SessionIssue,
  caller: NonNullable<SessionIssue['caller']>,
  identity: UserIdentity,
  store: SessionStore,
  warnings: OutcomeWarning[],
  now: Date,
): Promise<SessionRecord | undefined> {
  const found = await store.lookup(caller.account, identity, now);
  if (found.status === 'found') return found.record;
  if (found.mayStillArrive && awaitsCaller(issue)) throw new CallerSessionPending(caller.accessKeyId);
  // An old caller without a record (made before tagwarden ran, or refused), or one that handed nothing on (an AWS
  // service's session the forwarder kept home): only the logged incoming tags pass on.
  warnings.push({
    code: 'caller-missing',
    message:
      `the calling session has no record (${found.reason}): ` +
      'only the incoming transitive tags CloudTrail logged pass on',
  });
  return undefined;
}
