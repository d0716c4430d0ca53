import { STSClient } from '@aws-sdk/client-sts';
import type { Context, SQSEvent } from 'aws-lambda';
import { AttachedVolumes, LAUNCHES } from '../lambda/aws/attached-volumes';
import { ClientPool } from '../lambda/aws/clients';
import { TaggerCredentials } from '../lambda/aws/credentials';
import { IamTagReader } from '../lambda/aws/iam-tags';
import { DynamoSessionStore } from '../lambda/aws/session-store';
import { TagApplier } from '../lambda/aws/writers';
import { parseEvent } from '../lambda/core/cloudtrail';
import { resolvePrincipal } from '../lambda/core/principal';
import { extractResources } from '../lambda/core/registry';
import { RuntimeSettings } from '../lambda/core/settings';
import { planTags, SessionInput } from '../lambda/core/tag-plan';
import { createHandler, HandlerDeps } from '../lambda/tagger/handler';
import { createEngine } from '../lambda/tagger/index';
import { freshSessionTable } from '../test/support/session-table';
import { startDynalite } from '../test/support/dynalite';
import { runtimeSettings } from '../test/support/engine';
import { CallCounter, CallKind, countDynamo, installAwsDouble } from './aws-double';
import { Stream, StreamEvent } from './stream';

/*
 * Replays the stream through the real tagger (the SQS handler over the engine, real writers and caches, the
 * DynamoDB session store on dynalite) against the counting AWS double, then through a naive baseline that makes
 * one IAM lookup, one session lookup and one tag call per resource for every event.
 */

export interface CallReport {
  events: number;
  resources: number;
  tagged: number;
  retried: number;
  deadLettered: number;
  perEvent: Record<CallKind | 'total', number>;
  /** The same after the first `warmAfter` events: the warm path. */
  warmPerEvent: Record<CallKind | 'total', number>;
  warmAfter: number;
  commands: Record<string, number>;
}

export interface ThroughputReport {
  latencyMs: number;
  functions: number;
  batchSize: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  callsPerEvent: number;
  /**
   * functions × batch size events in flight, each needing callsPerEvent sequential calls of latencyMs. Not
   * reachable: a batch ends with its slowest record (the one that missed a cache), and each container starts cold.
   */
  boundEventsPerSecond: number;
  ofBound: number;
  /** Mean duration of one invocation (one SQS batch), ms: the billed Lambda duration. */
  meanInvocationMs: number;
}

export interface CallsResult {
  tagwarden: CallReport;
  baseline: CallReport;
  /**
   * The baseline's warm calls per event without the launched volumes' reads and writes: the baseline as measured
   * before it tagged the volumes too (it then did less work than tagwarden).
   */
  baselineWithoutVolumesWarmPerEvent: number;
  reduction: number;
  throughput: ThroughputReport;
}

export interface CallsOptions {
  stream: Stream;
  settings: { iamTagCacheSeconds: number; sessionDeliveryWindowSeconds: number };
  functions: number;
  batchSize: number;
  latencyMs: number;
  warmAfter: number;
}

