import { UserIdentity } from '../../lambda/core/cloudtrail';
import { SessionLookup, SessionLookupResult, SessionRecord } from '../../lambda/core/session';

/**
 * An in-memory SessionLookup for engine tests: records by access key id, and a fixed answer for a key it does
 * not hold. Every call is recorded.
 */
export class MemorySessions implements SessionLookup {
  readonly calls: { account: string; accessKeyId?: string }[] = [];
  constructor(
    private readonly records: SessionRecord[] = [],
    private readonly whenMissing: { mayStillArrive: boolean; reason: string } = { mayStillArrive: false, reason: 'no record' },
  ) {}

  async lookup(account: string, identity: UserIdentity): Promise<SessionLookupResult> {
    this.calls.push({ account, accessKeyId: identity.accessKeyId });
    const record = this.records.find((r) => r.accessKeyId === identity.accessKeyId);
    return record ? { status: 'found', record } : { status: 'missing', ...this.whenMissing };
  }
}
