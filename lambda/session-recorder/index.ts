import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { isObject } from '../core/cloudtrail';
import { HEARTBEAT_TABLE_ENV } from '../core/heartbeat';
import { METRIC_NAMESPACE, METRIC_SERVICE } from '../core/metrics';
import { settingsFromEnv } from '../core/settings';
import { Heartbeat } from '../aws/heartbeat';
import { DynamoSessionStore } from '../aws/session-store';
import { recordSession, RecorderOutcome } from './record-session';
import { redactSecretFields } from './redaction';

// Created once per container and reused by every invocation.
const settings = settingsFromEnv();
const logger = new Logger({ serviceName: 'tagwarden-session-recorder', jsonReplacerFn: redactSecretFields });
const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE.recorder });
const dynamo = new DynamoDBClient({});
const store = new DynamoSessionStore(dynamo, settings.sessionTableName, settings.sessionDeliveryWindowSeconds);
const heartbeatTable = process.env[HEARTBEAT_TABLE_ENV];
const heartbeat = heartbeatTable
  ? new Heartbeat(dynamo, heartbeatTable, METRIC_SERVICE.recorder, (m, e) => logger.warn(m, e))
  : undefined;

/**
 * The central bus's STS rule targets this function directly (with a retry policy and a DLQ). It returns only when
 * the event was recorded, found unchanged, ignored or rejected; anything else throws, so the event is retried.
 */
export async function handler(event: unknown): Promise<RecorderOutcome['status']> {
  logger.appendKeys({ eventId: eventIdOf(event) });
  try {
    await heartbeat?.seen(event);
    const outcome = await recordSession(event, {
      store,
      log: {
        info: (message, extra) => (extra ? logger.info(message, extra) : logger.info(message)),
        warn: (message, extra) => (extra ? logger.warn(message, extra) : logger.warn(message)),
      },
      count: (name) => metrics.addMetric(name, MetricUnit.Count, 1),
    });
    return outcome.status;
  } catch (e) {
    // Logged for the event id, then rethrown: Lambda retries the event and finally sends it to the DLQ.
    logger.error('session event not processed: it will be retried', e as Error);
    metrics.addMetric('failed', MetricUnit.Count, 1);
    throw e;
  } finally {
    metrics.publishStoredMetrics();
    logger.resetKeys();
  }
}

function eventIdOf(event: unknown): string {
  if (!isObject(event)) return 'unknown';
  if (typeof event.id === 'string') return event.id;
  const record = isObject(event.detail) ? event.detail : event;
  return typeof record.eventID === 'string' ? record.eventID : 'unknown';
}
