import { isObject } from '../../lambda/core/cloudtrail';
import { Principal } from '../../lambda/core/principal';
import { Rejection } from '../../lambda/core/rejection';
import { SESSION_EVENT_NAMES, SESSION_EVENT_SOURCE, SessionRecord } from '../../lambda/core/session';
import { PlanSettings, TagPlan } from '../../lambda/core/tag-plan';
import { factsOf } from '../../lambda/engine/outcome';
import { IamTagSource, SessionStore } from '../../lambda/engine/ports';
import { CallerSessionPending, recordSession } from '../../lambda/engine/record-session';
import { EventOutcome, tagEvent } from '../../lambda/engine/tag-event';
import { ExplainedEvent } from './contract';

/** Where explain gets what the functions would read from AWS: files offline, the real APIs with --live. */
export interface ExplainSources {
  settings: PlanSettings;
  sessions: SessionStore;
  iamTags: IamTagSource;
  /** For raw records that name no account (`--account`). */
  defaultAccount?: string;
  now?: () => Date;
}

const SESSION_EVENTS: ReadonlySet<string> = new Set(SESSION_EVENT_NAMES);

/**
 * What tagwarden would do with each event, in order. The same functions as the deployed handlers decide it: the
 * recorder's recordSession for STS events, the tagger's tagEvent for the rest, with a plan that is printed
 * instead of applied. Session records made by earlier events are visible to later ones, as in the session table.
 */
export async function explainEvents(events: unknown[], sources: ExplainSources): Promise<ExplainedEvent[]> {
  const explained: ExplainedEvent[] = [];
  for (const [index, raw] of events.entries()) {
    const { input, accountAssumed } = withDefaultAccount(raw, sources.defaultAccount);
    const base = { index, ...identify(input), ...(accountAssumed ? { accountAssumed } : {}) };
    explained.push(
      isSessionEvent(input) ? await explainSession(input, base, sources) : await explainCreate(input, base, sources),
    );
  }
  return explained;
}

type Base = Pick<
  ExplainedEvent,
  'index' | 'eventId' | 'eventName' | 'eventSource' | 'account' | 'region' | 'accountAssumed'
>;

const EMPTY = { resources: [], tags: {}, tagSources: {}, writes: [], skipped: [], warnings: [] };

async function explainSession(input: unknown, base: Base, sources: ExplainSources): Promise<ExplainedEvent> {
  const silent = { info: () => undefined, warn: () => undefined };
  try {
    const outcome = await recordSession(input, {
      store: sources.sessions,
      log: silent,
      count: () => undefined,
      now: sources.now,
    });
    if (outcome.status === 'recorded') {
      return {
        ...base,
        ...EMPTY,
        action: 'record-session',
        reason: `would record session ${outcome.record.sessionArn}`,
        session: sessionOf(outcome.record),
      };
    }
    if (outcome.status === 'unchanged')
      return {
        ...base,
        ...EMPTY,
        action: 'ignore',
        reason: `the session record would stay as it is: ${outcome.reason}`,
      };
    return {
      ...base,
      ...EMPTY,
      action: outcome.status === 'ignored' ? 'ignore' : 'reject',
      reason: reasonOf(outcome.rejection),
    };
  } catch (e) {
    if (e instanceof CallerSessionPending) return { ...base, ...EMPTY, action: 'retry', reason: e.message };
    throw e;
  }
}

async function explainCreate(input: unknown, base: Base, sources: ExplainSources): Promise<ExplainedEvent> {
  const outcome = await tagEvent(input, {
    settings: sources.settings,
    sessions: sources.sessions,
    iamTags: sources.iamTags,
    // The plan is the answer: nothing is applied.
    applier: { apply: async () => [] },
    now: sources.now,
  });
  const planned = planOf(outcome);
  const described = planned ? describePlan(planned, outcome.principal) : EMPTY;
  switch (outcome.status) {
    case 'tagged':
      return {
        ...base,
        ...described,
        action: 'tag',
        reason: `would tag ${planned?.resources.length ?? 0} resource(s)`,
      };
    case 'retry':
      return { ...base, ...described, action: 'retry', reason: outcome.reason };
    case 'ignored':
      return { ...base, ...described, action: 'ignore', reason: `${outcome.code}: ${outcome.reason}` };
    case 'rejected':
      return { ...base, ...described, action: 'reject', reason: `${outcome.code}: ${outcome.reason}` };
  }
}

function planOf(outcome: EventOutcome): TagPlan | undefined {
  return 'plan' in outcome ? outcome.plan : undefined;
}

/** The plan as explain prints it, with the principal the engine resolved for it. */
type Described = 'principal' | 'resources' | 'tags' | 'tagSources' | 'writes' | 'skipped' | 'warnings' | 'sessionWait';

function describePlan(plan: TagPlan, principal: Principal | undefined): Pick<ExplainedEvent, Described> {
  return {
    ...(principal
      ? {
          principal: {
            type: principal.kind,
            arn: principal.owner,
            ...(principal.sessionKey ? { sessionKey: principal.sessionKey } : {}),
          },
        }
      : {}),
    resources: plan.resources.map(({ resource: r }) => ({ service: r.service, type: r.type, id: r.id, arn: r.arn })),
    tags: Object.fromEntries(plan.candidates.map((t) => [t.key, t.value])),
    tagSources: Object.fromEntries(plan.candidates.map((t) => [t.key, t.source])),
    writes: plan.resources.map((r) => ({ arn: r.resource.arn, tags: r.write })),
    skipped: [
      ...plan.skipped,
      ...plan.resources.flatMap((r) => r.skipped.map((s) => ({ ...s, detail: `${r.resource.arn}: ${s.detail}` }))),
    ],
    warnings: plan.warnings.map((w) => w.message),
    ...(plan.sessionWait ? { sessionWait: plan.sessionWait } : {}),
  };
}

function sessionOf(r: SessionRecord): NonNullable<ExplainedEvent['session']> {
  return {
    accessKeyId: r.accessKeyId,
    roleArn: r.roleArn,
    sessionName: r.sessionName,
    sessionArn: r.sessionArn,
    expiresAt: r.expiresAt,
    tags: r.tags,
    transitiveTagKeys: r.transitiveTagKeys,
  };
}

function reasonOf(r: Rejection): string {
  return `${r.code}: ${r.message}${r.field ? ` (field ${r.field})` : ''}`;
}

function recordOf(input: unknown): Record<string, unknown> | undefined {
  if (!isObject(input)) return undefined;
  return isObject(input.detail) ? input.detail : input;
}

function isSessionEvent(input: unknown): boolean {
  const record = recordOf(input);
  return (
    record?.eventSource === SESSION_EVENT_SOURCE &&
    typeof record.eventName === 'string' &&
    SESSION_EVENTS.has(record.eventName)
  );
}

/** The identifying fields, as far as the event has them, even when it fails every check. */
function identify(input: unknown): Omit<Base, 'index' | 'accountAssumed'> {
  const { eventId, eventName, eventSource, account, region } = factsOf(input);
  return { eventId, eventName, eventSource, account, region };
}

/** A raw record that names no account gets `--account` as its recipient, so both handlers see the same event. */
function withDefaultAccount(input: unknown, account: string | undefined): { input: unknown; accountAssumed: boolean } {
  if (!account || !isObject(input) || 'detail' in input || input.recipientAccountId !== undefined)
    return { input, accountAssumed: false };
  return { input: { ...input, recipientAccountId: account }, accountAssumed: true };
}
