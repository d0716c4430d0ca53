import { Tags } from '../../lambda/core/resource';
import { PlanSettings } from '../../lambda/core/tag-plan';
import { explainEvents } from '../../lib/explain/explain';
import { MemorySessionStore } from '../../lib/common/memory-session-store';
import { AwsWorld, stateKey } from '../support/aws-world';
import { LocalDynamo, startDynalite } from '../support/dynalite';
import { assumeRoleEvent, cloudTrailTime, createEvents, replayed, Session } from '../support/e2e-stream';
import { sessionIdentity } from '../support/e2e-stream';
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
const SETTINGS: PlanSettings = {
  protectedTagPrefix: 'scp-',
  ownerTagKey: 'Owner',
  propagation: { include: ['*'], exclude: [] },
  conflict: 'keep',
};

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

describe('events AWS did not emit change nothing; the genuine ones still tag', () => {
  let world: AwsWorld;
  afterEach(() => world?.restore());

  test('custom sources, replays, impossible STS times, a forged create, a creator of another account', async () => {
    world = new AwsWorld(21);
    world.install();
    const pipeline = await Pipeline.start(dynamo, world);
    const now = pipeline.clock.now;
    const time = new Date(now).toISOString();
    const [sa, sb] = [session(A, 1, now - 60_000), session(B, 2, now - 60_000)];
    world.setIamTags('role', A, sa.role, TEAM_A);
    world.setIamTags('role', B, sb.role, TEAM_B);

    // The genuine sessions, delivered as the bus delivers them.
    for (const s of [sa, sb]) {
      expect((await pipeline.record(stsEnvelope(assumeRoleEvent(s)))).status).toBe('recorded');
    }
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
    const otherQueue = JSON.parse(JSON.stringify(queueSample).split('arms-deadletter').join('shared-intake'));
    const crossAccount = replayed('sqs.CreateQueue.1.json', otherQueue, sb, time, 3)!;
    (crossAccount.detail as Record<string, unknown>).userIdentity = sessionIdentity(sa);
    const crossKey = `${B}|arn:aws:sqs:us-east-1:${B}:shared-intake`;
    world.seed(crossKey, {});
    const stateBefore = new Map(world.tags);

    // 1. A create event on a custom source that names A's existing bucket, with the forger's Owner and tags.
    const forgedCreate = {
      ...existingBucket,
      id: 'forged-create',
      source: 'x.forge',
      detail: {
        ...(existingBucket.detail as object),
        requestParameters: { bucketName: bucketRef.id, tags: [{ key: 'Owner', value: 'forger' }] },
      },
    };
    // 2. An STS event on a custom source that rewrites A's live session with other tags and a far expiry.
    const later = new Date(now + 1000).toISOString();
    const hijack = assumeRoleEvent({ ...sa, sessionTags: { CostCenter: 'forged' }, issuedAt: later });
    hijack.eventID = 'forged-sts';
    const forgedSts = stsEnvelope(hijack, { source: 'x.forge' });
    // 3. Replays of genuine events: an archive re-put with replay-name.
    const replayedSts = stsEnvelope(assumeRoleEvent(sa), { 'replay-name': 'last-week' });
    const replayedCreate = { ...genuineCreate, id: 'replayed-create', 'replay-name': 'last-week' };
    // 4. STS times no STS logs: an eventTime a year ahead (pins the record), an expiry in year 9999 (no TTL).
    const future = assumeRoleEvent({ ...sa, issuedAt: new Date(now + 365 * 86_400_000).toISOString() });
    future.eventID = 'future';
    const forever = assumeRoleEvent(sa);
    (forever as Record<string, any>).eventID = 'forever';
    const year9999 = cloudTrailTime(new Date('9999-12-31T23:59:59Z'));
    (forever as Record<string, any>).responseElements.credentials.expiration = year9999;

    const recorded = [];
    for (const e of [forgedSts, replayedSts, stsEnvelope(future), stsEnvelope(forever)]) {
      recorded.push(await pipeline.record(e));
    }
    for (const e of [forgedCreate, replayedCreate, genuineCreate, crossAccount]) pipeline.enqueue(e);
    await pipeline.drain();

    // The recorder refused every forged session event, by name, and the table is as the genuine events left it.
    const verdicts = recorded.map((o) => ('rejection' in o ? [o.status, o.rejection.code, o.rejection.field] : [o]));
    expect(verdicts).toEqual([
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
    // In A: only the genuine create's reads and write (one role read, one tagger session, one tagging call).
    const inA = world.calls.filter((c) => c.account === A).map((c) => c.command);
    expect(inA.sort()).toEqual(['iam:GetRole', 'sts:AssumeRole', 'tag:TagResources']);
    // No other resource changed.
    for (const [key, tags] of stateBefore) {
      if (key !== genuineKey && key !== crossKey) expect([key, world.tags.get(key)]).toEqual([key, tags]);
    }

    // explain, offline, reaches the same verdicts on the same events.
    const sessionEvents = [stsEnvelope(assumeRoleEvent(sa)), forgedSts, replayedSts, stsEnvelope(future)];
    const creates = [forgedCreate, replayedCreate, genuineCreate, crossAccount];
    const explained = await explainEvents([...sessionEvents, stsEnvelope(forever), ...creates], {
      settings: SETTINGS,
      sessions: new MemorySessionStore(),
      iamTags: { read: async (ref) => ({ status: 'read', tags: ref.account === A ? TEAM_A : TEAM_B }) },
      now: () => new Date(now),
    });
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
    const genuineArn = `arn:aws:sqs:us-east-1:${A}:arms-deadletter`;
    const genuineTags = { Owner: sa.arn, team: 'a-team', CostCenter: '4200' };
    expect(explained[7].writes).toEqual([{ arn: genuineArn, tags: genuineTags }]);
    expect(explained[8].writes).toEqual([{ arn: `arn:aws:sqs:us-east-1:${B}:shared-intake`, tags: { Owner: sa.arn } }]);
  });

  test("the caller's copy of a cross-account AssumeRole is ignored with its reason, by explain too", async () => {
    world = new AwsWorld(22);
    world.install();
    const pipeline = await Pipeline.start(dynamo, world);
    const now = pipeline.clock.now;
    const sb = session(B, 2, now - 60_000);
    // A's IAM user assumed B's role: CloudTrail logs the call in A too, delivered on A's bus.
    const callersCopy = assumeRoleEvent(sb) as Record<string, any>;
    callersCopy.recipientAccountId = A;
    callersCopy.userIdentity = {
      type: 'IAMUser',
      arn: `arn:aws:iam::${A}:user/deployer`,
      accountId: A,
      accessKeyId: 'AKIAE2EDEPLOYER0000',
      userName: 'deployer',
    };
    const outcome = await pipeline.record(stsEnvelope(callersCopy));
    const ignored = expect.objectContaining({ code: 'caller-copy', field: 'requestParameters.roleArn' });
    expect(outcome).toMatchObject({ status: 'ignored', rejection: ignored });
    expect(await scanTable(dynamo.client, pipeline.table)).toEqual([]);
    const [explained] = await explainEvents([stsEnvelope(callersCopy)], {
      settings: SETTINGS,
      sessions: new MemorySessionStore(),
      iamTags: { read: async () => ({ status: 'none' }) },
      now: () => new Date(now),
    });
    expect([explained.action, explained.reason.split(':')[0]]).toEqual(['ignore', 'caller-copy']);
  });
});
