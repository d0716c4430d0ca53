import { DynamoSessionReader } from '../../lambda/aws/session-reader';
import { DynamoSessionStore, EXPIRED_RECORD_GRACE_SECONDS } from '../../lambda/aws/session-store';
import { UserIdentity } from '../../lambda/core/cloudtrail';
import { SessionRecord } from '../../lambda/core/session';
import { LocalDynamo, startDynalite } from '../support/dynalite';
import { loadSample } from '../support/samples';
import { freshSessionTable, scanTable } from '../support/session-table';

const WINDOW_SECONDS = 600;
const ACCOUNT = '111111111111';
const ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/Builder/ci`;

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.stop());

async function store(): Promise<{ store: DynamoSessionStore; table: string }> {
  const table = await freshSessionTable(dynamo.client, 'store');
  return { store: new DynamoSessionStore(dynamo.client, table, WINDOW_SECONDS), table };
}

function session(
  accessKeyId: string,
  issuedAt: string,
  expiresAt: string,
  extra: Partial<SessionRecord> = {},
): SessionRecord {
  return {
    account: ACCOUNT,
    accessKeyId,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/Builder`,
    sessionName: 'ci',
    sessionArn: ARN,
    tags: { Team: accessKeyId },
    transitiveTagKeys: [],
    incomingTransitiveTags: {},
    issuedAt,
    expiresAt,
    eventId: `event-${accessKeyId}`,
    ...extra,
  };
}

/** The identity of a later call, shaped like sts.AssumeRole.3.json's caller (a real AssumedRole userIdentity). */
function identity(change: Partial<UserIdentity> & { creationDate?: string }): UserIdentity {
  const base = structuredClone((loadSample('sts.AssumeRole.3.json') as { userIdentity: UserIdentity }).userIdentity);
  const { creationDate, ...rest } = change;
  // The sample's own creationDate (2019) is replaced by the one a test names, or dropped.
  const sessionContext =
    creationDate === undefined ? undefined : { ...base.sessionContext, attributes: { creationDate } };
  return { ...base, arn: ARN, accountId: ACCOUNT, sessionContext, ...rest };
}

describe('put', () => {
  test('stores the record with the TTL attribute one day after expiry', async () => {
    const { store: s, table } = await store();
    const record = session('ASIAKEYONE000000001', '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z', {
      sourceIdentity: 'jane',
    });
    expect(await s.put(record)).toEqual({ status: 'written' });
    expect(await scanTable(dynamo.client, table)).toEqual([
      { ...record, expiresAtEpoch: Date.parse('2026-01-01T11:00:00Z') / 1000 + EXPIRED_RECORD_GRACE_SECONDS },
    ]);
    expect(await s.get(record.accessKeyId)).toEqual(record);
  });

  test('a duplicate, an older event, and another account leave the record as it is', async () => {
    const { store: s } = await store();
    const record = session('ASIAKEYONE000000001', '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z');
    await s.put(record);
    expect(await s.put(record)).toEqual({
      status: 'unchanged',
      reason: 'duplicate delivery of event event-ASIAKEYONE000000001',
    });
    expect(
      await s.put({ ...record, eventId: 'older', issuedAt: '2026-01-01T09:00:00.000Z', tags: { Team: 'old' } }),
    ).toEqual({
      status: 'unchanged',
      reason:
        "the stored record (event event-ASIAKEYONE000000001, issued 2026-01-01T10:00:00.000Z) is not older than this event's (issued 2026-01-01T09:00:00.000Z)",
    });
    expect(
      await s.put({ ...record, account: '222222222222', eventId: 'x', issuedAt: '2026-01-01T12:00:00.000Z' }),
    ).toEqual({
      status: 'unchanged',
      reason: 'the stored record belongs to account 111111111111, not 222222222222',
    });
    expect(await s.get(record.accessKeyId)).toEqual(record);
  });
});

