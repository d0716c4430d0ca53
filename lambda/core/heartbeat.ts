import { parseEvent } from './cloudtrail';
import { isRejection } from './rejection';

/**
 * The heartbeat: when the central side last saw an event from each (account, region). One item per pair, so a
 * silent forwarder shows as a pair whose time stops moving.
 */
export const HEARTBEAT_TABLE = {
  partitionKey: 'account',
  sortKey: 'region',
  /** ISO 8601 (UTC, milliseconds): ISO strings of one format compare in time order, so the condition can use `<`. */
  lastEventAttribute: 'lastEventAt',
  /** Which function saw it last: tagger or session-recorder. */
  seenByAttribute: 'seenBy',
} as const;

/** The environment variable that names the heartbeat table to the functions. */
export const HEARTBEAT_TABLE_ENV = 'HEARTBEAT_TABLE';

/** A pair is written at most once per interval by one container, and only over a time at least this old. */
export const HEARTBEAT_INTERVAL_MS = 5 * 60 * 1000;

export interface HeartbeatPair {
  account: string;
  region: string;
}

/**
 * The pair an event counts for, or undefined. Only an event that passes the same parser checks as the engine
 * counts: a forged or malformed message must not make a broken account look alive.
 */
export function heartbeatPair(input: unknown): HeartbeatPair | undefined {
  try {
    const event = parseEvent(input);
    return { account: event.account, region: event.region };
  } catch (e) {
    if (isRejection(e)) return undefined;
    throw e;
  }
}

/**
 * Per container: which pairs are due a write. A pair is due when this container has not tried to write it for
 * HEARTBEAT_INTERVAL_MS; asking marks it tried, so concurrent records of one batch write it once.
 */
export class HeartbeatGate {
  private readonly lastTry = new Map<string, number>();

  due(pair: HeartbeatPair, nowMs: number): boolean {
    const key = `${pair.account}|${pair.region}`;
    const last = this.lastTry.get(key);
    if (last !== undefined && nowMs - last < HEARTBEAT_INTERVAL_MS) return false;
    this.lastTry.set(key, nowMs);
    return true;
  }
}
