import { HEARTBEAT_TABLE } from '../../lambda/core/heartbeat';
import { EnrollmentReport } from './report';

/** A pair with no event for this long is flagged: a day covers the quiet nights and weekends of most accounts. */
export const DEFAULT_SILENT_AFTER_HOURS = 24;

/** When the central side last saw an event of one (account, region). */
export interface LastEvent {
  region: string;
  /** ISO 8601; absent when no event of the pair was ever seen. */
  at?: string;
  silent: boolean;
}

export interface HeartbeatSection {
  /** False when the heartbeat table could not be read; `note` says why. */
  read: boolean;
  silentAfterHours: number;
  note?: string;
  silentPairs: number;
}

/** Adds each enrolled account's last event per governed region, flagging the pairs silent longer than the threshold. */
export function addLastEvents(
  report: EnrollmentReport,
  items: Record<string, { S?: string }>[],
  now: number,
  silentAfterHours: number,
): EnrollmentReport & {
  heartbeat: HeartbeatSection;
  accounts: (EnrollmentReport['accounts'][number] & { lastEvent: LastEvent[] })[];
} {
  const t = HEARTBEAT_TABLE;
  const seen = new Map(items.map((i) => [`${i[t.partitionKey]?.S}|${i[t.sortKey]?.S}`, i[t.lastEventAttribute]?.S]));
  const limit = silentAfterHours * 3600 * 1000;
  let silentPairs = 0;
  const accounts = report.accounts.map((a) => {
    const lastEvent = report.regions.map((region) => {
      const at = seen.get(`${a.id}|${region}`);
      const silent = !at || now - Date.parse(at) > limit;
      if (silent) silentPairs += 1;
      return { region, ...(at ? { at } : {}), silent };
    });
    return { ...a, lastEvent };
  });
  return { ...report, accounts, heartbeat: { read: true, silentAfterHours, silentPairs } };
}

/** "12m ago", "3h ago", "2d ago". */
export function ago(at: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(at)) / 60000));
  if (minutes < 120) return `${minutes}m ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)}h ago`;
  return `${Math.round(minutes / 1440)}d ago`;
}

export function lastEventText(events: LastEvent[], now: number): string {
  return events.map((e) => `${e.region} ${e.at ? ago(e.at, now) : 'never'}${e.silent ? ' SILENT' : ''}`).join(', ');
}
