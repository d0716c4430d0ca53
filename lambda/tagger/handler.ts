import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DeadLetterSink } from '../aws/dead-letter';
import { TaggerMetric } from '../core/metrics';
import { factsOf, OutcomeKind, OutcomeLine } from '../engine/outcome';
import { PlanApplier } from '../engine/ports';
import { EngineDeps, EventOutcome, tagEvent } from '../engine/tag-event';

export interface HandlerDeps extends EngineDeps {
  deadLetters: DeadLetterSink;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  metrics: Pick<Metrics, 'addMetric' | 'publishStoredMetrics'>;
  /** The queue's maxReceiveCount. On the last receive a still-failing event is dead-lettered here, with its reason. */
  maxReceives?: number;
  /** Notes the event's (account, region) as alive; never throws. */
  heartbeat?: { seen(input: unknown): Promise<unknown> };
  /** Writes shared by the events of one batch (SharedWrites): a slot per record, in the batch's order. */
  sharedWrites?: (records: number) => { slot(record: number): BatchSlot };
}

/** One record's share of the batch's writes: its applier, closed when the record is done. */
export type BatchSlot = PlanApplier & { close(): void };

/** Thrown for a record that SQS should deliver again. */
export class RetryLater extends Error {
  override name = 'RetryLater';
}

/**
 * How each SQS record ends, logged as one outcome line (OutcomeLine) per record:
 * - tagged or ignored: success (the message is deleted);
 * - rejected (malformed, incomplete, account mismatch, permanent API error): sent to the DLQ by this function with
 *   its reason as message attributes, then success, so SQS does not redeliver it: logged as dead-lettered;
 * - retry (session may still arrive, throttling, not yet visible, an unexpected fault): reported as a batch item
 *   failure so SQS redelivers it after the visibility timeout; on the last allowed receive it is dead-lettered
 *   with the reason instead. If sending to the DLQ fails, the record fails and the queue's own redrive policy
 *   remains the backstop.
 */
export function createRecordHandler(
  deps: HandlerDeps,
  slotOf?: (record: SQSRecord) => BatchSlot | undefined,
): (record: SQSRecord) => Promise<void> {
  return async (record) => {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    const lastReceive = deps.maxReceives !== undefined && receiveCount >= deps.maxReceives;
    const slot = slotOf?.(record);
    let outcome: EventOutcome;
    try {
      const input = JSON.parse(record.body) as unknown;
      await deps.heartbeat?.seen(input);
      outcome = await tagEvent(input, slot ? { ...deps, applier: slot } : deps);
    } catch (e) {
      const notJson = e instanceof SyntaxError;
      const reason = notJson
        ? `the message body is not JSON: ${e.message}`
        : `unexpected fault: ${(e as Error).message ?? String(e)}`;
      const facts = notJson ? {} : factsOf(safeParse(record.body));
      outcome = notJson ? { facts, status: 'rejected', code: 'malformed', reason } : { facts, status: 'retry', reason };
    } finally {
      slot?.close();
    }
    const log = (kind: OutcomeKind, level: 'info' | 'warn' | 'error', extra: Partial<OutcomeLine> = {}) =>
      deps.logger[level](kind, { ...outcomeLine(outcome, kind), ...extra, messageId: record.messageId, receiveCount });
    count(deps, outcome);

    switch (outcome.status) {
      case 'tagged':
        log('tagged', 'info');
        return;
      case 'ignored':
        log('ignored', 'info');
        return;
      case 'rejected':
        await deadLetter(deps, record, receiveCount, outcome.code, outcome.reason, outcome.facts.eventId);
        log('dead-lettered', 'error');
        return;
      case 'retry':
        if (lastReceive) {
          const reason = `gave up after ${receiveCount} receives: ${outcome.reason}`;
          await deadLetter(deps, record, receiveCount, 'retries-exhausted', reason, outcome.facts.eventId);
          log('dead-lettered', 'error', { code: 'retries-exhausted', reason });
          return;
        }
        log('retry', 'warn');
        throw new RetryLater(outcome.reason);
    }
  };
}

