import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_CONFIG_PATH, loadConfig } from '../lib/config';
import { TAGGER_BATCH_SIZE, taggerVisibilityTimeout } from '../lib/stacks/central-stack';
import { measureBackfill } from './backfill';
import { measureBundles } from './bundle';
import { callFloor } from './call-floor';
import { measureCalls, round } from './calls';
import { costModel } from './cost';
import { measureCpu } from './cpu';
import { DEFAULT_VOLUMES, monthlyCosts } from './monthly-cost';
import { measurePolicies } from './policies';
import { markdownTable, Results, sessionsTables } from './report';
import { DEFAULT_LATENCY, measureLatency } from './session-latency';
import { measureStsMix } from './sts-mix';
import { ACCOUNTS, buildStream, DEFAULT_STREAM, REGIONS } from './stream';
import { measureSynth } from './synth';

/*
 * `npm run bench`: every measure in one run, written to bench/results.json (everything) and bench/RESULTS.md
 * (the table), and printed. A benchmark, not a test: nothing here fails on a slow machine.
 */

const LATENCY_MS = 20;
const WARM_AFTER = 1000;

async function main(): Promise<void> {
  const config = loadConfig(EXAMPLE_CONFIG_PATH);
  const step = (name: string) => process.stderr.write(`bench: ${name}\n`);

  step('building the event stream');
  const stream = buildStream(DEFAULT_STREAM);
  step('AWS calls per event, baseline and throughput');
  const calls = await measureCalls({
    stream,
    settings: {
      iamTagCacheSeconds: config.tagger.iamTagCacheSeconds,
      sessionDeliveryWindowSeconds: config.tagger.sessionDeliveryWindowSeconds,
    },
    functions: config.tagger.maxConcurrency,
    batchSize: TAGGER_BATCH_SIZE,
    latencyMs: LATENCY_MS,
    warmAfter: WARM_AFTER,
  });
  const floor = callFloor(stream.events, TAGGER_BATCH_SIZE, WARM_AFTER);
  step('STS mix through the forwarder pattern, and create→tag latency per session class');
  const stsMix = measureStsMix(10_000, DEFAULT_STREAM.seed, ACCOUNTS, REGIONS);
  const latency = measureLatency({
    ...DEFAULT_LATENCY,
    visibilityTimeoutSeconds: taggerVisibilityTimeout(config).toSeconds(),
    deliveryWindowSeconds: config.tagger.sessionDeliveryWindowSeconds,
  });
  step('CPU per event');
  const cpu = measureCpu(stream);
  step('bundles and load times');
  const bundles = measureBundles();
  step('policy sizes');
  const policies = measurePolicies();
  step('synth times');
  const synth = measureSynth();
  step('backfill over a month of log files (generated once, then reused)');
  const backfill = measureBackfill();
  step('cost model');
  const resources = stream.events.reduce((n, e) => n + e.resources, 0);
  const cost = costModel({
    eventsPerResource: stream.events.length / resources,
    sessionEventsPerCreateEvent: 1,
    dynamoReadsPerEvent: calls.tagwarden.warmPerEvent.dynamodb,
    taggerInvocationMs: calls.throughput.meanInvocationMs,
    batchSize: TAGGER_BATCH_SIZE,
    recorderInvocationMs: LATENCY_MS + 5,
  });

  const measured = {
    dynamoReadsPerEvent: calls.tagwarden.warmPerEvent.dynamodb,
    taggerInvocationMs: calls.throughput.meanInvocationMs,
    batchSize: TAGGER_BATCH_SIZE,
    recorderInvocationMs: LATENCY_MS + 5,
  };

  const results: Results = {
    callsPerEventWarm: calls.tagwarden.warmPerEvent.total,
    baselineRatio: round(calls.baseline.warmPerEvent.total / calls.tagwarden.warmPerEvent.total, 2),
    stsForwardedShare: stsMix.stsForwardedShare,
    latencyP99NoTagSessionsSeconds: latency.latencyP99NoTagSessionsSeconds,
    monthlyCostUsd: {
      volumes: DEFAULT_VOLUMES,
      byAccounts: monthlyCosts(measured, cost.memoryMb, stsMix.stsForwardedShare),
    },
    callFloor: floor,
    stsMix,
    latency,
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    stream: {
      events: stream.events.length,
      resources,
      principals: DEFAULT_STREAM.principals,
      accounts: ACCOUNTS.length,
      sessions: stream.sessions.length,
      templates: stream.templates,
      spanMinutes: DEFAULT_STREAM.spanSeconds / 60,
    },
    calls,
    cpu,
    bundles,
    policies,
    synth,
    cost,
    backfill,
  };
  const table = `${markdownTable(results)}\n${sessionsTables(results)}`;
  writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(
    path.join(__dirname, 'RESULTS.md'),
    `# tagwarden benchmark\n\nWritten by \`npm run bench\` (bench/run.ts); every figure and its method are in bench/results.json.\n\n${table}`,
  );
  process.stdout.write(table);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
