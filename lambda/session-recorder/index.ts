import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { HEARTBEAT_TABLE_ENV } from '../core/heartbeat';
import { METRIC_NAMESPACE, METRIC_SERVICE, RecorderMetric } from '../core/metrics';
import { settingsFromEnv } from '../core/settings';
import { Heartbeat } from '../aws/heartbeat';
import { DynamoSessionStore } from '../aws/session-store';
import { factsOf, OutcomeLine } from '../engine/outcome';
import { recordSession, RecorderOutcome } from '../engine/record-session';
import { redactSecretFields } from '../engine/redaction';

// Created once per container and reused by every invocation.
const settings = settingsFromEnv();
const logger = new Logger({ serviceName: 'tagwarden-session-recorder', jsonReplacerFn: redactSecretFields });
const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE.recorder });
const dynamo = new DynamoDBClient({});
const store = new DynamoSessionStore(dynamo, settings.sessionTableName, settings.sessionDeliveryWindowSeconds);
const count = (name: RecorderMetric) => metrics.addMetric(name, MetricUnit.Count, 1);
const heartbeatTable = process.env[HEARTBEAT_TABLE_ENV];
const heartbeat = heartbeatTable
  ? new Heartbeat(dynamo, heartbeatTable, METRIC_SERVICE.recorder, (m, e) => logger.warn(m, e))
  : undefined;

/**
 * The central bus's STS rule targets this function directly (with a retry policy and a DLQ). It returns only when
 * the event was recorded, found unchanged, ignored or rejected; anything else throws, so the event is retried.
 * Either way the event gets one outcome line.
 */
export async function handler(event: unknown): Promise<RecorderOutcome['status']> {
  try {
    await heartbeat?.seen(event);
    const outcome = await recordSession(event, {
      store,
      log: {
        info: (message, extra) => logger.info(message, extra ?? {}),
        warn: (message, extra) => logger.warn(message, extra ?? {}),
      },
      count,
    });
    return outcome.status;
  } catch (e) {
    // Rethrown: Lambda retries the event and finally sends it to the DLQ.
    const reason = `${(e as Error).name}: ${(e as Error).message}`;
    const line: OutcomeLine = { outcome: 'retry', ...factsOf(event), resources: [], reason };
    logger.warn(line.outcome, { ...line });
    count('Retried');
    throw e;
  } finally {
    metrics.publishStoredMetrics();
  }
}
