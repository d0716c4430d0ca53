import { BEFORE_SESSIONS, Results, sessionsTables } from '../../bench/report';
import { measureLatency, DEFAULT_LATENCY } from '../../bench/session-latency';
import { measureStsMix } from '../../bench/sts-mix';
import { monthlyCosts, DEFAULT_VOLUMES } from '../../bench/monthly-cost';
import { ACCOUNTS, REGIONS } from '../../bench/stream';

/** The sessions section marks each goal from the figures it is given, and says the mix is an assumption. */
describe('the sessions section of RESULTS.md', () => {
  const stsMix = measureStsMix(1000, 1, ACCOUNTS, REGIONS);
  const latency = measureLatency({
    ...DEFAULT_LATENCY,
    sessions: 500,
    visibilityTimeoutSeconds: 360,
    deliveryWindowSeconds: 900,
  });
  const warm = (total: number) => ({ iam: 0, dynamodb: 0, sts: 0, write: total, read: 0, other: 0, total });
  const results = (callsPerEventWarm: number, baseline: number) =>
    ({
      callsPerEventWarm,
      baselineRatio: baseline / callsPerEventWarm,
      stsForwardedShare: stsMix.stsForwardedShare,
      latencyP99NoTagSessionsSeconds: latency.latencyP99NoTagSessionsSeconds,
      monthlyCostUsd: {
        volumes: DEFAULT_VOLUMES,
        byAccounts: monthlyCosts(
          { dynamoReadsPerEvent: 0.1, taggerInvocationMs: 80, batchSize: 10, recorderInvocationMs: 25 },
          { tagger: 512, recorder: 256 },
          stsMix.stsForwardedShare,
        ),
      },
      stsMix,
      latency,
      stream: { sessions: 36 },
      callFloor: { batches: 900, writesPerEvent: 0.8, readsPerEvent: 0.15 },
      calls: {
        tagwarden: { warmPerEvent: warm(callsPerEventWarm) },
        baseline: { warmPerEvent: warm(baseline) },
        baselineWithoutVolumesWarmPerEvent: baseline - 0.2,
        throughput: { batchSize: 10 },
      },
      cpu: { medianMs: BEFORE_SESSIONS.cpuMedianMs },
      bundles: [
        {
          name: 'tagger',
          bytes: BEFORE_SESSIONS.taggerKb * 1024,
          composition: { tagwarden: 60_000, 'lru-cache': 18_800, '@aws-lambda-powertools/logger': 20_000 },
        },
      ],
    }) as unknown as Results;

  test('goals met and not met follow the figures', () => {
    const good = sessionsTables(results(0.9, 4.5));
    expect(good).toMatch(/`callsPerEventWarm` \| 0\.9 .*\| ≤ 1\.0 \| met \|/);
    expect(good).toMatch(/`stsForwardedShare` \| 40% .*\| met \|/);
    expect(good).toMatch(/the fewest the batches of 10 allow: writes 0\.8, reads 0\.15/);
    expect(good).toMatch(/lru-cache 18\.4 KB, Powertools 19\.5 KB/);
    const bad = sessionsTables(results(1.2, 4.5));
    expect(bad).toMatch(/`callsPerEventWarm` \| 1\.2 .*\| NOT met \|/);
    expect(bad).toMatch(/`baselineRatio`.*\| ≥ 4\.5x \| NOT met \|/);
  });

  test('it names the mix an assumption and has a latency row per class and cost rows before and after the filter', () => {
    const md = sessionsTables(results(1, 5));
    expect(md).toContain('**The STS mix is an assumption**');
    expect(md).toMatch(/\| aws-service \| 60% \| no \| no \| 0 \/ 0 \|/);
    expect(md.match(/\| (every STS event|after the filter) \|/g)).toHaveLength(6);
  });
});