export async function measureCalls(o: CallsOptions): Promise<CallsResult> {
  const dynamo = await startDynalite();
  const counter = new CallCounter();
  let now = o.stream.start;
  const clock = () => now;
  const restore = installAwsDouble(counter, clock, o.stream.roles);
  try {
    const table = await freshSessionTable(dynamo.client, 'bench');
    const settings = runtimeSettings({
      propagation: { include: ['*'], exclude: ['temp-*'] },
      ...o.settings,
      sessionTableName: table,
    });
    const store = new DynamoSessionStore(dynamo.client, table, settings.sessionDeliveryWindowSeconds);
    // The recorder wrote every session before its creates (its own cost is in the cost model, not here).
    for (const s of o.stream.sessions) await store.put(s);
    countDynamo(dynamo.client, counter);

    const container = () => new Container(settings, store, clock);

    counter.reset();
    const one = container();
    let warm: Record<CallKind, number> | undefined;
    const batches = batchesOf(o.stream.events, o.batchSize);
    for (const [i, batch] of batches.entries()) {
      if (i * o.batchSize === o.warmAfter) warm = counter.snapshot();
      now = batch[0].at;
      await one.run(batch, i);
    }
    const tagwarden = report(o, counter, one, warm!);

    counter.reset();
    const naive = new NaiveTagger(settings, store, clock);
    await naive.warmCredentials(o.stream.events);
    counter.reset();
    let volumeCallsCold = 0;
    for (const [i, e] of o.stream.events.entries()) {
      if (i === o.warmAfter) {
        warm = counter.snapshot();
        volumeCallsCold = naive.volumeCalls;
      }
      now = e.at;
      await naive.process(e);
    }
    const baseline = report(o, counter, naive, warm!);
    const warmEvents = o.stream.events.length - o.warmAfter;
    const withoutVolumes = round(baseline.warmPerEvent.total - (naive.volumeCalls - volumeCallsCold) / warmEvents);

    counter.reset();
    counter.latencyMs = o.latencyMs;
    const throughput = await measureThroughput(o, batches, container, counter, (t) => (now = t));
    return {
      tagwarden,
      baseline,
      baselineWithoutVolumesWarmPerEvent: withoutVolumes,
      reduction: baseline.perEvent.total / tagwarden.perEvent.total,
      throughput,
    };
  } finally {
    restore();
    await dynamo.stop();
  }
}

/** One Lambda container: its own engine and caches, the real SQS handler. */
class Container {
  invocationMs: number[] = [];
  tagged = 0;
  retried = 0;
  deadLettered = 0;
  resources = 0;
  private readonly handler: ReturnType<typeof createHandler>;

  constructor(settings: RuntimeSettings, store: DynamoSessionStore, clock: () => number) {
    const engine = createEngine({ settings, sts: new STSClient({ region: 'us-east-1' }), sessions: store, now: clock });
    const deps: HandlerDeps = {
      ...engine,
      deadLetters: { send: async () => void (this.deadLettered += 1) },
      logger: {
        info: (message: string) => void (message === 'tagged' && (this.tagged += 1)),
        warn: () => undefined,
        error: () => undefined,
      },
      metrics: {
        addMetric: (name: string, _u: unknown, n: number) => void (name === 'TaggedResources' && (this.resources += n)),
        publishStoredMetrics: () => undefined,
      },
    } as unknown as HandlerDeps;
    this.handler = createHandler(() => deps);
  }

  async run(batch: StreamEvent[], n: number): Promise<void> {
    const event: SQSEvent = {
      Records: batch.map((e, i) => ({
        messageId: `m-${n}-${i}`,
        receiptHandle: 'r',
        body: JSON.stringify(e.body),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(e.at),
          SenderId: 'events',
          ApproximateFirstReceiveTimestamp: String(e.at),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-1:222222222222:tagger',
        awsRegion: 'eu-west-1',
      })),
    };
    const started = performance.now();
    const out = await this.handler(event, {} as Context);
    this.invocationMs.push(performance.now() - started);
    this.retried += out.batchItemFailures.length;
  }
}

/**
 * One IAM lookup, one session lookup and one tag call per resource, for every event: no caches, no batching. It tags
 * the same resources as tagwarden, so it also finds the volumes each launch attaches (one DescribeVolumes per launch
 * event); `volumeCalls` counts those reads and writes, so the figure without them can be reported too.
 */
class NaiveTagger {
  tagged = 0;
  retried = 0;
  deadLettered = 0;
  resources = 0;
  volumeCalls = 0;
  private readonly credentials: TaggerCredentials;
  private readonly clients: ClientPool;
  private readonly iam: IamTagReader;
  private readonly applier: TagApplier;
  private readonly volumes: AttachedVolumes;

  constructor(
    private readonly settings: RuntimeSettings,
    private readonly store: DynamoSessionStore,
    clock: () => number,
  ) {
    this.credentials = new TaggerCredentials({
      roleName: settings.taggerRoleName,
      sts: new STSClient({ region: 'us-east-1' }),
      now: clock,
    });
    this.clients = new ClientPool(this.credentials);
    this.iam = new IamTagReader({ clients: this.clients, ttlSeconds: 0, now: clock });
    this.applier = new TagApplier(this.clients);
    this.volumes = new AttachedVolumes(this.clients);
  }

