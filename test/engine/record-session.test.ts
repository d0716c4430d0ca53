import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EXPIRED_RECORD_GRACE_SECONDS, DynamoSessionStore } from '../../lambda/aws/session-store';
import { Rejection } from '../../lambda/core/rejection';
import { RecorderMetric } from '../../lambda/core/metrics';
import { CallerSessionPending, recordSession, RecorderDeps, RecorderOutcome } from '../../lambda/engine/record-session';
import { LocalDynamo, startDynalite } from '../support/dynalite';
import { forwarderRules } from '../../lib/constructs/forwarder-pattern';
import { matches } from '../support/event-pattern';
import { loadSample, loadSamples } from '../support/samples';
import { freshSessionTable, scanTable } from '../support/session-table';

const WINDOW_SECONDS = 900;

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.stop());

interface Harness {
  table: string;
  store: DynamoSessionStore;
  lines: { level: string; message: string; extra?: Record<string, unknown> }[];
  counts: Partial<Record<RecorderMetric, number>>;
  record(event: unknown, now?: Date): Promise<RecorderOutcome>;
  items(): Promise<Record<string, unknown>[]>;
}

async function harness(): Promise<Harness> {
  const table = await freshSessionTable(dynamo.client);
  const store = new DynamoSessionStore(dynamo.client, table, WINDOW_SECONDS);
  const h: Harness = {
    table,
    store,
    lines: [],
    counts: {},
    record: (event, now = new Date('2026-01-01T00:00:00Z')) => {
      const deps: RecorderDeps = {
        store,
        log: {
          info: (message, extra) => h.lines.push({ level: 'info', message, extra }),
          warn: (message, extra) => h.lines.push({ level: 'warn', message, extra }),
        },
        count: (metric) => {
          h.counts[metric] = (h.counts[metric] ?? 0) + 1;
        },
        now: () => now,
      };
      return recordSession(event, deps);
    },
    items: () => scanTable(dynamo.client, table),
  };
  return h;
}

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000) + EXPIRED_RECORD_GRACE_SECONDS;

/** The item each sample stores, read off the sample by hand. */
function stored(fields: {
  account: string;
  accessKeyId: string;
  roleArn: string;
  sessionArn: string;
  sessionName: string;
  issuedAt: string;
  expiresAt: string;
  eventId: string;
  sourceIdentity?: string;
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  incomingTransitiveTags?: Record<string, string>;
  callerAccessKeyId?: string;
  callerRecordFound?: boolean;
}): Record<string, unknown> {
  return {
    tags: {},
    transitiveTagKeys: [],
    incomingTransitiveTags: {},
    ...fields,
    expiresAtEpoch: epoch(fields.expiresAt),
  };
}

function stratus(
  account: string,
  role: string,
  session: string,
  accessKeyId: string,
  issuedAt: string,
  expiresAt: string,
  eventId: string,
) {
  return stored({
    account,
    accessKeyId,
    roleArn: `arn:aws:iam::${account}:role/${role}`,
    sessionArn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
    sessionName: session,
    issuedAt,
    expiresAt,
    eventId,
  });
}

const EMR = (accessKeyId: string, issuedAt: string, expiresAt: string, eventId: string) =>
  stratus('974349055189', 'EMR_DefaultRole', 'CCSSession', accessKeyId, issuedAt, expiresAt, eventId);

const SAML_TAGGED = {
  account: '444455556666',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  roleArn: 'arn:aws:iam::444455556666:role/SAMLTestRoleShibboleth',
  sessionArn: 'arn:aws:sts::444455556666:assumed-role/SAMLTestRoleShibboleth/MyAssignedRoleSessionName',
  sessionName: 'MyAssignedRoleSessionName',
  issuedAt: '2019-11-01T19:14:36.000Z',
  expiresAt: '2016-03-23T02:39:57.000Z',
  eventId: 'dEXAMPLE-265a-41e0-9352-4401bEXAMPLE',
  tags: { CostCenter: '987654', Project: 'Unicorn', Department: 'Engineering' },
  transitiveTagKeys: ['CostCenter', 'Project'],
};
const WEB_IDENTITY = {
  account: '444455556666',
  accessKeyId: 'ASIACQRSTUVWRAOEXAMPLE',
  roleArn: 'arn:aws:iam::444455556666:role/FederatedWebIdentityRole',
  sessionArn: 'arn:aws:sts::444455556666:assumed-role/FederatedWebIdentityRole/MyAssignedRoleSessionName',
  sessionName: 'MyAssignedRoleSessionName',
  issuedAt: '2016-03-23T01:39:51.000Z',
  expiresAt: '2016-03-23T02:39:51.000Z',
  eventId: 'bEXAMPLE-0b30-4246-b28c-e3da3EXAMPLE',
};
const EC2_DEV = {
  account: '111122223333',
  accessKeyId: 'AKIAQRSTUVWXYZEXAMPLE',
  roleArn: 'arn:aws:iam::111122223333:role/EC2-dev',
  sessionArn: 'arn:aws:sts::111122223333:assumed-role/EC2-dev/JohnDoe-EC2-dev',
  sessionName: 'JohnDoe-EC2-dev',
  issuedAt: '2014-07-18T15:07:39.000Z',
  eventId: 'dEXAMPLE-ac7f-466c-a608-4ac8dEXAMPLE',
};

