import { isDeepStrictEqual } from 'node:util';
import { Tags } from '../../lambda/core/resource';
import { AwsWorld, seeded, stateKey } from '../support/aws-world';
import { LocalDynamo, startDynalite } from '../support/dynalite';
import { assumeRoleEvent, CreateEvent, createEvents, replayed, Session, shuffled } from '../support/e2e-stream';
import { Pipeline, WINDOW_SECONDS } from '../support/pipeline';
import { loadSample } from '../support/samples';
import { scanTable } from '../support/session-table';

// Whole streams through dynalite: on a shared, loaded machine one test can take longer than the default 5 s, and a
// test cut off mid-stream leaves its work running into the next. Speed is measured by the benchmark, not here.
jest.setTimeout(60_000);

/*
 * The invariants of DESIGN.md, shown on the whole pipeline: real recorder and tagger code, a session table in
 * dynalite, a faithful SQS model and a stateful AWS double, fed with re-played real CloudTrail samples.
 * TAGWARDEN_E2E_REPORT=1 prints the figures.
 */

// A whole stream per test: on a loaded machine one can outlast jest's default 5 s, and a timed-out test keeps running
// into the next one's shared AWS doubles.
jest.setTimeout(60_000);

const report: Record<string, unknown> = {};
const ROLE_IAM_TAGS: Tags = {
  team: 'iam-team',
  project: 'iam-project',
  'scp-exempt-access-keys': 'true',
  'aws:forged': 'x',
};
const SESSION_TAGS: Tags = { team: 'session-team', CostCenter: '4200', 'SCP-Exempt-Everything': 'yes' };
/** What the principal contributes after the merge: session wins, protected and reserved keys are never copied. */
const PRINCIPAL_TAGS: Tags = { team: 'session-team', project: 'iam-project', CostCenter: '4200' };
const SYSTEM_TAG = { 'aws:cloudformation:stack-name': 'legacy-stack' };

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
  if (process.env.TAGWARDEN_E2E_REPORT) console.log(JSON.stringify(report, null, 2));
});

function session(account: string, n: number, issuedAt: number): Session {
  return {
    account,
    role: `Dev${n}`,
    accessKeyId: `ASIAE2E${account}${n}`,
    arn: `arn:aws:sts::${account}:assumed-role/Dev${n}/dev-${n}`,
    sessionTags: SESSION_TAGS,
    issuedAt: new Date(issuedAt).toISOString(),
  };
}

interface World {
  pipeline: Pipeline;
  world: AwsWorld;
  sessions: Session[];
  creates: CreateEvent[];
  expected: Map<string, Tags>;
}

/** Four sessions in four accounts, every supported sample re-played by each, resources seeded as AWS made them. */
async function buildWorld(seed: number): Promise<World> {
  const world = new AwsWorld(seed);
  world.install();
  const pipeline = await Pipeline.start(dynamo, world);
  const sessions = ['333333333301', '333333333302', '333333333303', '333333333304'].map((a, i) =>
    session(a, i + 1, pipeline.clock.now - 60_000),
  );
  for (const s of sessions) world.setIamTags('role', s.account, s.role, ROLE_IAM_TAGS);
  const seen = new Set<string>();
  const creates = createEvents(sessions, new Date(pipeline.clock.now).toISOString()).filter((c) => {
    const keys = c.resources.map((r) => stateKey(c.session.account, r));
    if (keys.some((k) => seen.has(k))) return false;
    keys.forEach((k) => seen.add(k));
    return true;
  });
  const expected = new Map<string, Tags>();
  for (const c of creates) {
    for (const r of c.resources) {
      const before = { ...r.creationTags, preexisting: 'kept', ...(r.writer === 's3-bucket' ? SYSTEM_TAG : {}) };
      const key = stateKey(c.session.account, r);
      world.seed(key, before);
      expected.set(key, withPrincipalTags(before, { Owner: c.session.arn, ...PRINCIPAL_TAGS }));
      // Launched instances get a root volume that the event does not name: the tagger must find and tag it too.
      if (r.type === 'instance' && /RunInstances|CreateFleet/.test(c.file)) {
        const volume = `vol-root-${r.id}`;
        world.attachVolume(c.session.account, r.id, volume);
        expected.set(`${c.session.account}|${volume}`, { Owner: c.session.arn, ...PRINCIPAL_TAGS });
      }
    }
  }
  return { pipeline, world, sessions, creates, expected };
}

