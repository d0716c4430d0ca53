import { Tags } from '../../lambda/core/resource';
import { explainEvents } from '../../lib/explain/explain';
import { MemorySessionStore } from '../../lib/explain/memory-session-store';
import { AwsWorld, stateKey } from '../support/aws-world';
import { LocalDynamo, startDynalite } from '../support/dynalite';
import { assumeRoleEvent, createEvents, replayed, Session, sessionIdentity } from '../support/e2e-stream';
import { Pipeline } from '../support/pipeline';
import { loadSample } from '../support/samples';
import { scanTable } from '../support/session-table';

/*
 * Issue: an admin of one member account can put any event whose source does not start with `aws.` on its own
 * default bus, replay an archive, or write STS times no STS would log. Each such event goes through the real
 * recorder and tagger (dynalite session table, SQS model, stateful AWS double) and changes nothing: no session
 * record, no tag, nothing in another account. The genuine events around them still tag. explain, which runs the same
 * functions offline, gives the same verdicts.
 */

jest.setTimeout(60_000);

const A = '333333333301';
const B = '333333333302';
const TEAM_A: Tags = { team: 'a-team' };
const TEAM_B: Tags = { team: 'b-team' };
const SESSION_TAGS: Tags = { CostCenter: '4200' };

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.stop());

const session = (account: string, n: number, issuedAt: number): Session => ({
  account,
  role: `Dev${n}`,
  accessKeyId: `ASIAFORGE${account}${n}`,
  arn: `arn:aws:sts::${account}:assumed-role/Dev${n}/dev-${n}`,
  sessionTags: SESSION_TAGS,
  issuedAt: new Date(issuedAt).toISOString(),
});

/** An STS record as the central bus delivers it: in an envelope, with the given source. */
const stsEnvelope = (record: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  version: '0',
  id: `eb-${String(record.eventID)}`,
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.sts',
  account: record.recipientAccountId,
  region: record.awsRegion,
  time: record.eventTime,
  resources: [],
  detail: record,
  ...extra,
});