type Expected =
  | { stored: Record<string, unknown> }
  | { ignored: Rejection['code']; field: string }
  | { rejected: Rejection['code']; field: string };

/** What every STS sample must do, each into an empty table. */
const EXPECTED: Record<string, Expected> = {
  // The publisher's expiry lies nine years after the call: no STS session lasts that long, so it is refused.
  'sts.AssumeRole.1.json': { rejected: 'out-of-bounds', field: 'responseElements.credentials.expiration' },
  // No recipientAccountId: the owner of the session cannot be established.
  'sts.AssumeRole.2.json': { rejected: 'incomplete', field: 'recipientAccountId' },
  // A role chain: the caller's record is absent (and old), so only the logged incoming tags are inherited.
  'sts.AssumeRole.3.json': {
    stored: stored({
      account: '111111111111',
      accessKeyId: 'ASIAWHOJDLGPOEXAMPLE',
      roleArn: 'arn:aws:iam::111111111111:role/JohnRole2',
      sessionArn: 'arn:aws:sts::111111111111:assumed-role/test-role/Role2WithTags',
      sessionName: 'Role2WithTags',
      sourceIdentity: 'JohnDoe',
      issuedAt: '2019-10-02T22:12:29.000Z',
      expiresAt: '2019-10-02T23:12:29.000Z',
      eventId: '1917948f-3042-46ec-98e2-62865EXAMPLE',
      tags: { Department: 'Engineering', Email: 'johndoe@example.com', CostCenter: '12345' },
      transitiveTagKeys: ['Department', 'Email', 'CostCenter'],
      incomingTransitiveTags: { Department: 'Engineering' },
      callerAccessKeyId: 'AKIAI44QH8DHBEXAMPLE',
      callerRecordFound: false,
    }),
  },
  'sts.AssumeRole.4.json': {
    stored: stratus(
      '457448411975',
      'stratus-red-team-ec2-get-password-data-role',
      'aws-go-sdk-1722375070115152000',
      'ASIA7RQR64ZW9JXKWPUO',
      '2024-07-30T21:31:15.000Z',
      '2024-07-30T21:46:15.000Z',
      'd769ddfd-2cda-4cfa-b33f-05d3b886921d',
    ),
  },
  'sts.AssumeRole.5.json': {
    stored: stratus(
      '457448411975',
      'stratus-red-team-ec2-get-password-data-role',
      'aws-go-sdk-1722375070115152000',
      'ASIANQQHHS551LWULIWD',
      '2024-07-30T21:31:15.000Z',
      '2024-07-30T21:46:15.000Z',
      'fd179e25-9f1a-406c-8d7d-62f9d4938ef6',
    ),
  },
  'sts.AssumeRole.6.json': { ignored: 'failed-call', field: 'errorCode' },
  'sts.AssumeRole.7.json': {
    stored: stratus(
      '307578594326',
      'stratus-red-team-leave-org-role',
      'aws-go-sdk-1722587398902687000',
      'ASIA36EV31F1RB3OA8IG',
      '2024-08-02T08:30:00.000Z',
      '2024-08-02T08:45:00.000Z',
      '099bfd30-232c-4dff-9998-3821921063ca',
    ),
  },
  'sts.AssumeRole.8.json': {
    stored: stratus(
      '307578594326',
      'stratus-red-team-leave-org-role',
      'aws-go-sdk-1722587398902687000',
      'ASIAMOWPWQJ1QHWCWJXJ',
      '2024-08-02T08:29:59.000Z',
      '2024-08-02T08:44:59.000Z',
      'e3441619-0bf6-4818-bf18-391fb65ba98e',
    ),
  },
  'sts.AssumeRole.9.json': {
    stored: stratus(
      '321848314756',
      'stratus-red-team-get-usr-data-role',
      'aws-go-sdk-1722455550269043000',
      'ASIA74KS09ZFFBFV9E6K',
      '2024-07-31T19:52:33.000Z',
      '2024-07-31T20:07:33.000Z',
      'cf589cd4-9633-4cc6-9b5c-c74f5a735fa5',
    ),
  },
  'sts.AssumeRole.10.json': {
    stored: stratus(
      '321848314756',
      'stratus-red-team-get-usr-data-role',
      'aws-go-sdk-1722455550269043000',
      'ASIA4URVX2JM5MT0ZGK8',
      '2024-07-31T19:52:33.000Z',
      '2024-07-31T20:07:33.000Z',
      'eebae605-3664-4560-a248-17d33f9ef6ef',
    ),
  },
  'sts.AssumeRole.11.json': { ignored: 'failed-call', field: 'errorCode' },
  'sts.AssumeRole.12.json': {
    stored: stratus(
      '900138736586',
      'stratus-red-team-ec2lui-role-idtzskbvtd',
      'aws-go-sdk-1722511821294449000',
      'ASIA9F6MXE9HSYOXYQOS',
      '2024-08-01T11:30:22.000Z',
      '2024-08-01T11:45:22.000Z',
      '04c882a5-7652-40d1-b44c-83535fc19268',
    ),
  },
  'sts.AssumeRole.13.json': {
    stored: stratus(
      '900138736586',
      'stratus-red-team-ec2lui-role-idtzskbvtd',
      'aws-go-sdk-1722511821294449000',
      'ASIAYY9090UIYYUOIF2U',
      '2024-08-01T11:30:21.000Z',
      '2024-08-01T11:45:21.000Z',
      '9a6353be-6cb8-4a0c-ab85-a46dbd3a2b71',
    ),
  },
  // Sanitised by its publisher: its expiry lies before the call, which STS cannot log.
  'sts.AssumeRole.14.json': { rejected: 'out-of-bounds', field: 'responseElements.credentials.expiration' },
  'sts.AssumeRole.15.json': { rejected: 'incomplete', field: 'recipientAccountId' },
  // The role resource's ARN names 111122223333 while the event is 111111111111's: contradictory, refused.
  'sts.AssumeRole.16.json': { rejected: 'account-mismatch', field: 'resources[0].ARN' },
  'sts.AssumeRole.17.json': {
    stored: EMR(
      'ASIAILB4XWM6L2UCHPRQ',
      '2017-06-01T21:50:21.000Z',
      '2017-06-01T22:15:21.000Z',
      '724530b6-fa18-4022-89d8-15801cd89aaf',
    ),
  },
  'sts.AssumeRole.18.json': {
    stored: EMR(
      'ASIAJXVXZ55F3PO7XYXA',
      '2017-06-01T21:50:53.000Z',
      '2017-06-01T22:15:53.000Z',
      '4a6c6ab3-586f-4b1b-937d-e59f30f9d18c',
    ),
  },
  'sts.AssumeRole.19.json': {
    stored: EMR(
      'ASIAJSBR5UU77EQJTDNA',
      '2017-06-01T21:51:52.000Z',
      '2017-06-01T22:16:52.000Z',
      '47c0be7d-affe-4c38-979c-964b95172e14',
    ),
  },
  'sts.AssumeRole.20.json': { ignored: 'failed-call', field: 'errorCode' },
  'sts.AssumeRole.21.json': { ignored: 'failed-call', field: 'errorCode' },
  // The documentation example expires three years before it was issued.
  'sts.AssumeRoleWithSAML.1.json': { rejected: 'out-of-bounds', field: 'responseElements.credentials.expiration' },
  'sts.AssumeRoleWithSAML.2.json': {
    stored: stored({ ...SAML_TAGGED, issuedAt: '2016-03-23T01:39:57.000Z', tags: {}, transitiveTagKeys: [] }),
  },
  'sts.AssumeRoleWithWebIdentity.1.json': { stored: stored(WEB_IDENTITY) },
  'sts.GetCallerIdentity.1.json': { ignored: 'unsupported', field: 'eventName' },
  'sts.GetFederationToken.1.json': {
    stored: stored({
      account: '742491224508',
      accessKeyId: 'ASIASTJKC5GCM7ZE6LUP',
      roleArn: 'arn:aws:sts::742491224508:federated-user/stratus_red_team',
      sessionArn: 'arn:aws:sts::742491224508:federated-user/stratus_red_team',
      sessionName: 'stratus_red_team',
      issuedAt: '2024-11-30T08:43:17.000Z',
      expiresAt: '2024-11-30T20:43:17.000Z',
      eventId: '6e882b9d-2af8-4c67-b91f-aeac6a0e5e70',
    }),
  },
  'lenient/sts.AssumeRole.1.json': { stored: stored({ ...EC2_DEV, expiresAt: '2014-07-18T16:07:39.000Z' }) },
  'lenient/sts.AssumeRoleWithSAML.1.json': {
    rejected: 'out-of-bounds',
    field: 'responseElements.credentials.expiration',
  },
  'lenient/sts.AssumeRoleWithWebIdentity.1.json': {
    stored: stored({
      ...WEB_IDENTITY,
      sourceIdentity: 'MyWebIdentityUser',
      tags: { CostCenter: '24680', Project: 'Pegasus' },
      transitiveTagKeys: ['CostCenter', 'Project'],
    }),
  },
  'lenient/sts.AssumeRoleWithWebIdentity.2.json': {
    stored: stored({
      ...WEB_IDENTITY,
      tags: { CostCenter: '24680', Project: 'Pegasus' },
      transitiveTagKeys: ['CostCenter', 'Project'],
    }),
  },
};