describe('lookup', () => {
  const now = new Date('2026-01-01T10:30:00Z');

  test('by access key id, in the asked account only', async () => {
    const { store: s } = await store();
    const record = session('ASIAKEYONE000000001', '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z');
    await s.put(record);
    expect(await s.lookup(ACCOUNT, identity({ accessKeyId: record.accessKeyId }), now)).toEqual({
      status: 'found',
      record,
    });
    expect(await s.lookup('222222222222', identity({ accessKeyId: record.accessKeyId }), now)).toEqual({
      status: 'missing',
      mayStillArrive: false,
      reason: 'the session record of access key ASIAKEYONE000000001 belongs to account 111111111111, not 222222222222',
    });
  });

  test('an unknown access key: the event may still arrive while the session is younger than the delivery window', async () => {
    const { store: s } = await store();
    const young = identity({ accessKeyId: 'ASIAUNKNOWN00000001', creationDate: '2026-01-01T10:25:00Z' });
    const old = identity({ accessKeyId: 'ASIAUNKNOWN00000001', creationDate: '2026-01-01T10:15:00Z' });
    const undated = identity({ accessKeyId: 'ASIAUNKNOWN00000001', creationDate: 'yesterday' });
    const reason = 'no session record for access key ASIAUNKNOWN00000001';
    expect(await s.lookup(ACCOUNT, young, now)).toEqual({ status: 'missing', mayStillArrive: true, reason });
    expect(await s.lookup(ACCOUNT, old, now)).toEqual({ status: 'missing', mayStillArrive: false, reason });
    expect(await s.lookup(ACCOUNT, undated, now)).toEqual({ status: 'missing', mayStillArrive: false, reason });
  });

  test("the tagger's reader finds what the recorder's store wrote, by key and by ARN, and cannot write", async () => {
    const { store: s, table } = await store();
    const record = session('ASIAKEYONE000000001', '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z');
    await s.put(record);
    const reader = new DynamoSessionReader(dynamo.client, table, WINDOW_SECONDS);
    expect(await reader.lookup(ACCOUNT, identity({ accessKeyId: record.accessKeyId }), now)).toEqual({
      status: 'found',
      record,
    });
    expect(await reader.lookup(ACCOUNT, identity({ accessKeyId: undefined }), now)).toEqual({
      status: 'found',
      record,
    });
    expect('put' in reader).toBe(false);
  });

  test('a known access key is never answered with another session of the same ARN', async () => {
    const { store: s } = await store();
    await s.put(session('ASIAKEYONE000000001', '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z'));
    const result = await s.lookup(ACCOUNT, identity({ accessKeyId: 'ASIAKEYTWO000000002' }), now);
    expect(result.status).toBe('missing');
  });

  test('without an access key, by session ARN: the newest session valid at the creation date, else now', async () => {
    const { store: s } = await store();
    const first = session('ASIAKEYONE000000001', '2026-01-01T09:00:00.000Z', '2026-01-01T12:00:00.000Z');
    const second = session('ASIAKEYTWO000000002', '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z');
    const expired = session('ASIAKEYTHREE0000003', '2026-01-01T10:10:00.000Z', '2026-01-01T10:20:00.000Z');
    const otherAccount = session('ASIAKEYFOUR00000004', '2026-01-01T10:20:00.000Z', '2026-01-01T11:20:00.000Z', {
      account: '222222222222',
    });
    for (const r of [first, second, expired, otherAccount]) await s.put(r);

    const noKey = (creationDate?: string) => identity({ accessKeyId: undefined, creationDate });
    expect(await s.lookup(ACCOUNT, noKey(), now)).toEqual({ status: 'found', record: second });
    expect(await s.lookup(ACCOUNT, noKey('2026-01-01T09:00:00Z'), now)).toEqual({ status: 'found', record: first });
    expect(await s.lookup(ACCOUNT, noKey('2026-01-01T10:10:00Z'), now)).toEqual({ status: 'found', record: expired });
    expect(await s.lookup(ACCOUNT, noKey(), new Date('2026-01-01T11:30:00Z'))).toEqual({
      status: 'found',
      record: first,
    });
    expect(await s.lookup(ACCOUNT, noKey(), new Date('2026-01-01T13:00:00Z'))).toEqual({
      status: 'missing',
      mayStillArrive: false,
      reason: `no valid session record for ${ARN}`,
    });
  });

  test('by session ARN, an ARN of another account is refused', async () => {
    const { store: s } = await store();
    expect(await s.lookup('222222222222', identity({ accessKeyId: undefined }), now)).toEqual({
      status: 'missing',
      mayStillArrive: false,
      reason: `session ARN ${ARN} is in account 111111111111, not 222222222222`,
    });
  });

  test('principals that are not sessions have no session tags', async () => {
    const { store: s } = await store();
    const user = (loadSample('sts.AssumeRole.4.json') as { userIdentity: UserIdentity }).userIdentity;
    expect(await s.lookup('457448411975', user, now)).toEqual({
      status: 'missing',
      mayStillArrive: false,
      reason: 'a IAMUser identity is not an STS session and has no session tags',
    });
    expect(await s.lookup(ACCOUNT, { type: 'AssumedRole' }, now)).toEqual({
      status: 'missing',
      mayStillArrive: false,
      reason: 'userIdentity has neither an access key id nor a session ARN',
    });
  });

  test('a federated user is found by its access key (sts.GetCallerIdentity.1.json after sts.GetFederationToken.1.json)', async () => {
    const { store: s } = await store();
    const record = session('ASIASTJKC5GCM7ZE6LUP', '2024-11-30T08:43:17.000Z', '2024-11-30T20:43:17.000Z', {
      account: '742491224508',
    });
    await s.put(record);
    const caller = (loadSample('sts.GetCallerIdentity.1.json') as { userIdentity: UserIdentity }).userIdentity;
    expect(await s.lookup('742491224508', caller, new Date('2024-11-30T09:00:00Z'))).toEqual({
      status: 'found',
      record,
    });
  });
});
