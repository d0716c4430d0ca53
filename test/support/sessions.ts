import { UserIdentity } from '../../lambda/core/cloudtrail';
import { LookupHint, SessionLookup, SessionLookupResult, SessionRecord } from '../../lambda/core/session';

/**
 * An in-memory SessionLookup for engine tests: records by access key id, and a fixed answer for a key it does
 * not hold. Every call is recorded, with the hint when one was given.
 */
export class MemorySessions implements SessionLookup {
  readonly calls: { account: string; accessKeyId?: string; hint?: LookupHint }[] = [];
  constructor(
    private readonly records: SessionRecord[] = [],
    private readonly whenMissing: { mayStillArrive: boolean; reason: string } = {
      mayStillArrive: false,
      reason: 'no record',
    },
  ) {}

  async lookup(account: string, identity: UserIdentity, _now?: Date, hint?: LookupHint): Promise<SessionLookupResult> {
    this.calls.push({ account, accessKeyId: identity.accessKeyId, ...(hint ? { hint } : {}) });
    const record = this.records.find((r) => r.accessKeyId === identity.accessKeyId);
    return record ? { status: 'found', record } : { status: 'missing', ...this.whenMissing };
  }
}

/** A session record of the Sandbox_Dev role used by the real S3 samples, with the given tags. */
export function sandboxSession(
  tags: Record<string, string>,
  options: { account?: string; accessKeyId?: string; eventId?: string } = {},
): SessionRecord {
  return {
    account: options.account ?? '101010101111',
    accessKeyId: options.accessKeyId ?? 'ASIAEXAMPLESESSION01',
    roleArn: 'arn:aws:iam::101010101111:role/Sandbox_Dev',
    sessionName: 'user',
    sessionArn: 'arn:aws:sts::101010101111:assumed-role/Sandbox_Dev/user',
    tags,
    transitiveTagKeys: [],
    incomingTransitiveTags: {},
    issuedAt: '2015-11-23T07:41:28.000Z',
    expiresAt: '2015-11-23T08:41:28.000Z',
    eventId: options.eventId ?? 'sts-1',
  };
}
