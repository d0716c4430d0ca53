import { DynamoSessionStore } from '../../lambda/aws/session-store';
import { UserIdentity } from '../../lambda/core/cloudtrail';
import { CachedSessionLookup } from '../../lambda/core/session-cache';
import { SessionLookup, SessionRecord } from '../../lambda/core/session';
import { LocalDynamo, startDynalite } from '../support/dynalite';
import { loadSample } from '../support/samples';
import { freshSessionTable } from '../support/session-table';

const WINDOW_SECONDS = 900;
const ACCOUNT = '111111111111';
const ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/Builder/ci`;
const CREATED = '2026-01-01T10:00:00.000Z';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.stop());

/** The session store on dynalite, behind a counter of the lookups that reach it. */
async function countedStore(): Promise<{ store: DynamoSessionStore; counted: SessionLookup; reads: () => number }> {
  const store = new DynamoSessionStore(dynamo.client, await freshSessionTable(dynamo.client, 'cache'), WINDOW_SECONDS);
  let reads = 0;
  const counted: SessionLookup = {
    lookup: (account, identity, now) => {
      reads += 1;
      return store.lookup(account, identity, now);
    },
  };
  return { store, counted, reads: () => reads };
}

function record(accessKeyId: string): SessionRecord {
  return {
    account: ACCOUNT,
    accessKeyId,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/Builder`,
    sessionName: 'ci',
    sessionArn: ARN,
    tags: { Team: 'blue' },
    transitiveTagKeys: [],
    incomingTransitiveTags: {},
    issuedAt: CREATED,
    expiresAt: '2026-01-01T11:00:00.000Z',
    eventId: `event-${accessKeyId}`,
  };
}

/** A real AssumedRole userIdentity (sts.AssumeRole.3.json's caller) moved to this session. */
function identity(accessKeyId: string | undefined): UserIdentity {
  const base = structuredClone((loadSample('sts.AssumeRole.3.json') as { userIdentity: UserIdentity }).userIdentity);
  return {
    ...base,
    arn: ARN,
    accountId: ACCOUNT,
    accessKeyId,
    sessionContext: { ...base.sessionContext, attributes: { creationDate: CREATED } },
  };
}

const at = (iso: string) => new Date(iso);

