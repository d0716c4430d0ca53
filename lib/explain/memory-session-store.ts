import { UserIdentity } from '../../lambda/core/cloudtrail';
import { SessionLookupResult, SessionRecord } from '../../lambda/core/session';
import { PutOutcome, SessionStore } from '../../lambda/engine/ports';

/**
 * The session table of an offline explain: the records given with --sessions plus those the explained STS events
 * produce, so a log file's create events find the sessions its STS events opened. Offline, every record that will
 * ever be known is known, so a missing one never "may still arrive".
 */
export class MemorySessionStore implements SessionStore {
  private readonly byKey = new Map<string, SessionRecord>();

  constructor(records: SessionRecord[] = []) {
    for (const r of records) this.byKey.set(r.accessKeyId, r);
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
    const record = key
      ? this.byKey.get(key)
      : [...this.byKey.values()]
          .filter((r) => r.sessionArn === identity.arn)
          .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))[0];
    if (!record)
      return {
        status: 'missing',
        mayStillArrive: false,
        reason: `no session record for ${key ?? identity.arn ?? 'this identity'} (supply one with --sessions, or explain its STS event first)`,
      };
    if (record.account !== account)
      return {
        status: 'missing',
        mayStillArrive: false,
        reason: `the session record of ${record.accessKeyId} belongs to account ${record.account}, not ${account}`,
      };
    return { status: 'found', record };
  }
}