const CLOUDTRAIL_TIME = (d: Date) =>
  `${d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${((d.getUTCHours() + 11) % 12) + 1}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;

describe('events AWS did not emit change nothing; the genuine ones still tag', () => {
  let world: AwsWorld;
  afterEach(() => world?.restore());

  test('custom sources, replays, impossible STS times, a forged create over an existing resource, a creator of another account', async () => {
    world = new AwsWorld(21);
    world.install();
    const pipeline = await Pipeline.start(dynamo, world);
    const now = pipeline.clock.now;
    const time = new Date(now).toISOString();
    const [sa, sb] = [session(A, 1, now - 60_000), session(B, 2, now - 60_000)];
    world.setIamTags('role', A, sa.role, TEAM_A);
    world.setIamTags('role', B, sb.role, TEAM_B);

    // The genuine sessions, delivered as the bus delivers them.
    for (const s of [sa, sb]) expect((await pipeline.record(stsEnvelope(assumeRoleEvent(s)))).status).toBe('recorded');
    const tableBefore = await scanTable(dynamo.client, pipeline.table);

    // An existing bucket of A, created and tagged by someone else; and a genuine create of A's session.
    const bucketSample = loadSample('s3.CreateBucket.2.json') as { detail: Record<string, unknown> };
    const existingBucket = replayed('s3.CreateBucket.2.json', bucketSample.detail, sa, time, 1)!;
    const bucketRef = createEvents([sa], time).find((c) => c.file === 's3.CreateBucket.2.json')!.resources[0];
    const bucketKey = stateKey(A, bucketRef);
    world.seed(bucketKey, { Owner: 'arn:aws:iam::333333333301:user/real-creator', team: 'data' });
    const queueSample = loadSample('sqs.CreateQueue.1.json') as Record<string, unknown>;
    const genuineCreate = replayed('sqs.CreateQueue.1.json', queueSample, sa, time, 2)!;
    const genuineKey = `${A}|arn:aws:sqs:us-east-1:${A}:arms-deadletter`;
    world.seed(genuineKey, {});
    // A consistent create in B whose creator is a session of A (a write B's resource policy allowed).
    const crossAccount = replayed('sqs.CreateQueue.1.json', JSON.parse(JSON.stringify(queueSample).split('arms-deadletter').join('shared-intake')), sb, time, 3)!;
    (crossAccount.detail as Record<string, unknown>).userIdentity = sessionIdentity(sa);
    const crossKey = `${B}|arn:aws:sqs:us-east-1:${B}:shared-intake`;
    world.seed(crossKey, {});
    const stateBefore = new Map(world.tags);

    // 1. A create event on a custom source that names A's existing bucket, with the forger's Owner and tags.
    const forgedCreate = {
      ...existingBucket,
      id: 'forged-create',
      source: 'x.forge',
      detail: { ...(existingBucket.detail as object), requestParameters: { bucketName: bucketRef.id, tags: [{ key: 'Owner', value: 'forger' }] } },
    };
    // 2. An STS event on a custom source that rewrites A's live session with other tags and a far expiry.
    const hijack = assumeRoleEvent({ ...sa, sessionTags: { CostCenter: 'forged' }, issuedAt: new Date(now + 1000).toISOString() });
    (hijack as Record<string, unknown>).eventID = 'forged-sts';
    const forgedSts = stsEnvelope(hijack, { source: 'x.forge' });
    // 3. Replays of genuine events: an archive re-put with replay-name.
    const replayedSts = stsEnvelope(assumeRoleEvent(sa), { 'replay-name': 'last-week' });
    const replayedCreate = { ...genuineCreate, id: 'replayed-create', 'replay-name': 'last-week' };
    // 4. STS times no STS logs: an eventTime a year ahead (pins the record), an expiry in year 9999 (no TTL).
    const future = assumeRoleEvent({ ...sa, issuedAt: new Date(now + 365 * 86_400_000).toISOString() });
    (future as Record<string, unknown>).eventID = 'future';
    const forever = assumeRoleEvent(sa);
    (forever as Record<string, any>).eventID = 'forever';
    (forever as Record<string, any>).responseElements.credentials.expiration = CLOUDTRAIL_TIME(new Date('9999-12-31T23:59:59Z'));

    const recorded = [];
    for (const e of [forgedSts, replayedSts, stsEnvelope(future), stsEnvelope(forever)]) recorded.push(await pipeline.record(e));
    for (const e of [forgedCreate, replayedCreate, genuineCreate, crossAccount]) pipeline.enqueue(e);
    await pipeline.drain();

    // The recorder refused every forged session event, by name, and the table is as the genuine events left it.
    expect(recorded.map((o) => [o.status, 'rejection' in o ? o.rejection.code : undefined, 'rejection' in o ? o.rejection.field : undefined])).toEqual([
      ['rejected', 'untrusted-source', 'source'],
      ['rejected', 'replayed', 'replay-name'],
      ['rejected', 'out-of-bounds', 'eventTime'],
      ['rejected', 'out-of-bounds', 'responseElements.credentials.expiration'],
    ]);
    expect(await scanTable(dynamo.client, pipeline.table)).toEqual(tableBefore);

    // The tagger dead-lettered the forged create and the replay with their reasons; nothing else.
    expect(pipeline.sqs.dlq.map((d) => [d.code, JSON.parse(d.body).id])).toEqual([
      ['untrusted-source', 'forged-create'],
      ['replayed', 'replayed-create'],
    ]);

    // The existing bucket keeps its real Owner and tags.
    expect(world.tags.get(bucketKey)).toEqual(stateBefore.get(bucketKey));
    // The genuine create is tagged with the session's and the role's tags.
    expect(world.tags.get(genuineKey)).toEqual({ Owner: sa.arn, team: 'a-team', CostCenter: '4200' });
    // The creator of another account: Owner only, and nothing read or assumed in its account.
    expect(world.tags.get(crossKey)).toEqual({ Owner: sa.arn });
    expect(world.calls.filter((c) => c.command.startsWith('iam:') && c.account === A)).toHaveLength(1);
    expect(world.calls.filter((c) => c.account === A).map((c) => c.command).sort()).toEqual(['iam:ListRoleTags', 'sts:AssumeRole', 'tag:TagResources']);
    // No other resource changed.
    for (const [key, tags] of stateBefore) if (key !== genuineKey && key !== crossKey) expect([key, world.tags.get(key)]).toEqual([key, tags]);

    // explain, offline, reaches the same verdicts on the same events.
    const explained = await explainEvents(
      [stsEnvelope(assumeRoleEvent(sa)), forgedSts, replayedSts, stsEnvelope(future), stsEnvelope(forever), forgedCreate, replayedCreate, genuineCreate, crossAccount],
      {
        settings: { protectedTagPrefix: 'scp-', ownerTagKey: 'Owner', propagation: { include: ['*'], exclude: [] }, conflict: 'keep' },
        sessions: new MemorySessionStore(),
        iamTags: { read: async (ref) => ({ status: 'read', tags: ref.account === A ? TEAM_A : TEAM_B }) },
        now: () => new Date(now),
      },
    );
    expect(explained.map((e) => [e.action, e.reason.split(':')[0]])).toEqual([
      ['record-session', 'would record session arn'],
      ['reject', 'untrusted-source'],
      ['reject', 'replayed'],
      ['reject', 'out-of-bounds'],
      ['reject', 'out-of-bounds'],
      ['reject', 'untrusted-source'],
      ['reject', 'replayed'],
      ['tag', 'would tag 1 resource(s)'],
      ['tag', 'would tag 1 resource(s)'],
    ]);
    expect(explained[7].writes).toEqual([{ arn: `arn:aws:sqs:us-east-1:${A}:arms-deadletter`, tags: { Owner: sa.arn, team: 'a-team', CostCenter: '4200' } }]);
    expect(explained[8].writes).toEqual([{ arn: `arn:aws:sqs:us-east-1:${B}:shared-intake`, tags: { Owner: sa.arn } }]);
  });

  test("the calling account's copy of a cross-account AssumeRole is ignored with its reason, in the recorder and in explain", async () => {
    world = new AwsWorld(22);
    world.install();
    const pipeline = await Pipeline.start(dynamo, world);
    const now = pipeline.clock.now;
    const sb = session(B, 2, now - 60_000);
    // A's IAM user assumed B's role: CloudTrail logs the call in A too, delivered on A's bus.
    const callersCopy = assumeRoleEvent(sb) as Record<string, any>;
    callersCopy.recipientAccountId = A;
    callersCopy.userIdentity = { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/deployer`, accountId: A, accessKeyId: 'AKIAE2EDEPLOYER0000', userName: 'deployer' };
    const outcome = await pipeline.record(stsEnvelope(callersCopy));
    expect(outcome).toEqual({ status: 'ignored', rejection: expect.objectContaining({ code: 'caller-copy', field: 'requestParameters.roleArn' }) });
    expect(await scanTable(dynamo.client, pipeline.table)).toEqual([]);
    const [explained] = await explainEvents([stsEnvelope(callersCopy)], {
      settings: { protectedTagPrefix: 'scp-', ownerTagKey: 'Owner', propagation: { include: ['*'], exclude: [] }, conflict: 'keep' },
      sessions: new MemorySessionStore(),
      iamTags: { read: async () => ({ status: 'none' }) },
      now: () => new Date(now),
    });
    expect([explained.action, explained.reason.split(':')[0]]).toEqual(['ignore', 'caller-copy']);
  });
});
