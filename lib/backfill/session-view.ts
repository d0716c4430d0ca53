import { UserIdentity } from '../../lambda/core/cloudtrail';
import { SessionLookupResult, SessionRecord } from '../../lambda/core/session';
import { PutOutcome, SessionStore } from '../../lambda/engine/ports';

/** The longest an STS session can last (role chaining aside): 36 hours, for GetFederationToken. */
export const SESSION_LOOKBACK_HOURS = 36;

/**
 * The session table of a backfill: the records the trail's STS events produce, replayed by the same recorder as the
 * live path, and kept only while a session can still be in use. A log holds everything that will ever be known, so a
 * missing record never "may still arrive": the event is tagged without session tags, with the live path's warning.
 */
export class SessionView implements SessionStore {
  private readonly byKey = new Map<string, SessionRecord>();

  constructor(records: SessionRecord[] = []) {
    for (const r of records) this.byKey.set(r.accessKeyId, r);
  }

  get size(): number {
    return this.byKey.size;
  }

  async put(record: SessionRecord): Promise<PutOutcome> {
    const stored = this.byKey.get(record.accessKeyId);
    if (stored && (stored.account !== record.account || stored.issuedAt >= record.issuedAt)) {
      return {
        status: 'unchanged',
        reason: `a record for ${record.accessKeyId} is already known (event ${stored.eventId})`,
      };
    }
    this.byKey.set(record.accessKeyId, record);
    return { status: 'written' };
  }

  async lookup(account: string, identity: UserIdentity): Promise<SessionLookupResult> {
    const key = identity.accessKeyId;
    const record = key ? this.byKey.get(key) : this.newestOf(identity.arn);
    if (!record) {
      const who = key ?? identity.arn ?? 'this identity';
      return {
        status: 'missing',
        mayStillArrive: false,
        reason: `the trail has no STS event for ${who} in the ${SESSION_LOOKBACK_HOURS} hours before it (the trail must log read-only management events)`,
      };
    }
    if (record.account !== account)
      return {
        status: 'missing',
        mayStillArrive: false,
        reason: `the session record of ${record.accessKeyId} belongs to account ${record.account}, not ${account}`,
      };
    return { status: 'found', record };
  }

  /** Drops the sessions that expired before `time`: no event after it can use them. */
  forgetExpiredBefore(time: Date): void {
    const iso = time.toISOString();
    for (const [key, r] of this.byKey) if (r.expiresAt < iso) this.byKey.delete(key);
  }

  records(): SessionRecord[] {
    return [...this.byKey.values()];
  }

  private newestOf(arn: string | undefined): SessionRecord | undefined {
    if (!arn) return undefined;
    let newest: SessionRecord | undefined;
    for (const r of this.byKey.values())
      if (r.sessionArn === arn && (!newest || r.issuedAt > newest.issuedAt)) newest = r;
    return newest;
  }
}