/** The keep rule, written out: a key the resource already has (in any case) keeps its value. */
function withPrincipalTags(before: Tags, principal: Tags): Tags {
  const result = { ...before };
  for (const [k, v] of Object.entries(principal))
    if (!Object.keys(result).some((e) => e.toLowerCase() === k.toLowerCase())) result[k] = v;
  return result;
}

function assertFinalState(w: World): void {
  for (const [key, tags] of w.expected) expect([key, w.world.tags.get(key)]).toEqual([key, tags]);
}

const writes = (world: AwsWorld) =>
  world.calls.filter((c) =>
    /CreateTags|TagResources|Put\w*Tagging|AddTags|CreateOrUpdateTags|TagResource/.test(c.command),
  ).length;

// A whole stream through both functions takes 5-6 s on a loaded 2-core machine, past jest's 5 s default; an overrun
// leaves the shared world half-built for the tests after it. Not a time limit on the code: that is measured in bench.
jest.setTimeout(60_000);

describe('end to end', () => {
  let w: World;
  afterEach(() => w?.world.restore());

  test('shuffled stream with duplicates: every resource ends with exactly the right tags, create-before-session included', async () => {
    w = await buildWorld(7);
    const random = seeded(7);
    const arrivals = shuffled(
      [
        ...w.sessions.map((s) => ({ sts: assumeRoleEvent(s) })),
        ...w.creates.map((c) => ({ create: c.envelope })),
        ...w.creates.filter(() => random() < 0.2).map((c) => ({ create: c.envelope })),
      ],
      random,
    );
    let createdBeforeSession = 0;
    const recordedKeys = new Set<string>();
    for (const a of arrivals) {
      w.pipeline.clock.now += 1000;
      if ('sts' in a) {
        await w.pipeline.record(a.sts);
        recordedKeys.add(
          String((a.sts.responseElements as { credentials: { accessKeyId: string } }).credentials.accessKeyId),
        );
      } else {
        const key = (a.create.detail as { userIdentity: { accessKeyId: string } }).userIdentity.accessKeyId;
        if (!recordedKeys.has(key)) createdBeforeSession += 1;
        w.pipeline.enqueue(a.create);
        await w.pipeline.step();
      }
    }
    await w.pipeline.drain();

    assertFinalState(w);
    expect(w.pipeline.sqs.dlq).toEqual([]);
    const waited = w.pipeline.logs.filter(
      (l) => l.message === 'retry' && String(l.extra?.reason).includes('session record is not there yet'),
    );
    expect(createdBeforeSession).toBeGreaterThan(0);
    expect(waited.length).toBeGreaterThan(0);
    expect(w.pipeline.recorded.map((r) => r.status)).toEqual(w.sessions.map(() => 'recorded'));
    report.ordering = {
      events: arrivals.length,
      createEvents: w.creates.length,
      resources: w.expected.size,
      createdBeforeSession,
      retriedForSession: waited.length,
    };
  });

  test('after the delivery window a create event is tagged with what is known, and the missing session is recorded', async () => {
    w = await buildWorld(8);
    const [late] = w.sessions;
    const creates = w.creates.filter((c) => c.session === late);
    for (const c of creates) w.pipeline.enqueue(c.envelope);
    w.pipeline.clock.now += (WINDOW_SECONDS + 60) * 1000;
    await w.pipeline.drain();

    const tagged = w.pipeline.logs.filter((l) => l.message === 'tagged');
    expect(tagged).toHaveLength(creates.length);
    for (const t of tagged) expect(t.extra?.warnings).toEqual([expect.objectContaining({ code: 'session-missing' })]);
    for (const c of creates) {
      for (const r of c.resources) {
        const before = { ...r.creationTags, preexisting: 'kept', ...(r.writer === 's3-bucket' ? SYSTEM_TAG : {}) };
        expect(w.world.tags.get(stateKey(late.account, r))).toEqual(
          withPrincipalTags(before, { Owner: late.arn, team: 'iam-team', project: 'iam-project' }),
        );
      }
    }
    report.afterWindow = { createEvents: creates.length, taggedWithoutSession: tagged.length };
  });

  test('a session whose role cannot carry session tags is tagged at once, though its STS event never comes', async () => {
    w = await buildWorld(9);
    const [untaggable] = w.sessions;
    // Like a Lambda execution role: only the service may assume it, and no one may tag its sessions.
    const serviceTrust = {
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    };
    w.world.setRoleTrust(untaggable.account, untaggable.role, serviceTrust);
    const creates = w.creates.filter((c) => c.session === untaggable);
    for (const c of creates) w.pipeline.enqueue(c.envelope);
    await w.pipeline.drain();

    expect(w.pipeline.logs.filter((l) => l.message === 'retry')).toEqual([]);
    const tagged = w.pipeline.logs.filter((l) => l.message === 'tagged');
    expect(tagged).toHaveLength(creates.length);
    for (const t of tagged) expect(t.extra?.warnings ?? []).toEqual([]);
    // Every event of that young session is a miss; the session cache keeps it, so the table is read once.
    expect(creates.length).toBeGreaterThan(1);
    expect(w.pipeline.sessionReads).toBe(1);
    for (const c of creates) {
      for (const r of c.resources) {
        const before = { ...r.creationTags, preexisting: 'kept', ...(r.writer === 's3-bucket' ? SYSTEM_TAG : {}) };
        const expected = withPrincipalTags(before, { Owner: untaggable.arn, team: 'iam-team', project: 'iam-project' });
        expect(w.world.tags.get(stateKey(untaggable.account, r))).toEqual(expected);
      }
    }
    report.noTagSessions = { createEvents: creates.length, taggedOnFirstDelivery: tagged.length };
  });

  test('faults: 30% throttling, 5% server errors and resources not visible at first: exact final state, nothing in the DLQ', async () => {
    w = await buildWorld(9);
    for (const s of w.sessions) await w.pipeline.record(assumeRoleEvent(s));
    w.world.faults.throttleRate = 0.3;
    w.world.faults.serverErrorRate = 0.05;
    const invisible = [...w.expected.keys()].filter((_, i) => i % 7 === 0);
    for (const k of invisible) w.world.faults.invisibleFor.set(k, 2);
    for (const c of w.creates) w.pipeline.enqueue(c.envelope);
    await w.pipeline.drain();

    assertFinalState(w);
    expect(w.pipeline.sqs.dlq).toEqual([]);
    report.faults = {
      resourcesExpected: w.expected.size,
      resourcesTagged: [...w.expected].filter(([k, t]) => isDeepStrictEqual(w.world.tags.get(k), t)).length,
      inDlq: w.pipeline.sqs.dlq.length,
      invisibleAtFirst: invisible.length,
      receives: w.pipeline.sqs.receives,
      calls: w.world.calls.length,
    };
  });

  test('a permanent failure reaches the DLQ with its reason; the other events are tagged', async () => {
    w = await buildWorld(10);
    for (const s of w.sessions) await w.pipeline.record(assumeRoleEvent(s));
    const [victim] = w.creates.filter((c) => c.resources[0].writer === 'ec2');
    // The resource is never visible: the tagger gives up on the last receive and says why.
    for (const r of victim.resources) w.world.faults.invisibleFor.set(stateKey(victim.session.account, r), 1_000);
    for (const c of w.creates) w.pipeline.enqueue(c.envelope);
    await w.pipeline.drain();

    expect(w.pipeline.sqs.dlq).toEqual([
      expect.objectContaining({
        code: 'retries-exhausted',
        reason: expect.stringContaining('InvalidID'),
        body: JSON.stringify(victim.envelope),
      }),
    ]);
    for (const c of w.creates.filter((x) => x !== victim))
      for (const r of c.resources)
        expect(w.world.tags.get(stateKey(c.session.account, r))).toEqual(
          w.expected.get(stateKey(c.session.account, r)),
        );
  });

  test('no loss and idempotency: pre-existing tags (S3 system tags included) survive, and replaying the stream changes nothing', async () => {
    w = await buildWorld(11);
    for (const s of w.sessions) await w.pipeline.record(assumeRoleEvent(s));
    for (const c of w.creates) w.pipeline.enqueue(c.envelope);
    await w.pipeline.drain();
    assertFinalState(w);
    const buckets = [...w.expected.entries()].filter(([, t]) => t['aws:cloudformation:stack-name']);
    expect(buckets.length).toBeGreaterThan(0);

    const state = JSON.stringify([...w.world.tags.entries()].sort());
    const callsBefore = w.world.calls.length;
    const writesBefore = writes(w.world);
    for (const s of w.sessions) await w.pipeline.record(assumeRoleEvent(s));
    for (const c of w.creates) w.pipeline.enqueue(c.envelope);
    await w.pipeline.drain();
    expect(JSON.stringify([...w.world.tags.entries()].sort())).toBe(state);
    expect(w.pipeline.recorded.slice(-w.sessions.length).map((r) => r.status)).toEqual(
      w.sessions.map(() => 'unchanged'),
    );
    report.replay = {
      createEvents: w.creates.length,
      callsFirstPass: callsBefore,
      callsReplay: w.world.calls.length - callsBefore,
      writesReplay: writes(w.world) - writesBefore,
      iamCallsReplay: w.world.calls.slice(callsBefore).filter((c) => c.command.startsWith('iam:')).length,
    };
  });
});