describe('CachedSessionLookup', () => {
  test('a burst of lookups of one session reads the store once, concurrent ones included', async () => {
    const { store, counted, reads } = await countedStore();
    await store.put(record('ASIABURST0000000001'));
    const cache = new CachedSessionLookup(counted, { ttlSeconds: 60, now: () => 0 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        cache.lookup(ACCOUNT, identity('ASIABURST0000000001'), at('2026-01-01T10:05:00Z')),
      ),
    );
    expect(results.every((r) => r.status === 'found' && r.record.tags.Team === 'blue')).toBe(true);
    await cache.lookup(ACCOUNT, identity('ASIABURST0000000001'), at('2026-01-01T10:06:00Z'));
    expect(reads()).toBe(1);
  });

  test('a record found by its access key is kept until its session expires, then read again', async () => {
    const { store, counted, reads } = await countedStore();
    await store.put(record('ASIATTL000000000001'));
    let now = Date.parse('2026-01-01T10:05:00Z');
    const cache = new CachedSessionLookup(counted, { ttlSeconds: 60, now: () => now });
    await cache.lookup(ACCOUNT, identity('ASIATTL000000000001'), at('2026-01-01T10:05:00Z'));
    // Far past the TTL, but the session (expiring at 11:00) lives on: its record cannot have changed.
    now = Date.parse('2026-01-01T10:59:00Z');
    expect(await cache.lookup(ACCOUNT, identity('ASIATTL000000000001'), at('2026-01-01T10:59:00Z'))).toMatchObject({
      status: 'found',
    });
    expect(reads()).toBe(1);
    now = Date.parse('2026-01-01T11:00:01Z');
    await cache.lookup(ACCOUNT, identity('ASIATTL000000000001'), at('2026-01-01T11:00:01Z'));
    expect(reads()).toBe(2);
  });

  test('a record found by session ARN (no access key in the event) is read again after the TTL', async () => {
    const { store, counted, reads } = await countedStore();
    await store.put(record('ASIAARN000000000001'));
    let now = 0;
    const cache = new CachedSessionLookup(counted, { ttlSeconds: 60, now: () => now });
    expect(await cache.lookup(ACCOUNT, identity(undefined), at('2026-01-01T10:05:00Z'))).toMatchObject({
      status: 'found',
    });
    now = 59_000;
    await cache.lookup(ACCOUNT, identity(undefined), at('2026-01-01T10:05:00Z'));
    expect(reads()).toBe(1);
    now = 61_000;
    await cache.lookup(ACCOUNT, identity(undefined), at('2026-01-01T10:05:00Z'));
    expect(reads()).toBe(2);
  });

  test('a miss that may still arrive is never kept: the record is found as soon as it is written', async () => {
    const { store, counted, reads } = await countedStore();
    const cache = new CachedSessionLookup(counted, { ttlSeconds: 600, now: () => 0 });
    const young = at('2026-01-01T10:01:00Z');
    expect(await cache.lookup(ACCOUNT, identity('ASIALATE00000000001'), young)).toMatchObject({
      status: 'missing',
      mayStillArrive: true,
    });
    await store.put(record('ASIALATE00000000001'));
    expect(await cache.lookup(ACCOUNT, identity('ASIALATE00000000001'), young)).toMatchObject({ status: 'found' });
    expect(reads()).toBe(2);
  });

  test('a session of a role that cannot carry tags is read once, its miss kept as long as a role session lives', async () => {
    const { store, counted, reads } = await countedStore();
    let now = Date.parse('2026-01-01T10:01:00Z');
    const cache = new CachedSessionLookup(counted, { ttlSeconds: 60, now: () => now });
    const untagged = { mayCarryTags: false };
    const young = at('2026-01-01T10:01:00Z');
    for (let i = 0; i < 5; i++)
      expect(await cache.lookup(ACCOUNT, identity('ASIASERVICE00000001'), young, untagged)).toMatchObject({
        status: 'missing',
        mayStillArrive: true,
      });
    expect(reads()).toBe(1);
    // Past the TTL and the delivery window: still kept, the session has no session tags to wait for.
    now = Date.parse('2026-01-01T21:59:00Z');
    await cache.lookup(ACCOUNT, identity('ASIASERVICE00000001'), at('2026-01-01T21:59:00Z'), untagged);
    expect(reads()).toBe(1);
    // Twelve hours on, no role session lives: read again.
    now = Date.parse('2026-01-01T22:01:01Z');
    await cache.lookup(ACCOUNT, identity('ASIASERVICE00000001'), at('2026-01-01T22:01:01Z'), untagged);
    expect(reads()).toBe(2);
    // Without the hint, the same young session's miss is not reused.
    await store.put(record('ASIASERVICE00000001'));
    expect(await cache.lookup(ACCOUNT, identity('ASIASERVICE00000001'), young)).toMatchObject({ status: 'found' });
    expect(reads()).toBe(3);
  });

  test('a kept "cannot carry tags" miss is not reused once the trust policy allows sts:TagSession', async () => {
    const { store, counted, reads } = await countedStore();
    const cache = new CachedSessionLookup(counted, { ttlSeconds: 60, now: () => 0 });
    const young = at('2026-01-01T10:01:00Z');
    await cache.lookup(ACCOUNT, identity('ASIAFLIP00000000001'), young, { mayCarryTags: false });
    await store.put(record('ASIAFLIP00000000001'));
    expect(await cache.lookup(ACCOUNT, identity('ASIAFLIP00000000001'), young, { mayCarryTags: true })).toMatchObject({
      status: 'found',
      record: { tags: { Team: 'blue' } },
    });
    expect(reads()).toBe(2);
  });

  test('a session issued with tags before its role stopped allowing sts:TagSession is still found', async () => {
    const { store, counted } = await countedStore();
    await store.put(record('ASIABEFORE000000001'));
    const cache = new CachedSessionLookup(counted, { ttlSeconds: 60, now: () => 0 });
    const later = at('2026-01-01T10:40:00Z');
    expect(await cache.lookup(ACCOUNT, identity('ASIABEFORE000000001'), later, { mayCarryTags: false })).toMatchObject({
      status: 'found',
      record: { tags: { Team: 'blue' } },
    });
  });

  test('a definite miss (older than the delivery window) is kept for the TTL', async () => {
    const { counted, reads } = await countedStore();
    let now = 0;
    const cache = new CachedSessionLookup(counted, { ttlSeconds: 60, now: () => now });
    const old = at('2026-01-01T10:30:00Z');
    expect(await cache.lookup(ACCOUNT, identity('ASIAGONE00000000001'), old)).toMatchObject({
      status: 'missing',
      mayStillArrive: false,
    });
    await cache.lookup(ACCOUNT, identity('ASIAGONE00000000001'), old);
    expect(reads()).toBe(1);
    now = 61_000;
    await cache.lookup(ACCOUNT, identity('ASIAGONE00000000001'), old);
    expect(reads()).toBe(2);
  });

  test('sessions are kept apart by account and by key; without a key, by ARN and creation date', async () => {
    const { store, counted, reads } = await countedStore();
    await store.put(record('ASIAKEYA00000000001'));
    await store.put(record('ASIAKEYB00000000001'));
    const cache = new CachedSessionLookup(counted, { ttlSeconds: 60, now: () => 0 });
    const now = at('2026-01-01T10:05:00Z');
    expect(await cache.lookup(ACCOUNT, identity('ASIAKEYA00000000001'), now)).toMatchObject({
      status: 'found',
      record: { accessKeyId: 'ASIAKEYA00000000001' },
    });
    expect(await cache.lookup(ACCOUNT, identity('ASIAKEYB00000000001'), now)).toMatchObject({
      status: 'found',
      record: { accessKeyId: 'ASIAKEYB00000000001' },
    });
    expect(await cache.lookup('222222222222', identity('ASIAKEYA00000000001'), now)).toMatchObject({
      status: 'missing',
    });
    await cache.lookup(ACCOUNT, identity(undefined), now);
    await cache.lookup(ACCOUNT, identity(undefined), now);
    expect(reads()).toBe(4);
  });

  test('a failed read is not kept', async () => {
    let calls = 0;
    const failing: SessionLookup = {
      lookup: async () => {
        calls += 1;
        if (calls === 1) throw new Error('throttled');
        return { status: 'missing', mayStillArrive: false, reason: 'none' };
      },
    };
    const cache = new CachedSessionLookup(failing, { ttlSeconds: 60, now: () => 0 });
    await expect(cache.lookup(ACCOUNT, identity('ASIAFAIL00000000001'))).rejects.toThrow('throttled');
    await cache.lookup(ACCOUNT, identity('ASIAFAIL00000000001'));
    expect(calls).toBe(2);
  });

  test('the least recently used session is dropped beyond maxEntries', async () => {
    const { counted, reads } = await countedStore();
    const cache = new CachedSessionLookup(counted, { ttlSeconds: 60, maxEntries: 2, now: () => 0 });
    const old = at('2026-01-01T10:30:00Z');
    for (const key of ['ASIALRU000000000001', 'ASIALRU000000000002', 'ASIALRU000000000001', 'ASIALRU000000000003'])
      await cache.lookup(ACCOUNT, identity(key), old);
    expect(reads()).toBe(3);
    await cache.lookup(ACCOUNT, identity('ASIALRU000000000001'), old);
    expect(reads()).toBe(3);
    await cache.lookup(ACCOUNT, identity('ASIALRU000000000002'), old);
    expect(reads()).toBe(4);
  });
});
