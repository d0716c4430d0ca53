import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { ClientPool } from '../aws/clients';
import { TaggerCredentials } from '../aws/credentials';
import { SqsDeadLetterSink } from '../aws/dead-letter';
import { IamTagReader } from '../aws/iam-tags';
import { DynamoSessionStore } from '../aws/session-store';
import { TagApplier } from '../aws/writers';
import { SessionLookup } from '../core/session';
import { RuntimeSettings, settingsFromEnv } from '../core/settings';
import { createHandler, HandlerDeps } from './handler';

/**
 * The session lookup the tagger reads session tags from: the DynamoDB session store over
 * `settings.sessionTableName`. This is the one place the store is constructed.
 */
export function createSessionLookup(settings: RuntimeSettings): SessionLookup {
  return new DynamoSessionStore(new DynamoDBClient({}), settings.sessionTableName, settings.sessionDeliveryWindowSeconds);
}

/** Everything the handler needs, built once per container and reused by every invocation. */
export function productionDeps(env: NodeJS.ProcessEnv = process.env, sessionLookup: (settings: RuntimeSettings) => SessionLookup = createSessionLookup): HandlerDeps {
  const settings = settingsFromEnv(env);
  const dlqUrl = env.DLQ_URL;
  if (!dlqUrl) throw new Error('DLQ_URL is not set: the function was deployed without its dead-letter queue');
  const credentials = new TaggerCredentials({ roleName: settings.taggerRoleName, sts: new STSClient({}) });
  const clients = new ClientPool(credentials);
  const maxReceives = env.MAX_RECEIVES ? Number(env.MAX_RECEIVES) : undefined;
  return {
    settings,
    sessions: sessionLookup(settings),
    iamTags: new IamTagReader({ clients, ttlSeconds: settings.iamTagCacheSeconds }),
    applier: new TagApplier(clients),
    deadLetters: new SqsDeadLetterSink(new SQSClient({}), dlqUrl),
    logger: new Logger({ serviceName: 'tagwarden-tagger' }),
    metrics: new Metrics({ namespace: 'tagwarden', serviceName: 'tagger' }),
    maxReceives: Number.isInteger(maxReceives) ? maxReceives : undefined,
  };
}

let deps: HandlerDeps | undefined;

export const handler = createHandler(() => (deps ??= productionDeps()));
