import { parseEvent, ParsedEvent } from '../core/cloudtrail';
import { Principal, resolvePrincipal } from '../core/principal';
import { isRejection, RejectionCode } from '../core/rejection';
import { extractResources, ruleFor } from '../core/registry';
import { ResourceRef } from '../core/resource';
import { LookupHint, SessionLookup } from '../core/session';
import { IamTagsResult, PlanSettings, planTags, SessionInput, TagPlan } from '../core/tag-plan';
import { EventFacts, factsOf } from './outcome';
import { IamTagSource, PlanApplier, RetryableError, WriteOutcome } from './ports';

/** What the engine needs from the outside: each is a thin AWS adapter in production and a double in tests. */
export interface EngineDeps {
  settings: PlanSettings;
  sessions: SessionLookup;
  iamTags: IamTagSource;
  applier: PlanApplier;
  /** Adds the resources an event created but does not name (the volumes of launched instances). */
  enrich?: (event: ParsedEvent, resources: ResourceRef[]) => Promise<ResourceRef[]>;
  now?: () => Date;
}

/** Every outcome names its event as far as it can, and the principal once it was resolved. */
interface Known {
  facts: EventFacts;
  principal?: Principal;
}

export type EventOutcome = Known &
  /** Every resource was written or already had its tags. */
  (
    | { status: 'tagged'; plan: TagPlan; outcomes: WriteOutcome[] }
    /** Not an error: the call failed (nothing was created) or no rule covers the event. */
    | { status: 'ignored'; code: RejectionCode; reason: string }
    /** Try again later: the session record may still arrive, or AWS throttled, erred or cannot see the resource yet. */
    | { status: 'retry'; reason: string; plan?: TagPlan; outcomes?: WriteOutcome[] }
    /** Will never succeed as it is: belongs in the dead-letter queue with this reason. */
    | {
        status: 'rejected';
        code: RejectionCode | 'write-failed';
        reason: string;
        plan?: TagPlan;
        outcomes?: WriteOutcome[];
      }
  );

const IGNORED: ReadonlySet<RejectionCode> = new Set(['failed-call', 'unsupported', 'caller-copy']);

/**
 * One create event, from its JSON to tags on its resources: parse, extract, resolve the principal, read its IAM
 * tags and its session, plan, write. It acts only in the event's account. Throws only what it cannot classify
 * (a fault of its own): the caller lets the queue retry those.
 */
export async function tagEvent(input: unknown, deps: EngineDeps): Promise<EventOutcome> {
  let known: Known = { facts: factsOf(input) };
  try {
    const event = parseEvent(input, { handles: (source, name) => ruleFor(source, name) !== undefined });
    known = { facts: { ...known.facts, eventId: event.id, account: event.account, region: event.region } };
    const extracted = extractResources(event);
    const resources = deps.enrich ? await deps.enrich(event, extracted) : extracted;
    const principal = resolvePrincipal(event.record.userIdentity, event.account, event.region);
    known = { ...known, principal };
    const [iamTags, session] = await principalAndSession(event, principal, deps);
    const plan = planTags({ event, resources, principal, iamTags, session, settings: deps.settings });
    if (plan.retry) return { ...known, status: 'retry', reason: plan.retry, plan };

    const outcomes = await deps.applier.apply(plan);
    const failures = outcomes.filter((o) => o.status === 'failed');
    if (failures.length === 0) return { ...known, status: 'tagged', plan, outcomes };
    const reason = failures.map((o) => `${o.resource.arn}: ${o.error?.reason ?? 'failed'}`).join('; ');
    // Re-running the whole event is safe: writes are idempotent. A permanent failure anywhere needs a person.
    if (failures.every((o) => o.error?.retryable)) return { ...known, status: 'retry', reason, plan, outcomes };
    return { ...known, status: 'rejected', code: 'write-failed', reason, plan, outcomes };
  } catch (e) {
    if (isRejection(e)) {
      const reason = e.field ? `${e.message} (field ${e.field})` : e.message;
      if (IGNORED.has(e.code)) return { ...known, status: 'ignored', code: e.code, reason };
      return { ...known, status: 'rejected', code: e.code, reason };
    }
    if (e instanceof RetryableError) return { ...known, status: 'retry', reason: e.message };
    throw e;
  }
}

function readIamTags(principal: Principal, deps: EngineDeps): Promise<IamTagsResult> {
  if (!principal.iamPrincipal) return Promise.resolve({ status: 'none' });
  // Reading would go through another account's tagger role, and copy that account's tags here: only on opt-in.
  if (principal.crossAccount && deps.settings.crossAccountCreators !== 'full') {
    const reason = 'crossAccountCreators is not "full", so nothing is read in the creator\'s account';
    return Promise.resolve({ status: 'not-read', reason });
  }
  return deps.iamTags.read(principal.iamPrincipal);
}

/**
 * The principal's IAM tags and its session record. A role session's lookup waits for the role's trust policy (read
 * with its tags, and cached with them): it tells whether the session can carry session tags at all, which lets the
 * session cache keep the answer for such sessions instead of reading the table for every event of a young session.
 * Everything else reads both at once.
 */
async function principalAndSession(
  event: ParsedEvent,
  principal: Principal,
  deps: EngineDeps,
): Promise<[IamTagsResult, SessionInput]> {
  if (principal.kind !== 'assumed-role')
    return Promise.all([readIamTags(principal, deps), lookupSession(event, principal, deps)]);
  const iamTags = await readIamTags(principal, deps);
  const verdict = iamTags.status === 'read' ? iamTags.tagSession : undefined;
  const hint = verdict ? { mayCarryTags: verdict.mayCarryTags } : undefined;
  return [iamTags, await lookupSession(event, principal, deps, hint)];
}

/**
 * Only sessions of the event's own account are looked up: a session record is written from its own account's
 * STS events, and a principal of another account must not bring its session tags here.
 */
function lookupSession(
  event: ParsedEvent,
  principal: Principal,
  deps: EngineDeps,
  hint?: LookupHint,
): Promise<SessionInput> {
  if (!principal.mayHaveSessionTags)
    return Promise.resolve({ status: 'not-applicable', reason: `a ${principal.kind} has no session tags` });
  if (principal.crossAccount)
    return Promise.resolve({ status: 'not-applicable', reason: `the session belongs to account ${principal.account}` });
  // Credentials from the sign-in service carry a key no STS event issued: the session is found by its ARN.
  const identity = principal.signInSession
    ? { ...event.record.userIdentity, accessKeyId: undefined }
    : event.record.userIdentity;
  return deps.sessions.lookup(event.account, identity, deps.now?.(), hint);
}
