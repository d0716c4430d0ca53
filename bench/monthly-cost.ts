import { round } from './calls';
import { costModel, CostInput } from './cost';

/*
 * What the organization pays a month at 100, 1,000 and 10,000 accounts: the per-event cost model (bench/cost.ts)
 * fed with the measured counts, scaled by stated daily volumes per account, with every STS event forwarded
 * (before the filter) and with only the measured forwarded share (after).
 */

export interface Volumes {
  /** Create events (supported by the registry) per account per day: an assumption. */
  createEventsPerAccountPerDay: number;
  /** STS session events (AssumeRole*, GetFederationToken) per account per day, all classes: an assumption. */
  stsEventsPerAccountPerDay: number;
  daysPerMonth: number;
}

export const DEFAULT_VOLUMES: Volumes = {
  createEventsPerAccountPerDay: 300,
  stsEventsPerAccountPerDay: 3000,
  daysPerMonth: 30,
};

export const ACCOUNT_COUNTS = [100, 1000, 10_000];

export interface MonthlyCost {
  accounts: number;
  createEventsPerMonth: number;
  stsEventsForwardedPerMonth: { before: number; after: number };
  /** USD a month per component, and in total. */
  before: Record<string, number>;
  after: Record<string, number>;
}

/** `measured` carries the measured inputs of the cost model; only the session events per create event vary here. */
export function monthlyCosts(
  measured: Omit<CostInput, 'eventsPerResource' | 'sessionEventsPerCreateEvent'>,
  memoryMb: { tagger: number; recorder: number },
  stsForwardedShare: number,
  volumes: Volumes = DEFAULT_VOLUMES,
): MonthlyCost[] {
  const stsPerCreate = volumes.stsEventsPerAccountPerDay / volumes.createEventsPerAccountPerDay;
  // eventsPerResource 1: the model's "per million resources" becomes per million create events.
  const perMillion = (share: number) =>
    costModel({ ...measured, eventsPerResource: 1, sessionEventsPerCreateEvent: stsPerCreate * share }, memoryMb)
      .perMillionResources;
  const before = perMillion(1);
  const after = perMillion(stsForwardedShare);
  return ACCOUNT_COUNTS.map((accounts) => {
    const creates = accounts * volumes.createEventsPerAccountPerDay * volumes.daysPerMonth;
    const scale = (perMillionEvents: Record<string, number>) => {
      const out = Object.fromEntries(
        Object.entries(perMillionEvents).map(([k, v]) => [k, round((v * creates) / 1_000_000, 2)]),
      );
      return {
        ...out,
        total: round(
          Object.values(out).reduce((a, b) => a + b, 0),
          2,
        ),
      };
    };
    const sts = accounts * volumes.stsEventsPerAccountPerDay * volumes.daysPerMonth;
    return {
      accounts,
      createEventsPerMonth: creates,
      stsEventsForwardedPerMonth: { before: sts, after: Math.round(sts * stsForwardedShare) },
      before: scale(before),
      after: scale(after),
    };
  });
}
