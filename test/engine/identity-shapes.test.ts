import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { IamTagReader } from '../../lambda/aws/iam-tags';
import { DynamoSessionStore } from '../../lambda/aws/session-store';
import { resolvePrincipal } from '../../lambda/core/principal';
import { recordSession } from '../../lambda/engine/record-session';
import { EventOutcome, tagEvent } from '../../lambda/engine/tag-event';
import { testClients } from '../support/engine';
import { LocalDynamo, startDynalite } from '../support/dynalite';
import { getRoleOutput, SERVICE_TRUST } from '../support/iam-roles';
import { loadSample } from '../support/samples';
import { freshSessionTable } from '../support/session-table';

/*
 * The identity shapes of the CloudTrail userIdentity reference (documented-shape fixtures), from the STS event to
 * the plan: who the Owner is, which tags apply, and whether the tagger waits for a session record.
 */

const SHAPES = path.resolve(__dirname, '..', 'fixtures', 'documented-shapes');
const shape = (file: string) => JSON.parse(readFileSync(path.join(SHAPES, file), 'utf8')) as Record<string, any>;
const envelope = (detail: Record<string, any>) => ({
  'detail-type': 'AWS API Call via CloudTrail',
  source: detail.eventSource === 'sts.amazonaws.com' ? 'aws.sts' : 'aws.s3',
  account: detail.recipientAccountId,
  region: detail.awsRegion,
  detail,
});
/** Five minutes after the sessions of the fixtures were created: well inside the 900 s delivery window. */
const NOW = new Date('2026-11-20T10:05:00Z');

const iam = mockClient(IAMClient);
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.stop());
beforeEach(() => {
  iam.reset();
  iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, { team: `${input.RoleName}-team` }));
});

async function setup() {
  const store = new DynamoSessionStore(dynamo.client, await freshSessionTable(dynamo.client), 900);
  const clients = testClients();
  const tag = (event: unknown): Promise<EventOutcome> =>
    tagEvent(event, {
      settings: {
        protectedTagPrefix: 'scp-',
        ownerTagKey: 'Owner',
        propagation: { include: ['*'], exclude: [] },
        conflict: 'keep',
      },
      sessions: store,
      iamTags: new IamTagReader({ clients, ttlSeconds: 300 }),
      applier: { apply: async () => [] },
      now: () => NOW,
    });
  const silent = { info: () => undefined, warn: () => undefined };
  const record = (event: unknown) =>
    recordSession(event, { store, log: silent, count: () => undefined, now: () => NOW });
  return { store, tag, record };
}

const tagsOf = (o: EventOutcome) =>
  'plan' in o && o.plan ? Object.fromEntries(o.plan.candidates.map((t) => [t.key, t.value])) : {};

describe('IdentityCenterUser (a call made with an Identity Center access token)', () => {
  test('the Owner is the Identity Store user; no IAM tags, no session tags, no wait, and the credentialId is not used', async () => {
    const { tag, store } = await setup();
    const lookups = jest.spyOn(store, 'lookup');
    const outcome = await tag(envelope(shape('s3.CreateBucket.identity-center-user.json')));
    expect(outcome.status).toBe('tagged');
    expect(outcome.principal).toMatchObject({ kind: 'identity-center-user', mayHaveSessionTags: false });
    expect(tagsOf(outcome)).toEqual({ Owner: 'arn:aws:identitystore:::user/544894e8-80c1-707f-60e3-3ba6510dfac1' });
    expect(JSON.stringify(outcome)).not.toContain('EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE');
    expect(lookups).not.toHaveBeenCalled();
    expect(iam.calls()).toHaveLength(0);
  });

  test('a user id that is not an Identity Store id is not trusted into the Owner: the account root names it', () => {
    const identity = { ...shape('s3.CreateBucket.identity-center-user.json').userIdentity };
    identity.onBehalfOf = { userId: 'x/../../role/admin', identityStoreArn: identity.onBehalfOf.identityStoreArn };
    expect(resolvePrincipal(identity, '123456789012', 'eu-west-1').owner).toBe('arn:aws:iam::123456789012:root');
  });
});

