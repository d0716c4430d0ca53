import { UserIdentity } from '../../lambda/core/cloudtrail';
import { SessionLookupResult, SessionRecord } from '../../lambda/core/session';
import { PutOutcome, SessionStore } from '../../lambda/engine/ports';

/**
 * A session table in memory, for the offline paths (explain, backfill): the records given up front plus those their
 * STS events produce, so later create events find the sessions earlier STS events opened. Offline, every record that
 * will ever be known is known, so a missing one never "may still arrive"; `missingReason` says why it is missing in
 * the words of the command that uses the store.
 */
export class MemorySessionStore implements SessionStore {
  protected readonly byKey = new Map<string, SessionRecord>();

  constructor(
    records: SessionRecord[] = [],
    private readonly missingReason: (who: string) => string = (who) =>
      `no session record for ${who} (supply one with --sessions, or explain its STS event first)`,
  ) {
    for (const r of records) this.byKey.set(r.accessKeyId, r);
  }

  put(record: SessionRecord): Promise<PutOutcome> {
    const stored = this.byKey.get(record.accessKeyId);
    if (stored && (stored.account !== record.account || stored.issuedAt >= record.issuedAt)) {
      return Promise.resolve({
        status: 'unchanged',
        reason: `a record for ${record.accessKeyId} is already known (event ${stored.eventId})`,
      });
    }
    this.byKey.set(record.accessKeyId, record);
    return Promise.resolve({ status: 'written' });
  }

  lookup(account: string, identity: UserIdentity): Promise<SessionLookupResult> {
    const key = identity.accessKeyId;
    const record = key ? this.byKey.get(key) : this.newestOf(identity.arn);
    if (!record) {
      const reason = this.missingReason(key ?? identity.arn ?? 'this identity');
      return Promise.resolve({ status: 'missing', mayStillArrive: false, reason });
    }
    if (record.account !== account) {
      const reason = `the session record of ${record.accessKeyId} belongs to account ${record.account}, not ${account}`;
      return Promise.resolve({ status: 'missing', mayStillArrive: false, reason });
    }
    return Promise.resolve({ status: 'found', record });
  }

  /** A session used by its ARN (no access key in the event): the newest record of that session. */
  private newestOf(arn: string | undefined): SessionRecord | undefined {
    if (!arn) return undefined;
    let newest: SessionRecord | undefined;
    for (const r of this.byKey.values()) {
      if (r.sessionArn === arn && (!newest || r.issuedAt > newest.issuedAt)) newest = r;
    }
    return newest;
  }
}