const STS_SAMPLES = loadSamples((file) => /(^|\/)sts\./.test(file));

describe('every STS sample, recorded into DynamoDB', () => {
  test('the expectations cover exactly the STS samples', () => {
    expect(STS_SAMPLES.map((s) => s.file).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(STS_SAMPLES.map((s) => [s.file, s.event] as const))('%s', async (file, event) => {
    const h = await harness();
    const outcome = await h.record(event);
    const expected = EXPECTED[file];
    if ('stored' in expected) {
      expect(outcome.status).toBe('recorded');
      expect(await h.items()).toEqual([expected.stored]);
      expect(h.counts).toEqual({ Recorded: 1 });
    } else {
      const status = 'ignored' in expected ? 'ignored' : 'rejected';
      const code = 'ignored' in expected ? expected.ignored : expected.rejected;
      expect(outcome).toEqual(
        expect.objectContaining({ status, rejection: expect.objectContaining({ code, field: expected.field }) }),
      );
      expect(await h.items()).toEqual([]);
      expect(h.counts).toEqual({ [status === 'ignored' ? 'Ignored' : 'Rejected']: 1 });
      // The one outcome line names the event as far as it could be read, the code and the reason.
      const facts = {
        eventId: (event as { eventID?: string }).eventID,
        eventName: (event as { eventName: string }).eventName,
      };
      expect(h.lines).toEqual([
        {
          level: status === 'ignored' ? 'info' : 'warn',
          message: status,
          extra: expect.objectContaining({
            outcome: status,
            ...facts,
            code,
            resources: [],
            reason: expect.stringContaining(expected.field ?? ''),
          }),
        },
      ]);
    }
  });

  test('the same samples wrapped in an EventBridge envelope store the same records', async () => {
    for (const sample of STS_SAMPLES) {
      const expected = EXPECTED[sample.file];
      if (!('stored' in expected)) continue;
      const h = await harness();
      const detail = sample.event as Record<string, unknown>;
      const envelope = {
        version: '0',
        id: 'env-1',
        'detail-type': 'AWS API Call via CloudTrail',
        source: 'aws.sts',
        account: detail.recipientAccountId,
        region: detail.awsRegion,
        detail,
      };
      expect((await h.record(envelope)).status).toBe('recorded');
      expect(await h.items()).toEqual([expected.stored]);
    }
  });

  test('all samples into one table: a repeated event is a no-op', async () => {
    const h = await harness();
    const statuses: Record<string, number> = {};
    const unchanged: Record<string, string> = {};
    for (const sample of STS_SAMPLES) {
      const outcome = await h.record(sample.event);
      statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
      if (outcome.status === 'unchanged') unchanged[sample.file] = outcome.reason;
    }
    expect(statuses).toEqual({ recorded: 16, unchanged: 2, ignored: 5, rejected: 7 });
    // The documentation samples reuse one access key and event id for several copies of the same example.
    expect(unchanged).toEqual({
      'lenient/sts.AssumeRoleWithWebIdentity.1.json':
        'duplicate delivery of event bEXAMPLE-0b30-4246-b28c-e3da3EXAMPLE',
      'lenient/sts.AssumeRoleWithWebIdentity.2.json':
        'duplicate delivery of event bEXAMPLE-0b30-4246-b28c-e3da3EXAMPLE',
    });
    const items = await h.items();
    expect(items.length).toBe(16);
    // A copy with impossible times is refused, so the next copy with plausible ones is the one kept.
    expect(items.find((i) => i.accessKeyId === 'AKIAIOSFODNN7EXAMPLE')).toEqual(
      (EXPECTED['sts.AssumeRoleWithSAML.2.json'] as { stored: unknown }).stored,
    );
    expect(items.find((i) => i.accessKeyId === 'AKIAQRSTUVWXYZEXAMPLE')).toEqual(
      (EXPECTED['lenient/sts.AssumeRole.1.json'] as { stored: unknown }).stored,
    );
  });
});

/** A real event, re-aimed: deep copy of a sample with its fields replaced. */
function variant(file: string, change: (e: Record<string, any>) => void): Record<string, any> {
  const event = structuredClone(loadSample(file)) as Record<string, any>;
  change(event);
  return event;
}

/** AssumeRole made by a role session (the shape of sts.AssumeRole.3.json), into `account`'s role. */
function chainedAssumeRole(o: {
  callerKey: string;
  callerAccount: string;
  callerCreated: string;
  account: string;
  role: string;
  newKey: string;
  time: string;
  tags: { key: string; value: string }[];
  transitive: string[];
  incoming?: Record<string, string>;
}) {
  return variant('sts.AssumeRole.3.json', (e) => {
    e.eventID = `event-${o.newKey}`;
    e.eventTime = o.time;
    e.recipientAccountId = o.account;
    e.userIdentity.accessKeyId = o.callerKey;
    e.userIdentity.accountId = o.callerAccount;
    e.userIdentity.arn = `arn:aws:sts::${o.callerAccount}:assumed-role/Caller/caller`;
    e.userIdentity.sessionContext.attributes.creationDate = o.callerCreated;
    e.requestParameters.roleArn = `arn:aws:iam::${o.account}:role/${o.role}`;
    e.requestParameters.roleSessionName = `to-${o.role}`;
    e.requestParameters.tags = o.tags;
    e.requestParameters.transitiveTagKeys = o.transitive;
    if (o.incoming) e.requestParameters.incomingTransitiveTags = o.incoming;
    else delete e.requestParameters.incomingTransitiveTags;
    e.responseElements.credentials.accessKeyId = o.newKey;
    e.responseElements.credentials.expiration = new Date(Date.parse(o.time) + 3600_000).toISOString();
    e.responseElements.assumedRoleUser.arn = `arn:aws:sts::${o.account}:assumed-role/${o.role}/to-${o.role}`;
    e.resources = [{ ARN: e.requestParameters.roleArn, accountId: o.account, type: 'AWS::IAM::Role' }];
  });
}

/** Hop 1: a SAML federation (the documented shape with principalTags) into account 111111111111. */
const samlHop = () =>
  variant('lenient/sts.AssumeRoleWithSAML.1.json', (e) => {
    Object.assign(e, JSON.parse(JSON.stringify(e).split('444455556666').join('111111111111')));
    e.eventTime = '2025-12-31T23:50:00Z';
    e.responseElements.credentials.accessKeyId = 'ASIAHOPONEEXAMPLE001';
    e.responseElements.credentials.expiration = 'Jan 1, 2026, 12:50:00 AM';
  });

const hop2 = () =>
  chainedAssumeRole({
    callerKey: 'ASIAHOPONEEXAMPLE001',
    callerAccount: '111111111111',
    callerCreated: '2025-12-31T23:50:00Z',
    account: '111111111111',
    role: 'Builder',
    newKey: 'ASIAHOPTWOEXAMPLE002',
    time: '2025-12-31T23:55:00Z',
    // `project` overrides the inherited `Project` in the caller's casing; CloudTrail left incomingTransitiveTags out.
    tags: [
      { key: 'Email', value: 'jane@example.com' },
      { key: 'project', value: 'Pegasus' },
    ],
    transitive: ['Email'],
  });

const hop3 = (recipient = '222222222222') =>
  Object.assign(
    chainedAssumeRole({
      callerKey: 'ASIAHOPTWOEXAMPLE002',
      callerAccount: '111111111111',
      callerCreated: '2025-12-31T23:55:00Z',
      account: '222222222222',
      role: 'Deployer',
      newKey: 'ASIAHOPTHREEXAMPLE03',
      time: '2025-12-31T23:58:00Z',
      tags: [{ key: 'Stage', value: 'prod' }],
      transitive: [],
      incoming: { CostCenter: '987654', project: 'Pegasus', Email: 'jane@example.com' },
    }),
    { recipientAccountId: recipient },
  );

const NOW = new Date('2026-01-01T00:00:00Z');

describe('role chains', () => {
  test('three hops: transitive tags pass down the chain, across accounts, even when CloudTrail omits them', async () => {
    const h = await harness();
    expect((await h.record(samlHop(), NOW)).status).toBe('recorded');
    const second = await h.record(hop2(), NOW);
    expect(second).toMatchObject({
      status: 'recorded',
      record: expect.objectContaining({
        tags: { CostCenter: '987654', project: 'Pegasus', Email: 'jane@example.com' },
        transitiveTagKeys: ['CostCenter', 'Project', 'Email'],
        incomingTransitiveTags: { CostCenter: '987654', Project: 'Unicorn' },
        callerAccessKeyId: 'ASIAHOPONEEXAMPLE001',
        callerRecordFound: true,
      }),
    });
    const third = await h.record(hop3(), NOW);
    expect(third).toMatchObject({
      status: 'recorded',
      record: expect.objectContaining({
        account: '222222222222',
        sessionArn: 'arn:aws:sts::222222222222:assumed-role/Deployer/to-Deployer',
        // Department was not transitive at hop 1, so it stops there.
        tags: { CostCenter: '987654', project: 'Pegasus', Email: 'jane@example.com', Stage: 'prod' },
        transitiveTagKeys: ['CostCenter', 'project', 'Email'],
        callerRecordFound: true,
      }),
    });
    const items = await h.items();
    expect(items.map((i) => i.accessKeyId).sort()).toEqual([
      'ASIAHOPONEEXAMPLE001',
      'ASIAHOPTHREEXAMPLE03',
      'ASIAHOPTWOEXAMPLE002',
    ]);
    for (const item of items) {
      const keys = Object.keys(item.tags as object).map((k) => k.toLowerCase());
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  test('a hop whose young caller handed tags on and has no record yet is retried, not recorded without them', async () => {
    const h = await harness();
    // CloudTrail logged what the caller handed on: the caller's STS event carried tags, so it was forwarded.
    const pending = hop2();
    pending.requestParameters.incomingTransitiveTags = { CostCenter: '987654', Project: 'Unicorn' };
    await expect(h.record(pending, NOW)).rejects.toThrow(CallerSessionPending);
    expect(await h.items()).toEqual([]);
    await h.record(samlHop(), NOW);
    expect(await h.record(pending, NOW)).toEqual(
      expect.objectContaining({ status: 'recorded', record: expect.objectContaining({ callerRecordFound: true }) }),
    );
  });

  test('an application chaining from a session an AWS service opened untagged (kept home by the forwarder) is recorded at once', async () => {
    const h = await harness();
    // A Lambda function's execution-role session, created a minute ago by lambda.amazonaws.com: no STS event arrives.
    const chain = chainedAssumeRole({
      callerKey: 'ASIALAMBDAEXEC00001',
      callerAccount: '111111111111',
      callerCreated: '2025-12-31T23:59:00Z',
      account: '111111111111',
      role: 'OrdersWriter',
      newKey: 'ASIALAMBDACHAIN0001',
      time: '2025-12-31T23:59:30Z',
      tags: [],
      transitive: [],
    });
    const outcome = await h.record(chain, NOW);
    expect(outcome).toMatchObject({
      status: 'recorded',
      record: expect.objectContaining({
        tags: {},
        incomingTransitiveTags: {},
        callerAccessKeyId: 'ASIALAMBDAEXEC00001',
        callerRecordFound: false,
      }),
    });
    expect(h.counts).toEqual({ Recorded: 1 });
    // What the rule rests on: that caller's own AssumeRole never leaves its account.
    const serviceAssumeRole = {
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.sts',
      account: '111111111111',
      region: 'us-east-2',
    };
    const detail = {
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      userIdentity: { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' },
      requestParameters: { roleArn: 'r' },
    };
    const rules = forwarderRules({ account: '111111111111', region: 'us-east-2' }).map((r) => r.pattern);
    expect(rules.some((p) => matches(p as never, { ...serviceAssumeRole, detail }))).toBe(false);
  });

  test('an old caller without a record: the incoming tags CloudTrail logged are inherited, and a warning says so', async () => {
    const h = await harness();
    const outcome = await h.record(hop3(), new Date('2026-02-01T00:00:00Z'));
    expect(outcome).toEqual(
      expect.objectContaining({
        status: 'recorded',
        record: expect.objectContaining({
          tags: { CostCenter: '987654', project: 'Pegasus', Email: 'jane@example.com', Stage: 'prod' },
          callerRecordFound: false,
        }),
      }),
    );
    // Still one line for the event: the missing caller is a warning on it.
    expect(h.lines).toEqual([
      {
        level: 'info',
        message: 'recorded',
        extra: expect.objectContaining({
          warnings: [
            {
              code: 'caller-missing',
              message: expect.stringContaining('no session record for access key ASIAHOPTWOEXAMPLE002'),
            },
          ],
        }),
      },
    ]);
  });
});

describe('EKS Pod Identity (documented shape)', () => {
  test('an AWS service passing session tags: forwarded, and recorded with its six tags', async () => {
    const h = await harness();
    const detail = JSON.parse(
      readFileSync(
        path.resolve(__dirname, '..', 'fixtures', 'documented-shapes', 'sts.AssumeRole.eks-pod-identity.json'),
        'utf8',
      ),
    );
    const outcome = await h.record(
      {
        'detail-type': 'AWS API Call via CloudTrail',
        source: 'aws.sts',
        account: detail.recipientAccountId,
        region: detail.awsRegion,
        detail,
      },
      new Date('2026-11-20T10:00:05Z'),
    );
    expect(outcome).toMatchObject({
      status: 'recorded',
      record: expect.objectContaining({
        roleArn: 'arn:aws:iam::123456789012:role/orders-api-pod-role',
        tags: expect.objectContaining({
          'eks-cluster-name': 'prod',
          'kubernetes-namespace': 'orders',
          'kubernetes-service-account': 'orders-api',
        }),
        expiresAt: '2026-11-20T16:00:00.000Z',
      }),
    });
    expect(Object.keys((outcome as { record: { tags: object } }).record.tags)).toHaveLength(6);
  });
});

describe('ownership', () => {
  test("the caller's copy of a cross-account AssumeRole is ignored, with its reason, and never overwrites the owner's record", async () => {
    const h = await harness();
    await h.record(samlHop(), NOW);
    await h.record(hop2(), NOW);
    await h.record(hop3(), NOW);
    const before = await h.items();
    // CloudTrail logs the same call in the calling account 111111111111 too, with a later delivery.
    const callersCopy = hop3('111111111111');
    callersCopy.eventID = 'callers-copy';
    callersCopy.requestParameters.tags = [{ key: 'Stage', value: 'forged' }];
    const outcome = await h.record(callersCopy, NOW);
    // A genuine event, so not counted as refused: the rejected metric stays a signal of forgery or breakage.
    expect(outcome).toEqual(
      expect.objectContaining({
        status: 'ignored',
        rejection: expect.objectContaining({ code: 'caller-copy', field: 'requestParameters.roleArn' }),
      }),
    );
    expect(await h.items()).toEqual(before);
    // The same copy with one account claim that disagrees is no longer consistent: refused.
    const inconsistent = structuredClone(callersCopy);
    inconsistent.resources[0].accountId = '333333333333';
    expect(await h.record(inconsistent, NOW)).toMatchObject({
      status: 'rejected',
      rejection: expect.objectContaining({ code: 'account-mismatch' }),
    });
  });

  test('an envelope from another account than the role owner is refused', async () => {
    const h = await harness();
    const detail = loadSample('sts.AssumeRole.4.json') as Record<string, any>;
    const envelope = {
      id: 'x',
      source: 'aws.sts',
      account: '999999999999',
      region: detail.awsRegion,
      detail: { ...detail, recipientAccountId: '999999999999' },
    };
    expect(await h.record(envelope)).toEqual(
      expect.objectContaining({ status: 'rejected', rejection: expect.objectContaining({ code: 'account-mismatch' }) }),
    );
    expect(await h.items()).toEqual([]);
  });

  test('a session ARN in another account than the role is refused', async () => {
    const h = await harness();
    const event = variant('sts.AssumeRole.4.json', (e) => {
      e.responseElements.assumedRoleUser.arn = e.responseElements.assumedRoleUser.arn.replace(
        '457448411975',
        '123456789012',
      );
    });
    expect(await h.record(event)).toEqual(
      expect.objectContaining({
        status: 'rejected',
        rejection: expect.objectContaining({ code: 'account-mismatch', field: 'the session ARN' }),
      }),
    );
  });

  test('an event of one account never replaces the record of another account with the same access key', async () => {
    const h = await harness();
    await h.record(loadSample('sts.AssumeRole.4.json'));
    const other = variant('sts.AssumeRole.4.json', (e) => {
      Object.assign(e, JSON.parse(JSON.stringify(e).split('457448411975').join('123456789012')));
      e.eventTime = '2024-07-30T21:40:00Z';
      e.eventID = 'later';
    });
    expect(await h.record(other)).toEqual(
      expect.objectContaining({
        status: 'unchanged',
        reason: 'the stored record belongs to account 457448411975, not 123456789012',
      }),
    );
    expect(await h.items()).toEqual([(EXPECTED['sts.AssumeRole.4.json'] as { stored: unknown }).stored]);
  });
});

describe('repeated and out-of-order deliveries', () => {
  test('the same event delivered twice is written once', async () => {
    const h = await harness();
    const event = loadSample('sts.AssumeRole.3.json');
    expect((await h.record(event)).status).toBe('recorded');
    expect(await h.record(event)).toEqual(
      expect.objectContaining({
        status: 'unchanged',
        reason: 'duplicate delivery of event 1917948f-3042-46ec-98e2-62865EXAMPLE',
      }),
    );
    expect(await h.items()).toEqual([(EXPECTED['sts.AssumeRole.3.json'] as { stored: unknown }).stored]);
    expect(h.counts).toEqual({ Recorded: 1, Unchanged: 1 });
  });

  test('a newer event replaces an older record of the same key; the older one arriving later does not', async () => {
    const h = await harness();
    const older = loadSample('sts.AssumeRole.4.json');
    const newer = variant('sts.AssumeRole.4.json', (e) => {
      e.eventTime = '2024-07-30T21:40:00Z';
      e.eventID = 'newer';
      e.requestParameters.tags = [{ key: 'Team', value: 'red' }];
    });
    await h.record(older);
    expect((await h.record(newer)).status).toBe('recorded');
    expect(await h.record(older)).toEqual(
      expect.objectContaining({ status: 'unchanged', reason: expect.stringContaining('is not older') }),
    );
    expect(await h.items()).toEqual([expect.objectContaining({ eventId: 'newer', tags: { Team: 'red' } })]);
  });
});

describe('events that create nothing or cannot be trusted', () => {
  const cases: [string, unknown, 'ignored' | 'rejected', Rejection['code'], string | undefined][] = [
    ['a failed call', loadSample('sts.AssumeRole.6.json'), 'ignored', 'failed-call', 'errorCode'],
    [
      'a success without credentials',
      variant('sts.AssumeRole.4.json', (e) => delete e.responseElements.credentials),
      'ignored',
      'incomplete',
      'responseElements.credentials',
    ],
    [
      'responseElements null without errorCode',
      variant('sts.AssumeRole.4.json', (e) => (e.responseElements = null)),
      'ignored',
      'incomplete',
      'responseElements.credentials',
    ],
    ['an event of another service', loadSample('s3.CreateBucket.1.json'), 'ignored', 'unsupported', 'eventName'],
    ['not an object', 'AssumeRole', 'rejected', 'malformed', undefined],
    [
      'no userIdentity',
      variant('sts.AssumeRole.4.json', (e) => delete e.userIdentity),
      'rejected',
      'malformed',
      'userIdentity',
    ],
    [
      'no assumedRoleUser',
      variant('sts.AssumeRole.4.json', (e) => delete e.responseElements.assumedRoleUser),
      'rejected',
      'incomplete',
      'responseElements.assumedRoleUser.arn',
    ],
    [
      'no roleArn',
      variant('sts.AssumeRole.4.json', (e) => delete e.requestParameters.roleArn),
      'rejected',
      'incomplete',
      'requestParameters.roleArn',
    ],
    [
      'an access key id that is not one',
      variant('sts.AssumeRole.4.json', (e) => (e.responseElements.credentials.accessKeyId = 42)),
      'rejected',
      'malformed',
      'responseElements.credentials.accessKeyId',
    ],
    ['no eventTime', variant('sts.AssumeRole.4.json', (e) => delete e.eventTime), 'rejected', 'malformed', 'eventTime'],
    [
      'tags that are not a list',
      variant('sts.AssumeRole.3.json', (e) => (e.requestParameters.tags = { Email: 'x' })),
      'rejected',
      'malformed',
      'requestParameters.tags',
    ],
    [
      'a tag without a value',
      variant('sts.AssumeRole.3.json', (e) => (e.requestParameters.tags = [{ key: 'Email' }])),
      'rejected',
      'malformed',
      'requestParameters.tags[0].value',
    ],
    [
      'two keys that differ only in case',
      variant('sts.AssumeRole.3.json', (e) => e.requestParameters.tags.push({ key: 'email', value: 'x' })),
      'rejected',
      'malformed',
      'requestParameters.tags',
    ],
    [
      'principalTags that are a list',
      variant('lenient/sts.AssumeRoleWithSAML.1.json', (e) => (e.requestParameters.principalTags = ['a'])),
      'rejected',
      'malformed',
      'requestParameters.principalTags',
    ],
    [
      'a wrong account in recipientAccountId',
      variant('sts.AssumeRole.4.json', (e) => (e.recipientAccountId = '111111111111')),
      'rejected',
      'account-mismatch',
      'requestParameters.roleArn',
    ],
    [
      'a truncated record (cut after its first fields)',
      Object.fromEntries(Object.entries(loadSample('sts.AssumeRole.4.json') as object).slice(0, 7)),
      'rejected',
      'malformed',
      'userIdentity',
    ],
    [
      'an expiration in an unknown form',
      variant('sts.AssumeRole.4.json', (e) => (e.responseElements.credentials.expiration = '30/07/2024 21:46:15')),
      'rejected',
      'malformed',
      'responseElements.credentials.expiration',
    ],
    [
      'an expiration as epoch seconds',
      variant('sts.AssumeRole.4.json', (e) => (e.responseElements.credentials.expiration = 1722375975)),
      'rejected',
      'malformed',
      'responseElements.credentials.expiration',
    ],
    [
      'an impossible date',
      variant('sts.AssumeRole.4.json', (e) => (e.responseElements.credentials.expiration = 'Feb 30, 2024, 9:46:15 PM')),
      'rejected',
      'malformed',
      'responseElements.credentials.expiration',
    ],
  ];

  test.each(cases)('%s', async (_name, event, status, code, field) => {
    const h = await harness();
    expect(await h.record(event)).toEqual(
      expect.objectContaining({ status, rejection: expect.objectContaining({ code, field }) }),
    );
    expect(await h.items()).toEqual([]);
    expect(h.counts).toEqual({ [status === 'ignored' ? 'Ignored' : 'Rejected']: 1 });
    expect(h.lines).toHaveLength(1);
    expect(h.lines[0].extra?.reason).toEqual(expect.any(String));
  });

  test('the reason names the field and the value', async () => {
    const h = await harness();
    const outcome = await h.record(cases[16][1]);
    expect(outcome.status === 'rejected' && outcome.rejection.message).toBe(
      'responseElements.credentials.expiration "30/07/2024 21:46:15" is neither CloudTrail\'s "Oct 2, 2019 11:12:29 PM" form nor ISO 8601 (2019-10-02T23:12:29Z)',
    );
  });

  test('a DynamoDB failure is thrown, not swallowed', async () => {
    const store = new DynamoSessionStore(dynamo.client, 'no-such-table', WINDOW_SECONDS);
    const deps: RecorderDeps = { store, log: { info: () => undefined, warn: () => undefined }, count: () => undefined };
    await expect(recordSession(loadSample('sts.AssumeRole.4.json'), deps)).rejects.toThrow(
      /non-existent table|not found/i,
    );
  });
});