  /** The baseline is not charged for AssumeRole: its credentials are fetched before counting starts. */
  async warmCredentials(events: StreamEvent[]): Promise<void> {
    const targets = new Map(events.map((e) => parseEvent(e.body)).map((p) => [`${p.account}/${p.region}`, p]));
    for (const { account, region } of targets.values()) await this.credentials.credentials(account, region);
  }

  async process(e: StreamEvent): Promise<void> {
    const event = parseEvent(e.body);
    const extracted = extractResources(event);
    const resources = await this.volumes.add(event, extracted);
    if (LAUNCHES.has(event.record.eventName)) this.volumeCalls += 1 + resources.length - extracted.length;
    const principal = resolvePrincipal(event.record.userIdentity, event.account, event.region);
    const iamTags = principal.iamPrincipal
      ? await this.iam.read(principal.iamPrincipal)
      : ({ status: 'none' } as const);
    const key = event.record.userIdentity.accessKeyId;
    const record = key ? await this.store.get(key) : undefined;
    const session: SessionInput = record
      ? { status: 'found', record }
      : { status: 'not-applicable', reason: 'no record' };
    const plan = planTags({ event, resources, principal, iamTags, session, settings: this.settings });
    for (const rp of plan.resources) {
      const [outcome] = await this.applier.apply({ ...plan, resources: [rp] });
      if (outcome.status === 'written') this.resources += 1;
    }
    this.tagged += 1;
  }
}

function batchesOf<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

function perEvent(counts: Record<CallKind, number>, events: number): Record<CallKind | 'total', number> {
  const out = {} as Record<CallKind | 'total', number>;
  let total = 0;
  for (const [k, v] of Object.entries(counts) as [CallKind, number][]) {
    out[k] = round(v / events);
    total += v;
  }
  out.total = round(total / events);
  return out;
}

function report(
  o: CallsOptions,
  counter: CallCounter,
  run: { tagged: number; retried: number; deadLettered: number; resources: number },
  warm: Record<CallKind, number>,
): CallReport {
  const events = o.stream.events.length;
  const all = counter.snapshot();
  const warmCounts = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v - warm[k as CallKind]])) as Record<
    CallKind,
    number
  >;
  return {
    events,
    resources: run.resources,
    tagged: run.tagged,
    retried: run.retried,
    deadLettered: run.deadLettered,
    perEvent: perEvent(all, events),
    warmPerEvent: perEvent(warmCounts, events - o.warmAfter),
    warmAfter: o.warmAfter,
    commands: { ...counter.byCommand },
  };
}

/**
 * The configured concurrency: `functions` containers (each with its own caches) take batches off the queue as
 * they become free, every AWS call waiting `latencyMs`.
 */
async function measureThroughput(
  o: CallsOptions,
  batches: StreamEvent[][],
  container: () => Container,
  counter: CallCounter,
  setNow: (t: number) => void,
): Promise<ThroughputReport> {
  const containers = Array.from({ length: o.functions }, container);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    containers.map(async (c) => {
      while (next < batches.length) {
        const n = next++;
        setNow(batches[n][0].at);
        await c.run(batches[n], n);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const events = o.stream.events.length;
  const callsPerEvent = counter.total() / events;
  const invocations = containers.flatMap((c) => c.invocationMs);
  const bound = (o.functions * o.batchSize * 1000) / (callsPerEvent * o.latencyMs);
  return {
    latencyMs: o.latencyMs,
    functions: o.functions,
    batchSize: o.batchSize,
    events,
    seconds: round(seconds),
    eventsPerSecond: Math.round(events / seconds),
    callsPerEvent: round(callsPerEvent),
    boundEventsPerSecond: Math.round(bound),
    ofBound: round(events / seconds / bound),
    meanInvocationMs: round(invocations.reduce((a, b) => a + b, 0) / invocations.length, 1),
  };
}

export const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
