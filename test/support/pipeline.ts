import { STSClient } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import { DynamoSessionStore } from '../../lambda/aws/session-store';
import { RuntimeSettings } from '../../lambda/core/settings';
import { recordSession, RecorderOutcome } from '../../lambda/engine/record-session';
import { createHandler } from '../../lambda/tagger/handler';
import { createEngine } from '../../lambda/tagger/index';
import { runtimeSettings } from './engine';
import { AwsWorld } from './aws-world';
import { LocalDynamo } from './dynalite';
import { freshSessionTable } from './session-table';
import { SqsModel } from './sqs-model';

/*
 * The whole central pipeline in one process: the session recorder and the tagger's SQS handler, built with the
 * production wiring (createEngine: caches, writers, retries), over a session table in dynalite, a faithful SQS
 * model and the stateful AWS double. Time is simulated: every cache, the session store and the queue read one clock.
 */

export const WINDOW_SECONDS = 900;
export const MAX_RECEIVES = 6;
/** Long enough that MAX_RECEIVES receives span the session delivery window, as the central stack sets it. */
export const VISIBILITY_MS = 180_000;

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  extra?: Record<string, unknown>;
}

export class Pipeline {
  readonly clock = { now: Date.parse('2026-03-01T12:00:00Z') };
  readonly sqs: SqsModel;
  readonly logs: LogLine[] = [];
  readonly recorded: RecorderOutcome[] = [];
  readonly store: DynamoSessionStore;
  /** Session records the recorder actually wrote (conditional writes that took effect). */
  sessionWrites = 0;
  /** Session lookups that reached the table (after the tagger's session cache). */
  sessionReads = 0;
  private readonly handler: ReturnType<typeof createHandler>;

  private constructor(
    readonly world: AwsWorld,
    readonly table: string,
    dynamo: LocalDynamo,
    settingsOverride: Partial<RuntimeSettings>,
  ) {
    this.sqs = new SqsModel(
      { batchSize: 10, maxReceives: MAX_RECEIVES, visibilityTimeoutMs: VISIBILITY_MS },
      this.clock,
    );
    this.store = new DynamoSessionStore(dynamo.client, table, WINDOW_SECONDS);
    const settings = runtimeSettings({
      organizationId: 'o-e2etest0001',
      sessionDeliveryWindowSeconds: WINDOW_SECONDS,
      sessionTableName: table,
      ...settingsOverride,
    });
    const engine = createEngine({
      settings,
      sts: new STSClient({ region: 'eu-west-1' }),
      sessions: {
        lookup: (account, identity, now) => {
          this.sessionReads += 1;
          return this.store.lookup(account, identity, now);
        },
      },
      now: () => this.clock.now,
      retry: { attempts: 3, baseDelayMs: 0, sleep: async () => undefined },
    });
    const deps = {
      ...engine,
      deadLetters: this.sqs.deadLetters,
      logger: this.logger(),
      metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined },
      maxReceives: MAX_RECEIVES,
    };
    this.handler = createHandler(() => deps as never);
  }

  static async start(dynamo: LocalDynamo, world: AwsWorld, settings: Partial<RuntimeSettings> = {}): Promise<Pipeline> {
    return new Pipeline(world, await freshSessionTable(dynamo.client, 'e2e'), dynamo, settings);
  }

  /** An STS event reaches the recorder (the central bus invokes it directly). */
  async record(event: unknown): Promise<RecorderOutcome> {
    const store = {
      lookup: this.store.lookup.bind(this.store),
      put: async (record: Parameters<DynamoSessionStore['put']>[0]) => {
        const put = await this.store.put(record);
        if (put.status === 'written') this.sessionWrites += 1;
        return put;
      },
    };
    const outcome = await recordSession(event, {
      store,
      log: this.logger(),
      count: () => undefined,
      now: () => new Date(this.clock.now),
    });
    this.recorded.push(outcome);
    return outcome;
  }

  /** A create event reaches the tagger's queue. */
  enqueue(envelope: unknown): void {
    this.sqs.send(envelope);
  }

  /** Lets the tagger work through everything queued, retries and redeliveries included. */
  drain(): Promise<void> {
    return this.sqs.drain((event) => this.handler(event, {} as Context));
  }

  /** Delivers what is visible now, batch by batch, without waiting for anything to become visible. */
  async step(): Promise<void> {
    while (await this.sqs.deliver((event) => this.handler(event, {} as Context)));
  }

  private logger() {
    const push = (level: LogLine['level']) => (message: string, extra?: unknown) =>
      void this.logs.push({ level, message, extra: extra as Record<string, unknown> });
    return { info: push('info'), warn: push('warn'), error: push('error') };
  }
}