describe('forged and cross-account events change nothing outside their own account', () => {
  let w: World;
  afterEach(() => w?.world.restore());

  test("account fields that disagree, another account's role, another account's session, another account's resources", async () => {
    w = await buildWorld(12);
    const [a, b] = w.sessions;
    for (const s of w.sessions) await w.pipeline.record(assumeRoleEvent(s));
    const tableBefore = await scanTable(dynamo.client, w.pipeline.table);
    const stateBefore = JSON.stringify([...w.world.tags.entries()].sort());

    // 1. The envelope says account A, the record says account B.
    const mismatch = { ...w.creates[0].envelope, account: b.account };
    // 2. An STS event delivered from A for a role of B: only B's copy may create B's record.
    const foreignRole = assumeRoleEvent({ ...b, accessKeyId: 'ASIAE2EFORGED000001' });
    (foreignRole as { recipientAccountId: string }).recipientAccountId = a.account;
    // 3. A create event in B that presents A's session key: A's session tags must not reach B.
    const sample = JSON.parse(
      JSON.stringify(loadSample('sqs.CreateQueue.1.json')).split('arms-deadletter').join('borrowed-key-queue'),
    ) as Record<string, unknown>;
    const borrowed = replayed(
      'sqs.CreateQueue.1.json',
      sample,
      { ...b, accessKeyId: a.accessKeyId },
      new Date(w.pipeline.clock.now).toISOString(),
      9001,
    )!;
    // 4. A create event in A whose response names a queue of B.
    const foreignResource = JSON.parse(
      JSON.stringify(
        replayed('sqs.CreateQueue.1.json', sample, a, new Date(w.pipeline.clock.now).toISOString(), 9002),
      ).replace(/sqs\.([a-z0-9-]+)\.amazonaws\.com\/333333333301/g, `sqs.$1.amazonaws.com/${b.account}`),
    );

    expect((await w.pipeline.record(foreignRole)).status).toBe('rejected');
    for (const e of [mismatch, borrowed, foreignResource]) w.pipeline.enqueue(e);
    await w.pipeline.drain();

    expect(await scanTable(dynamo.client, w.pipeline.table)).toEqual(tableBefore);
    expect(w.pipeline.sqs.dlq.map((d) => d.code).sort()).toEqual(['account-mismatch', 'account-mismatch']);
    // The borrowed key only names its owner in Owner: no session tags of A, only B's own role tags.
    expect(w.world.tags.get(`${b.account}|arn:aws:sqs:us-east-1:${b.account}:borrowed-key-queue`)).toEqual({
      Owner: b.arn,
      team: 'iam-team',
      project: 'iam-project',
    });
    // Nothing else changed: every other resource has exactly the tags it had.
    const others = [...w.world.tags.entries()].filter(([k]) => !k.endsWith(':borrowed-key-queue'));
    expect(JSON.stringify(others.sort())).toBe(stateBefore);
    expect(
      w.world.calls.filter(
        (c) => c.command !== 'sts:AssumeRole' && c.command.startsWith('tag') && c.account !== b.account,
      ),
    ).toEqual([]);
  });

  test('protected and reserved keys are never written anywhere', async () => {
    w = await buildWorld(13);
    for (const s of w.sessions) await w.pipeline.record(assumeRoleEvent(s));
    for (const c of w.creates) w.pipeline.enqueue(c.envelope);
    await w.pipeline.drain();
    for (const [key, tags] of w.world.tags) {
      for (const k of Object.keys(tags)) {
        expect([key, k, /^scp-/i.test(k)]).toEqual([key, k, false]);
        // The only aws: keys are those the resource had before (S3 system tags, CloudFormation's own): none written.
        if (/^aws:/i.test(k)) expect([key, k, w.expected.get(key)?.[k]]).toEqual([key, k, tags[k]]);
      }
    }
  });
});