describe('credentials from the sign-in service (aws login, console): no STS event carries their access key', () => {
  const event = () => envelope(shape('s3.CreateBucket.aws-login-session.json'));

  test('the session is found by its ARN, so the tags of the STS call that made the role session apply', async () => {
    const { tag, record } = await setup();
    // The role session behind the sign-in: an AssumeRole logged with its own access key, not the one in the event.
    const sts = structuredClone(loadSample('sts.AssumeRole.3.json')) as Record<string, any>;
    const detail = sts.detail ?? sts;
    Object.assign(detail, {
      eventTime: '2026-11-20T09:59:58Z',
      recipientAccountId: '123456789012',
      awsRegion: 'eu-west-1',
    });
    detail.userIdentity = {
      type: 'IAMUser',
      arn: 'arn:aws:iam::123456789012:user/alice',
      accountId: '123456789012',
      userName: 'alice',
    };
    detail.requestParameters = {
      ...detail.requestParameters,
      roleArn: 'arn:aws:iam::123456789012:role/Developer',
      roleSessionName: 'alice',
    };
    detail.resources = [
      { accountId: '123456789012', type: 'AWS::IAM::Role', ARN: 'arn:aws:iam::123456789012:role/Developer' },
    ];
    detail.responseElements.assumedRoleUser = {
      assumedRoleId: 'AROAEXAMPLEDEVROLE01:alice',
      arn: 'arn:aws:sts::123456789012:assumed-role/Developer/alice',
    };
    detail.responseElements.credentials = {
      ...detail.responseElements.credentials,
      accessKeyId: 'ASIAEXAMPLEORIGIN001',
      expiration: 'Nov 20, 2026, 10:59:58 AM',
    };
    const recorded = await record(envelope(detail));
    expect(recorded).toMatchObject({ status: 'recorded' });

    const outcome = await tag(event());
    expect(outcome.status).toBe('tagged');
    expect(outcome.principal).toMatchObject({
      kind: 'assumed-role',
      signInSession: expect.stringMatching(/^arn:aws:signin:/),
    });
    expect(tagsOf(outcome)).toMatchObject({
      Owner: 'arn:aws:sts::123456789012:assumed-role/Developer/alice',
      team: 'Developer-team',
    });
    expect(Object.keys(tagsOf(outcome)).length).toBeGreaterThan(2);
  });

  test('without a record: waits while the role can carry tags, tags at once when it cannot', async () => {
    const { tag } = await setup();
    expect(await tag(event())).toMatchObject({ status: 'retry', plan: { sessionWait: { waits: true } } });
    iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, {}, SERVICE_TRUST));
    const outcome = await tag(event());
    expect(outcome).toMatchObject({ status: 'tagged', plan: { sessionWait: { waits: false }, warnings: [] } });
  });
});

describe('AssumeRole by an AWS service with session tags (EKS Pod Identity)', () => {
  test('the recorded session tags apply to what the pod creates; the Owner is the pod session', async () => {
    const { tag, record } = await setup();
    expect(await record(envelope(shape('sts.AssumeRole.eks-pod-identity.json')))).toMatchObject({ status: 'recorded' });
    const outcome = await tag(envelope(shape('s3.CreateBucket.eks-pod-session.json')));
    expect(outcome.status).toBe('tagged');
    expect(tagsOf(outcome)).toMatchObject({
      Owner:
        'arn:aws:sts::123456789012:assumed-role/orders-api-pod-role/eks-prod-orders-api-6f7c9d8b5-x2k4p-0123456789abcdef',
      'eks-cluster-name': 'prod',
      'kubernetes-namespace': 'orders',
      'kubernetes-service-account': 'orders-api',
      team: 'orders-api-pod-role-team',
    });
  });

  test('before its STS event arrives the pod session waits: its role trusts the service with sts:TagSession', async () => {
    const { tag } = await setup();
    const podTrust = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ],
    };
    iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, {}, podTrust));
    const outcome = await tag(envelope(shape('s3.CreateBucket.eks-pod-session.json')));
    expect(outcome).toMatchObject({
      status: 'retry',
      plan: { sessionWait: { waits: true, reason: expect.stringContaining('sts:TagSession') } },
    });
  });
});

describe("calls made by an AWS service on a principal's behalf (invokedBy)", () => {
  test('the Owner is the principal whose credentials the service used, not the service; its tags apply', async () => {
    const { tag } = await setup();
    const sample = structuredClone(loadSample('dynamodb.CreateTable.1.json')) as Record<string, any>;
    const identity = (sample.detail ?? sample).userIdentity;
    const principal = resolvePrincipal(identity, (sample.detail ?? sample).recipientAccountId ?? sample.account);
    expect(principal.invokedBy).toBe(identity.invokedBy);
    expect(principal.owner).not.toBe(identity.invokedBy);
    expect(principal.owner).toBe(identity.arn);
    const outcome = await tag(sample);
    expect(outcome.principal?.owner).toBe(identity.arn);
  });

  test('an AWS service acting alone is the Owner itself and never waits', () => {
    const p = resolvePrincipal(
      { type: 'AWSService', invokedBy: 'pods.eks.amazonaws.com' },
      '123456789012',
      'eu-west-1',
    );
    expect(p).toMatchObject({ kind: 'aws-service', owner: 'pods.eks.amazonaws.com', mayHaveSessionTags: false });
  });
});
