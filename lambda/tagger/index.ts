import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { AttachedVolumes } from '../aws/attached-volumes';
import { ClientPool } from '../aws/clients';
import { TaggerCredentials } from '../aws/credentials';
import type { DeadLetterSink } from '../aws/dead-letter';
import { Heartbeat } from '../aws/heartbeat';
import { IamTagReader } from '../aws/iam-tags';
import { DynamoSessionReader } from '../aws/session-reader';
import { RetryPolicy } from '../aws/retry';
import { TagApplier } from '../aws/writers';
import { SharedWrites } from '../aws/writers/shared-writes';
import { SessionLookup } from '../core/session';
import { CachedSessionLookup } from '../core/session-cache';
import { HEARTBEAT_TABLE_ENV } from '../core/heartbeat';
import { METRIC_NAMESPACE, METRIC_SERVICE } from '../core/metrics';
import { RuntimeSettings, settingsFromEnv } from '../core/settings';
import { createHandler, HandlerDeps } from './handler';
import { EngineDeps } from '../engine/tag-event';

/**
 * How long a session lookup is reused. Short, because a container may run for hours; a miss whose record may
 * still arrive is never reused (CachedSessionLookup).
 */
export const SESSION_CACHE_SECONDS = 120;

/**
 * The session lookup the tagger reads session tags from: the DynamoDB session reader over
 * `settings.sessionTableName` (the tagger never writes sessions). This is the one place the reader is constructed.
 */
export function createSessionLookup(settings: RuntimeSettings): SessionLookup {
  return new DynamoSessionReader(
    new DynamoDBClient({}),
    settings.sessionTableName,
    settings.sessionDeliveryWindowSeconds,
  );
}

export interface EngineWiring {
  settings: RuntimeSettings;
  sts: STSClient;
  sessions: SessionLookup;
  /** The clock of every cache (tests and the benchmark replay a stream on their own clock). */
  now?: () => number;
  /** In-invocation retries of the writers (default: DEFAULT_RETRY); simulations use pauses of no length. */
  retry?: RetryPolicy;
}

/**
 * The engine with its caches: assumed-role credentials per account, SDK clients per account and region, IAM tags
 * and session lookups with TTLs. Built once per container, so warm invocations reuse all of them. The writes of one
 * SQS batch are shared across its events (SharedWrites), one set per invocation.
 */
export function createEngine(w: EngineWiring): EngineDeps & Pick<HandlerDeps, 'sharedWrites'> {
  const credentials = new TaggerCredentials({ roleName: w.settings.taggerRoleName, sts: w.sts, now: w.now });
  const clients = new ClientPool(credentials);
  const volumes = new AttachedVolumes(clients, w.retry);
  return {
    settings: w.settings,
    sessions: new CachedSessionLookup(w.sessions, { ttlSeconds: SESSION_CACHE_SECONDS, now: w.now }),
    iamTags: new IamTagReader({ clients, ttlSeconds: w.settings.iamTagCacheSeconds, now: w.now }),
    applier: new TagApplier(clients, w.retry),
    sharedWrites: (records) => new SharedWrites(clients, records, w.retry),
    enrich: (event, resources) => volumes.add(event, resources),
    ...(w.now ? { now: () => new Date(w.now!()) } : {}),
  };
}

/**
 * The dead-letter queue is needed only when an event fails for good: its SDK package is loaded then, once, rather
 * than on every cold start.
 */
export function deadLettersOnDemand(queueUrl: string): DeadLetterSink {
  let sink: Promise<DeadLetterSink> | undefined;
  const load = async () => {
    const [{ SQSClient }, { SqsDeadLetterSink }] = await Promise.all([
      import('@aws-sdk/client-sqs'),
      import('../aws/dead-letter'),
    ]);
    return new SqsDeadLetterSink(new SQSClient({}), queueUrl);
  };
  return {
    send: async (letter) => {
      sink ??= load();
      sink.catch(() => (sink = undefined));
      return (await sink).send(letter);
    },
  };
}

/** Everything the handler needs, built once per container and reused by every invocation. */
export function productionDeps(
  env: NodeJS.ProcessEnv = process.env,
  sessionLookup: (settings: RuntimeSettings) => SessionLookup = createSessionLookup,
): HandlerDeps {
  const settings = settingsFromEnv(env);
  const dlqUrl = env.DLQ_URL;
  if (!dlqUrl) throw new Error('DLQ_URL is not set: the function was deployed without its dead-letter queue');
  const maxReceives = env.MAX_RECEIVES ? Number(env.MAX_RECEIVES) : undefined;
  const logger = new Logger({ serviceName: 'tagwarden-tagger' });
  const heartbeatTable = env[HEARTBEAT_TABLE_ENV];
  return {
    ...createEngine({ settings, sts: new STSClient({}), sessions: sessionLookup(settings) }),
    deadLetters: deadLettersOnDemand(dlqUrl),
    logger,
    metrics: new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE.tagger }),
    maxReceives: Number.isInteger(maxReceives) ? maxReceives : undefined,
    ...(heartbeatTable ? { heartbeat: taggerHeartbeat(heartbeatTable, logger) } : {}),
  };
}

/** The tagger's heartbeat writer; a failed write is logged as a warning and never fails the event. */
function taggerHeartbeat(tableName: string, logger: Logger): Heartbeat {
  return new Heartbeat(new DynamoDBClient({}), tableName, METRIC_SERVICE.tagger, (m, e) => logger.warn(m, e));
}

let deps: HandlerDeps | undefined;

export const handler = createHandler(() => (deps ??= productionDeps()));
