import { DEFAULT_VOLUMES, monthlyCosts } from '../../bench/monthly-cost';

/** The monthly cost scales with accounts, and the STS filter lowers exactly the session-driven components. */
describe('monthly cost per organization size', () => {
  const measured = { dynamoReadsPerEvent: 0.15, taggerInvocationMs: 200, batchSize: 10, recorderInvocationMs: 25 };
  const memory = { tagger: 512, recorder: 256 };
  const costs = monthlyCosts(measured, memory, 0.4);

  test('ten times the accounts cost ten times as much, before and after the filter', () => {
    expect(costs.map((c) => c.accounts)).toEqual([100, 1000, 10_000]);
    expect(costs[1].after.total).toBeCloseTo(costs[0].after.total * 10, 0);
    expect(costs[2].before.total).toBeCloseTo(costs[1].before.total * 10, -1);
  });

  test('the filter cuts the recorder, its writes and cross-account delivery, and leaves the tagger alone', () => {
    const [c] = costs;
    expect(c.after.dynamoWrites).toBeCloseTo(c.before.dynamoWrites * 0.4, 1);
    expect(c.after.lambdaRecorderGbSeconds).toBeLessThan(c.before.lambdaRecorderGbSeconds);
    expect(c.after.eventBridgeCrossAccount).toBeLessThan(c.before.eventBridgeCrossAccount);
    expect(c.after.lambdaTaggerGbSeconds).toBe(c.before.lambdaTaggerGbSeconds);
    expect(c.after.dynamoReads).toBe(c.before.dynamoReads);
    expect(c.stsEventsForwardedPerMonth.before).toBe(100 * DEFAULT_VOLUMES.stsEventsPerAccountPerDay * 30);
  });
});
