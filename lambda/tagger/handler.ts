import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DeadLetterSink } from '../aws/dead-letter';
import { TAGGER_METRIC } from '../core/metrics';
import { OUTCOME_MESSAGE } from '../core/outcome-log';
import { EngineDeps, EventOutcome, processEvent } from './process-event';

export interface HandlerDeps extends EngineDeps {
  deadLetters: DeadLetterSink;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  metrics: Pick<Metrics, 'addMetric' | 'publishStoredMetrics'>;
  /** The queue's maxReceiveCount. On the last receive a still-failing event is dead-lettered here, with its reason. */
  maxReceives?: number;
  /** Notes the event's (account, region) as alive; never throws. */
  heartbeat?: { seen(input: unknown): Promise<unknown> };
}

/** Thrown for a record that SQS should deliver again. */
export class RetryLater extends Error {
  override name = 'RetryLater';
}

/**
 * How each SQS record ends:
 * - tagged or ignored: success (the message is deleted);
 * - rejected (malformed, incomplete, account mismatch, permanent API error): sent to the DLQ by this function with
 *   its reason as message attributes, then success, so SQS does not redeliver it;
 * - retry (session may still arrive, throttling, not yet visible, an unexpected fault): reported as a batch item
 *   failure so SQS redelivers it after the visibility timeout; on the last allowed receive it is dead-lettered
 *   with the reason instead. If sending to the DLQ fails, the record fails and the queue's own redrive policy
 *   remains the backstop.
 */
export function createRecordHandler(deps: HandlerDeps): (record: SQSRecord) => Promise<void> {
  return async (record) => {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    const lastReceive = deps.maxReceives !== undefined && receiveCount >= deps.maxReceives;
    let outcome: EventOutcome;
    try {
      const input = JSON.parse(record.body) as unknown;
      await deps.heartbeat?.seen(input);
      outcome = await processEvent(input, deps);
    } catch (e) {
      const reason = e instanceof SyntaxError ? `the message body is not JSON: ${e.message}` : `unexpected fault: ${(e as Error).message ?? String(e)}`;
      outcome = e instanceof SyntaxError ? { status: 'rejected', code: 'malformed', reason } : { status: 'retry', reason };
    }
    const log = { messageId: record.messageId, eventId: outcome.eventId, receiveCount };
    count(deps, outcome);

    switch (outcome.status) {
      case 'tagged':
        deps.logger.info(OUTCOME_MESSAGE.tagged, { ...log, resources: outcome.outcomes.map((o) => ({ arn: o.resource.arn, status: o.status, written: o.written })), warnings: outcome.plan.warnings });
        return;
      case 'ignored':
        deps.logger.info(OUTCOME_MESSAGE.ignored, { ...log, code: outcome.code, reason: outcome.reason });
        return;
      case 'rejected':
        await deadLetter(deps, record, receiveCount, outcome.code, outcome.reason, outcome.eventId);
        deps.logger.error(OUTCOME_MESSAGE.deadLettered, { ...log, code: outcome.code, reason: outcome.reason });
        return;
      case 'retry':
        if (lastReceive) {
          const reason = `gave up after ${receiveCount} receives: ${outcome.reason}`;
          await deadLetter(deps, record, receiveCount, 'retries-exhausted', reason, outcome.eventId);
          deps.logger.error(OUTCOME_MESSAGE.deadLettered, { ...log, code: 'retries-exhausted', reason });
          return;
        }
        deps.logger.warn(OUTCOME_MESSAGE.retry, { ...log, reason: outcome.reason });
        throw new RetryLater(outcome.reason);
    }
  };
}

async function deadLetter(deps: HandlerDeps, record: SQSRecord, receiveCount: number, code: string, reason: string, eventId?: string): Promise<void> {
  await deps.deadLetters.send({ body: record.body, code, reason, eventId, sourceMessageId: record.messageId, receiveCount });
  deps.metrics.addMetric(TAGGER_METRIC.deadLettered, MetricUnit.Count, 1);
}

function count(deps: HandlerDeps, outcome: EventOutcome): void {
  const add = (name: string, n: number) => {
    if (n > 0) deps.metrics.addMetric(name, MetricUnit.Count, n);
  };
  add(TAGGER_METRIC.events, 1);
  if (outcome.status === 'rejected') add(TAGGER_METRIC.rejected, 1);
  if (outcome.status === 'ignored') add('Ignored', 1);
  if (outcome.status === 'retry') add('Retried', 1);
  const plan = outcome.status === 'ignored' ? undefined : outcome.plan;
  const sessionMissing = plan?.warnings.some((w) => w.code === 'session-missing') || (outcome.status === 'retry' && plan?.retry);
  if (sessionMissing) add(TAGGER_METRIC.missingSession, 1);
  if (plan?.warnings.some((w) => w.code === 'iam-tags-unavailable')) add(TAGGER_METRIC.iamTagsUnavailable, 1);
  if (outcome.status === 'ignored' || !('outcomes' in outcome) || !outcome.outcomes) return;
  const outcomes = outcome.outcomes;
  add('TaggedResources', outcomes.filter((o) => o.status === 'written').length);
  add('SkippedTags', (plan?.skipped.length ?? 0) + outcomes.reduce((n, o) => n + o.skipped.filter((s) => s.reason !== 'over-limit').length, 0));
  add('Conflicts', outcomes.reduce((n, o) => n + o.conflicts.length, 0));
  add('DroppedByLimit', outcomes.reduce((n, o) => n + o.skipped.filter((s) => s.reason === 'over-limit').length, 0));
}

/** The Lambda entry point over SQS batches: records are processed concurrently, failures reported per item. */
export function createHandler(deps: () => HandlerDeps): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) => {
    const d = deps();
    try {
      return await processPartialResponse(event, createRecordHandler(d), processor, { context, throwOnFullBatchFailure: false });
    } finally {
      d.metrics.publishStoredMetrics();
    }
  };
}