describe('limits', () => {
  let w: World;
  afterEach(() => w?.world.restore());

  test('a principal with 60 tags and a resource already at 48: Owner first, then session tags, the drop reported', async () => {
    w = await buildWorld(14);
    const [s] = w.sessions;
    const many: Tags = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`session-${String(i).padStart(2, '0')}`, 'v']),
    );
    const big = {
      ...s,
      accessKeyId: 'ASIAE2ELIMITS000001',
      arn: `arn:aws:sts::${s.account}:assumed-role/${s.role}/limits`,
      sessionTags: many,
    };
    w.world.setIamTags(
      'role',
      s.account,
      s.role,
      Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`iam-${String(i).padStart(2, '0')}`, 'v'])),
    );
    await w.pipeline.record(assumeRoleEvent(big));

    const sample = loadSample('ec2.CreateVolume.2.json') as Record<string, unknown>;
    const event = replayed(
      'ec2.CreateVolume.2.json',
      sample,
      big,
      new Date(w.pipeline.clock.now).toISOString(),
      9100,
    )! as { detail: Record<string, any> };
    const existing = Array.from({ length: 48 }, (_, i) => ({ key: `existing-${i}`, value: 'x' }));
    event.detail.requestParameters.tagSpecificationSet = { items: [{ resourceType: 'volume', tags: existing }] };
    const volumeId = event.detail.responseElements.volumeId as string;
    w.world.seed(`${s.account}|${volumeId}`, Object.fromEntries(existing.map((t) => [t.key, t.value])));
    w.pipeline.enqueue(event);
    await w.pipeline.drain();

    const final = w.world.tags.get(`${s.account}|${volumeId}`)!;
    expect(Object.keys(final)).toHaveLength(50);
    expect(final).toMatchObject({ Owner: big.arn, 'session-00': 'v' });
    const tagged = w.pipeline.logs.find((l) => l.message === 'tagged');
    expect(tagged).toBeDefined();
    report.limits = {
      principalTags: 60,
      existing: 48,
      final: Object.keys(final).length,
      written: Object.keys(final).filter((k) => !k.startsWith('existing-')),
    };
  });
});
