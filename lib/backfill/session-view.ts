import { SessionRecord } from '../../lambda/core/session';
import { MemorySessionStore } from '../common/memory-session-store';

/** The longest an STS session can last (role chaining aside): 36 hours, for GetFederationToken. */
export const SESSION_LOOKBACK_HOURS = 36;

/**
 * The session table of a backfill: the records the trail's STS events produce, replayed by the same recorder as the
 * live path, and kept only while a session can still be in use. A log holds everything that will ever be known, so a
 * missing record never "may still arrive": the event is tagged without session tags, with the live path's warning.
 */
export class SessionView extends MemorySessionStore {
  constructor(records: SessionRecord[] = []) {
    super(
      records,
      (who) =>
        `the trail has no STS event for ${who} in the ${SESSION_LOOKBACK_HOURS} hours before it ` +
        '(the trail must log read-only management events)',
    );
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Drops the sessions that expired before `time`: no event after it can use them. */
  forgetExpiredBefore(time: Date): void {
    const iso = time.toISOString();
    for (const [key, r] of this.byKey) if (r.expiresAt < iso) this.byKey.delete(key);
  }

  records(): SessionRecord[] {
    return [...this.byKey.values()];
  }
}