/** The outcome line of a tagger event: the schema both functions share, plus what each resource got. */
export function outcomeLine(outcome: EventOutcome, kind: OutcomeKind): OutcomeLine & Record<string, unknown> {
  const plan = outcome.status === 'ignored' ? undefined : outcome.plan;
  const writes = 'outcomes' in outcome ? outcome.outcomes : undefined;
  const reason =
    outcome.status === 'tagged'
      ? `${writes?.filter((o) => o.status === 'written').length ?? 0} of ${plan?.resources.length ?? 0} resource(s) written, the others already had their tags`
      : outcome.reason;
  return {
    outcome: kind,
    ...outcome.facts,
    ...('code' in outcome ? { code: outcome.code } : {}),
    reason,
    resources: plan?.resources.map((r) => r.resource.arn) ?? [],
    ...(outcome.principal ? { principal: outcome.principal.owner } : {}),
    ...(writes
      ? {
          results: writes.map((o) => ({
            arn: o.resource.arn,
            status: o.status,
            written: o.written,
            ...(o.error ? { error: o.error.reason } : {}),
          })),
        }
      : {}),
    ...(plan && plan.warnings.length > 0
      ? { warnings: plan.warnings.map(({ code, message }) => ({ code, message })) }
      : {}),
  };
}

function safeParse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

async function deadLetter(
  deps: HandlerDeps,
  record: SQSRecord,
  receiveCount: number,
  code: string,
  reason: string,
  eventId?: string,
): Promise<void> {
  await deps.deadLetters.send({
    body: record.body,
    code,
    reason,
    eventId,
    sourceMessageId: record.messageId,
    receiveCount,
  });
  add(deps, 'DeadLettered', 1);
}

function add(deps: HandlerDeps, name: TaggerMetric, n: number): void {
  if (n > 0) deps.metrics.addMetric(name, MetricUnit.Count, n);
}

function count(deps: HandlerDeps, outcome: EventOutcome): void {
  add(deps, 'Events', 1);
  if (outcome.status === 'rejected') add(deps, 'Rejected', 1);
  if (outcome.status === 'ignored') add(deps, 'Ignored', 1);
  if (outcome.status === 'retry') add(deps, 'Retried', 1);
  const plan = outcome.status === 'ignored' ? undefined : outcome.plan;
  if (plan?.warnings.some((w) => w.code === 'session-missing') || (outcome.status === 'retry' && plan?.retry))
    add(deps, 'MissingSession', 1);
  if (plan?.warnings.some((w) => w.code === 'iam-tags-unavailable')) add(deps, 'IamTagsUnavailable', 1);
  if (outcome.status === 'ignored' || !('outcomes' in outcome) || !outcome.outcomes) return;
  const outcomes = outcome.outcomes;
  add(deps, 'TaggedResources', outcomes.filter((o) => o.status === 'written').length);
  add(
    deps,
    'SkippedTags',
    (plan?.skipped.length ?? 0) +
      outcomes.reduce((n, o) => n + o.skipped.filter((s) => s.reason !== 'over-limit').length, 0),
  );
  add(
    deps,
    'Conflicts',
    outcomes.reduce((n, o) => n + o.conflicts.length, 0),
  );
  add(
    deps,
    'DroppedByLimit',
    outcomes.reduce((n, o) => n + o.skipped.filter((s) => s.reason === 'over-limit').length, 0),
  );
}

/** The Lambda entry point over SQS batches: records are processed concurrently, failures reported per item. */
export function createHandler(
  deps: () => HandlerDeps,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) => {
    const d = deps();
    try {
      // Shared writes wait for every record of the batch to hand in its plan: the records must run concurrently.
      const shared = d.sharedWrites?.(event.Records.length);
      const indexOf = (record: SQSRecord) => event.Records.findIndex((r) => r.messageId === record.messageId);
      const slotOf = shared ? (record: SQSRecord) => shared.slot(indexOf(record)) : undefined;
      const handle = createRecordHandler(d, slotOf);
      const options = { context, throwOnFullBatchFailure: false, processInParallel: true };
      return await processPartialResponse(event, handle, processor, options);
    } finally {
      d.metrics.publishStoredMetrics();
    }
  };
}
