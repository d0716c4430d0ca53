import { UserIdentity } from './cloudtrail';
import { ReadCache } from './read-cache';
import { LookupHint, SessionLookup, SessionLookupResult } from './session';
import { MAX_SESSION_SECONDS } from './session-bounds';

/** The longest a role session lives (a role's maximum session duration is at most 12 hours). */
const ROLE_SESSION_MAX_MS = MAX_SESSION_SECONDS.AssumeRole * 1000;

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
 *
 * A session of a role that cannot carry session tags (the hint) is read once: its answer, found or not, is kept as
 * long as a role session can live. Its STS event is usually not forwarded at all (AWS services' own AssumeRole), so
 * without this every event of a young session would read the table again. It is still read once rather than
 * skipped, because a session issued before its role's trust policy stopped allowing sts:TagSession keeps the tags
 * it was issued with. The hint is part of the key: when the trust policy starts allowing sts:TagSession, the next
 * read (after the IAM cache refreshes the verdict) does not reuse the answer kept for "cannot carry".
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

  lookup(account: string, identity: UserIdentity, now?: Date, hint?: LookupHint): Promise<SessionLookupResult> {
    const key = keyOf(account, identity);
    if (!key) return this.inner.lookup(account, identity, now, hint);
    const untagged = hint?.mayCarryTags === false;
    const byKey = typeof identity.accessKeyId === 'string' && identity.accessKeyId.length > 0;
    return this.cache.read(
      untagged ? `${key}/untagged` : key,
      () => this.inner.lookup(account, identity, now, hint),
      (r) => {
        if (untagged) return ROLE_SESSION_MAX_MS;
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
