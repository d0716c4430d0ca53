import { UserIdentity } from './cloudtrail';
import { ReadCache } from './read-cache';
import { SessionLookup, SessionLookupResult } from './session';

export interface SessionCacheOptions {
  /** How long an answer is reused, at least. A record found by its access key is kept until its session expires. */
  ttlSeconds: number;
  /** The most sessions kept; the least recently used is dropped first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * A session lookup that reuses answers, so that a burst of events from one session costs one read. Concurrent
 * lookups of one session share a single read. A miss whose record may still arrive is never kept: the next
 * event (or the retry of this one) must see the record as soon as the recorder has written it. A definite miss
 * (the session is older than the delivery window) is kept for the TTL. Failed reads are not kept.
 *
 * A record found by its access key is kept until the session expires: an access key belongs to one session, and a
 * session's tags are fixed when it is created, so the record cannot change while the session lives.
 */
export class CachedSessionLookup implements SessionLookup {
  private readonly cache: ReadCache<SessionLookupResult>;
  private readonly now: () => number;

  constructor(
    private readonly inner: SessionLookup,
    options: SessionCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.cache = new ReadCache<SessionLookupResult>({
      ttlSeconds: options.ttlSeconds,
      maxEntries: options.maxEntries ?? 5000,
      now: this.now,
      keep: (r) => (r.status === 'missing' && r.mayStillArrive ? false : undefined),
    });
  }

  lookup(account: string, identity: UserIdentity, now?: Date): Promise<SessionLookupResult> {
    const key = keyOf(account, identity);
    if (!key) return this.inner.lookup(account, identity, now);
    const byKey = typeof identity.accessKeyId === 'string' && identity.accessKeyId.length > 0;
    return this.cache.read(
      key,
      () => this.inner.lookup(account, identity, now),
      (r) => {
        if (r.status === 'missing') return r.mayStillArrive ? false : undefined;
        return byKey ? (Date.parse(r.record.expiresAt) || 0) - this.now() : undefined;
      },
    );
  }
}

/**
 * What the answer depends on besides time. By access key id when the event has one; otherwise by session ARN and
 * creation date. Without either, the store answers from the current time alone: not cached.
 */
function keyOf(account: string, identity: UserIdentity): string | undefined {
  const type = identity.type ?? '';
  if (typeof identity.accessKeyId === 'string' && identity.accessKeyId.length > 0)
    return `${account}/${type}/key/${identity.accessKeyId}`;
  const created = identity.sessionContext?.attributes?.creationDate;
  if (typeof identity.arn === 'string' && typeof created === 'string')
    return `${account}/${type}/arn/${identity.arn}/${created}`;
  return undefined;
}
