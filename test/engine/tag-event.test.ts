import { S3ControlClient, Tag, TagResourceCommand } from '@aws-sdk/client-s3-control';
import { GetRoleCommand, IAMClient, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { getRoleOutput, SERVICE_TRUST } from '../support/iam-roles';
import { mockClient } from 'aws-sdk-client-mock';
import { IamTagReader } from '../../lambda/aws/iam-tags';
import { TagApplier } from '../../lambda/aws/writers';
import { SessionRecord } from '../../lambda/core/session';
import { EngineDeps, tagEvent } from '../../lambda/engine/tag-event';
import { instantRetry, testClients } from '../support/engine';
import { loadSample, loadSamples } from '../support/samples';
import { MemorySessions, sandboxSession } from '../support/sessions';

/** Buckets are tagged through S3 Control TagResource: the mock holds every bucket's tags. */
const s3 = mockClient(S3ControlClient);
const iam = mockClient(IAMClient);

/** A bucket tag store behind the mocked S3 API, so that writes are visible to later reads. */
let buckets: Map<string, Tag[]>;
beforeEach(() => {
  s3.reset();
  iam.reset();
  buckets = new Map();
  s3.on(TagResourceCommand).callsFake(async ({ ResourceArn, Tags }) => {
    const bucket = ResourceArn.replace(/^arn:aws:s3:::/, '');
    const merged = new Map((buckets.get(bucket) ?? []).map((t) => [t.Key, t.Value]));
    for (const t of Tags) merged.set(t.Key, t.Value);
    buckets.set(
      bucket,
      [...merged].map(([Key, Value]) => ({ Key, Value })),
    );
    return {};
  });
  iam.on(ListUserTagsCommand).resolves({
    Tags: [
      { Key: 'team', Value: 'payments' },
      { Key: 'scp-admin', Value: 'true' },
    ],
  });
  iam
    .on(GetRoleCommand)
    .callsFake((input) => getRoleOutput(input.RoleName, { team: 'sandbox', 'cost-center': 'cc-7' }));
});

function deps(sessions = new MemorySessions()): EngineDeps & { sessions: MemorySessions } {
  const clients = testClients();
  return {
    settings: {
      protectedTagPrefix: 'scp-',
      ownerTagKey: 'Owner',
      propagation: { include: ['*'], exclude: ['temp-*'] },
      conflict: 'keep',
    },
    sessions,
    iamTags: new IamTagReader({ clients, ttlSeconds: 300 }),
    applier: new TagApplier(clients, instantRetry()),
  };
}

function tagsOf(bucket: string): Record<string, string> {
  return Object.fromEntries((buckets.get(bucket) ?? []).map((t) => [t.Key, t.Value]));
}

/** The real S3 CreateBucket of role session Sandbox_Dev/user, with a temporary access key added. */
function roleEvent(accessKeyId = 'ASIAEXAMPLESESSION01') {
  const e = structuredClone(loadSample('s3.CreateBucket.2.json')) as {
    detail: { userIdentity: Record<string, unknown>; recipientAccountId?: string };
  };
  e.detail.userIdentity.accessKeyId = accessKeyId;
  return e;
}

function session(tags: Record<string, string>, account = '101010101111'): SessionRecord {
  return sandboxSession(tags, { account, accessKeyId: 'ASIAEXAMPLESESSION01', eventId: 'sts-1' });
}

describe('tagEvent on the real S3 CreateBucket events', () => {
  const samples = loadSamples((f) => /^s3\.CreateBucket\.\d+\.json$/.test(f));

  test.each(samples.map((s) => [s.file, s.event] as const))(
    '%s: the bucket gets Owner and the principal tags',
    async (_file, event) => {
      const outcome = await tagEvent(event, deps());
      expect(outcome.status).toBe('tagged');
      if (outcome.status !== 'tagged') return;
      const bucket = outcome.plan.resources[0].resource.id;
      const ui = event as { detail?: { userIdentity: { arn: string } }; userIdentity?: { arn: string } };
      const creator = (ui.detail ?? ui).userIdentity?.arn;
      expect(tagsOf(bucket).Owner).toBe(creator);
      expect(Object.keys(tagsOf(bucket)).some((k) => k.toLowerCase().startsWith('scp-'))).toBe(false);
    },
  );

  test('an IAM user: IAM tags without the protected ones, no session lookup', async () => {
    const d = deps();
    await tagEvent(loadSample('s3.CreateBucket.5.json'), d);
    expect(tagsOf('testuser.some-region-2')).toEqual({
      Owner: 'arn:aws:iam::000000000001:user/testuser',
      team: 'payments',
    });
    expect(iam.commandCalls(ListUserTagsCommand)[0].args[0].input.UserName).toBe('testuser');
    expect(d.sessions.calls).toEqual([]);
  });

  test('a role session: session tags override the role tags', async () => {
    const d = deps(new MemorySessions([session({ Team: 'from-session', project: 'p9' })]));
    const outcome = await tagEvent(roleEvent(), d);
    expect(outcome.status).toBe('tagged');
    expect(tagsOf('cwe-test')).toEqual({
      Owner: 'arn:aws:sts::101010101111:assumed-role/Sandbox_Dev/user',
      Team: 'from-session',
      project: 'p9',
      'cost-center': 'cc-7',
    });
    // The role's trust policy allows sts:TagSession: the lookup says so, and a miss would be waited for.
    const hint = { mayCarryTags: true };
    expect(d.sessions.calls).toEqual([{ account: '101010101111', accessKeyId: 'ASIAEXAMPLESESSION01', hint }]);
  });

  test('re-delivery leaves the same state: one idempotent TagResource each time, no read of the bucket', async () => {
    const d = deps(new MemorySessions([session({ project: 'p9' })]));
    await tagEvent(roleEvent(), d);
    const after1 = structuredClone(buckets.get('cwe-test'));
    const reads1 = iam.commandCalls(GetRoleCommand).length;
    const outcome = await tagEvent(roleEvent(), d);
    expect(buckets.get('cwe-test')).toEqual(after1);
    expect(outcome.status === 'tagged' && outcome.outcomes.map((o) => o.status)).toEqual(['written']);
    expect(s3.commandCalls(TagResourceCommand)).toHaveLength(2);
    // IAM tags come from the cache; TagResource adds without replacing, so the bucket is never read.
    expect(iam.commandCalls(GetRoleCommand)).toHaveLength(reads1);
    expect(s3.calls().every((c) => c.args[0] instanceof TagResourceCommand)).toBe(true);
  });
});

describe('tagEvent refusals and retries', () => {
  test('an envelope account that differs from recipientAccountId is refused, and nothing is called', async () => {
    const e = roleEvent();
    e.detail.recipientAccountId = '999999999999';
    const outcome = await tagEvent(e, deps());
    expect(outcome).toMatchObject({
      status: 'rejected',
      code: 'account-mismatch',
      reason: expect.stringContaining('999999999999'),
    });
    expect(s3.calls()).toHaveLength(0);
    expect(iam.calls()).toHaveLength(0);
  });

  test('a session record of another account is refused before any write', async () => {
    const outcome = await tagEvent(roleEvent(), deps(new MemorySessions([session({}, '999999999999')])));
    expect(outcome).toMatchObject({ status: 'rejected', code: 'account-mismatch' });
    expect(s3.commandCalls(TagResourceCommand)).toHaveLength(0);
  });

  test('a young session without its record is retried, and nothing is written', async () => {
    const outcome = await tagEvent(
      roleEvent(),
      deps(new MemorySessions([], { mayStillArrive: true, reason: 'issued 20 s ago' })),
    );
    expect(outcome).toMatchObject({ status: 'retry', reason: expect.stringContaining('issued 20 s ago') });
    expect(s3.calls()).toHaveLength(0);
  });

  test('after the window it is tagged with what is known, and the plan says the session tags were missing', async () => {
    const outcome = await tagEvent(
      roleEvent(),
      deps(new MemorySessions([], { mayStillArrive: false, reason: 'issued 2 h ago' })),
    );
    expect(outcome.status).toBe('tagged');
    expect(outcome.status === 'tagged' && outcome.plan.warnings.map((w) => w.code)).toEqual(['session-missing']);
    expect(tagsOf('cwe-test').team).toBe('sandbox');
  });

  test('a young session whose role cannot carry session tags is tagged at once, and the plan says why', async () => {
    iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, { team: 'sandbox' }, SERVICE_TRUST));
    const young = new MemorySessions([], { mayStillArrive: true, reason: 'issued 20 s ago' });
    const outcome = await tagEvent(roleEvent(), deps(young));
    expect(outcome.status).toBe('tagged');
    // The role was read first, so the lookup could tell the session cache that this miss is final.
    expect(young.calls).toEqual([
      { account: '101010101111', accessKeyId: 'ASIAEXAMPLESESSION01', hint: { mayCarryTags: false } },
    ]);
    if (outcome.status !== 'tagged') return;
    // Nothing is missing: such a session has no session tags, so there is no warning either.
    expect(outcome.plan.warnings).toEqual([]);
    const why = /role Sandbox_Dev: no statement .* sts:TagSession/;
    expect(outcome.plan.sessionWait).toEqual({ waits: false, reason: expect.stringMatching(why) });
    expect(tagsOf('cwe-test').team).toBe('sandbox');
  });

  test('a role whose trust policy allows sts:TagSession only under a condition still waits', async () => {
    const saml = {
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::101010101111:saml-provider/idp' },
      Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    };
    const trust = { Statement: [saml] };
    iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, {}, trust));
    const outcome = await tagEvent(
      roleEvent(),
      deps(new MemorySessions([], { mayStillArrive: true, reason: 'issued 20 s ago' })),
    );
    const wait = { waits: true, reason: expect.stringContaining('under a condition') };
    expect(outcome).toMatchObject({ status: 'retry', plan: { sessionWait: wait } });
    expect(s3.calls()).toHaveLength(0);
  });

  test('a role whose tags cannot be read is assumed to carry session tags: it waits', async () => {
    iam
      .on(GetRoleCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const outcome = await tagEvent(
      roleEvent(),
      deps(new MemorySessions([], { mayStillArrive: true, reason: 'issued 20 s ago' })),
    );
    const wait = { waits: true, reason: expect.stringContaining('may carry tags') };
    expect(outcome).toMatchObject({ status: 'retry', plan: { sessionWait: wait } });
  });

  test('without the role read, the lookup gets no hint: a cache keeps its miss only by the ordinary rules', async () => {
    iam
      .on(GetRoleCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const sessions = new MemorySessions([], { mayStillArrive: true, reason: 'issued 20 s ago' });
    await tagEvent(roleEvent(), deps(sessions));
    expect(sessions.calls).toEqual([{ account: '101010101111', accessKeyId: 'ASIAEXAMPLESESSION01' }]);
  });

  test('a found record is used even when the trust policy now forbids session tags (it was issued before)', async () => {
    iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, {}, SERVICE_TRUST));
    const outcome = await tagEvent(roleEvent(), deps(new MemorySessions([session({ project: 'apollo' })])));
    expect(outcome.status).toBe('tagged');
    expect(tagsOf('cwe-test').project).toBe('apollo');
  });

  const partnerEvent = () => {
    const e = roleEvent();
    e.detail.userIdentity = {
      ...e.detail.userIdentity,
      accountId: '555555555555',
      arn: 'arn:aws:sts::555555555555:assumed-role/Partner/s1',
      sessionContext: { sessionIssuer: { userName: 'Partner', accountId: '555555555555' } },
    };
    return e;
  };

  test('a principal of another account, by default: Owner names it, nothing is read in its account, no other tag is copied', async () => {
    iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, { team: 'partner-team' }));
    const d = deps(new MemorySessions([session({ project: 'p9' })]));
    const outcome = await tagEvent(partnerEvent(), d);
    expect(outcome.status).toBe('tagged');
    expect(tagsOf('cwe-test')).toEqual({ Owner: 'arn:aws:sts::555555555555:assumed-role/Partner/s1' });
    expect(d.sessions.calls).toEqual([]);
    expect(iam.commandCalls(GetRoleCommand)).toEqual([]);
    expect(outcome.status === 'tagged' && outcome.plan.warnings).toEqual([
      expect.objectContaining({
        code: 'cross-account-principal',
        message: expect.stringContaining('only the Owner tag is written'),
      }),
    ]);
  });

  test('crossAccountCreators full: its IAM tags are read in its own account; its session is still not used', async () => {
    iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, { team: 'partner-team' }));
    const d = deps(new MemorySessions([session({ project: 'p9' })]));
    d.settings = { ...d.settings, crossAccountCreators: 'full' };
    const outcome = await tagEvent(partnerEvent(), d);
    expect(outcome.status).toBe('tagged');
    expect(tagsOf('cwe-test').Owner).toBe('arn:aws:sts::555555555555:assumed-role/Partner/s1');
    expect(tagsOf('cwe-test').team).toBe('partner-team');
    expect(tagsOf('cwe-test').project).toBeUndefined();
    expect(d.sessions.calls).toEqual([]);
    expect(iam.commandCalls(GetRoleCommand)[0].args[0].input.RoleName).toBe('Partner');
  });

  test('a failed call and an unsupported event are ignored', async () => {
    const failed = structuredClone(loadSample('s3.CreateBucket.5.json')) as { detail: Record<string, unknown> };
    failed.detail.errorCode = 'BucketAlreadyExists';
    expect(await tagEvent(failed, deps())).toMatchObject({ status: 'ignored', code: 'failed-call' });
    expect(await tagEvent(loadSample('kms.Decrypt.2.json'), deps())).toMatchObject({
      status: 'ignored',
      code: 'unsupported',
    });
    expect(s3.calls()).toHaveLength(0);
  });

  test('genuine events that are not ours are ignored, not dead-lettered: "rejected" means forged or broken', async () => {
    // Another service's event with a malformed account field: unsupported before its accounts are read.
    const decrypt = structuredClone(loadSample('kms.Decrypt.2.json')) as Record<string, any>;
    (decrypt.detail ?? decrypt).recipientAccountId = 'not-an-account';
    expect(await tagEvent(decrypt, deps())).toMatchObject({ status: 'ignored', code: 'unsupported' });
    // A CloudTrail Insights record.
    const insight = { eventType: 'AwsCloudTrailInsight', awsRegion: 'us-east-1', recipientAccountId: '111111111111' };
    expect(await tagEvent(insight, deps())).toMatchObject({ status: 'ignored', code: 'unsupported' });
    // The requester's copy of a PutObject into another account's bucket.
    const upload = structuredClone(loadSample('s3.PutObject.1.json')) as Record<string, any>;
    const record = upload.detail ?? upload;
    const otherOwner = (r: Record<string, unknown>) =>
      r.type === 'AWS::S3::Bucket' ? { ...r, accountId: '999999999999' } : r;
    record.resources = record.resources.map(otherOwner);
    expect(await tagEvent(upload, deps())).toMatchObject({ status: 'ignored', code: 'caller-copy' });
    expect(s3.calls()).toHaveLength(0);
  });

  test('malformed and incomplete events are rejected with the field at fault', async () => {
    expect(await tagEvent('not an event', deps())).toMatchObject({ status: 'rejected', code: 'malformed' });
    const noName = structuredClone(loadSample('s3.CreateBucket.5.json')) as {
      detail: { requestParameters: Record<string, unknown> };
    };
    delete noName.detail.requestParameters.bucketName;
    expect(await tagEvent(noName, deps())).toMatchObject({
      status: 'rejected',
      code: 'incomplete',
      reason: expect.stringContaining('requestParameters.bucketName'),
    });
  });

  test('throttled writes are retried later; a permanent write error is rejected with the reason', async () => {
    s3.on(TagResourceCommand).rejects(
      Object.assign(new Error('slow'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }),
    );
    expect(await tagEvent(loadSample('s3.CreateBucket.5.json'), deps())).toMatchObject({
      status: 'retry',
      reason: expect.stringContaining('SlowDown'),
    });
    s3.on(TagResourceCommand).rejects(
      Object.assign(new Error('tag policy'), { name: 'InvalidTag', $metadata: { httpStatusCode: 400 } }),
    );
    expect(await tagEvent(loadSample('s3.CreateBucket.5.json'), deps())).toMatchObject({
      status: 'rejected',
      code: 'write-failed',
      reason: 'arn:aws:s3:::testuser.some-region-2: InvalidTag: tag policy',
    });
  });

  test('throttled IAM reads are retried later', async () => {
    iam
      .on(ListUserTagsCommand)
      .rejects(Object.assign(new Error('slow'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }));
    expect(await tagEvent(loadSample('s3.CreateBucket.5.json'), deps())).toMatchObject({
      status: 'retry',
      reason: expect.stringContaining('Throttling'),
    });
  });
});
