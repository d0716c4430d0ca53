import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { getRoleOutput } from '../support/iam-roles';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoSessionStore } from '../../lambda/aws/session-store';
import { registerExplain } from '../../lib/cli/explain';
import { ExplainReport } from '../../lib/explain/contract';
import { runTagwarden, writeTestConfig } from '../support/cli';
import { LocalDynamo, startDynalite } from '../support/dynalite';
import { freshSessionTable, scanTable } from '../support/session-table';

const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
let dynamo: LocalDynamo;
const saved = { ...process.env };

beforeAll(async () => {
  dynamo = await startDynalite();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
});
afterAll(async () => {
  process.env = saved;
  await dynamo.stop();
});

const SESSION_KEY = 'ASIAEXPLAINLIVE00001';
const SESSION_ARN = 'arn:aws:sts::333333333333:assumed-role/Builder/alice';
const createEvent = {
  eventID: 'live-1',
  eventSource: 'sqs.amazonaws.com',
  eventName: 'CreateQueue',
  awsRegion: 'eu-west-1',
  recipientAccountId: '333333333333',
  userIdentity: {
    type: 'AssumedRole',
    arn: SESSION_ARN,
    accountId: '333333333333',
    accessKeyId: SESSION_KEY,
    sessionContext: {
      attributes: { creationDate: '2020-01-01T00:00:00Z' },
      sessionIssuer: {
        type: 'Role',
        arn: 'arn:aws:iam::333333333333:role/Builder',
        accountId: '333333333333',
        userName: 'Builder',
      },
    },
  },
  requestParameters: { queueName: 'jobs' },
  responseElements: { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/333333333333/jobs' },
};

test('--live reads IAM tags through the tagger role and the session from the deployed table, and writes nothing', async () => {
  const table = await freshSessionTable(dynamo.client, 'explain-live');
  await new DynamoSessionStore(dynamo.client, table, 900).put({
    account: '333333333333',
    accessKeyId: SESSION_KEY,
    roleArn: 'arn:aws:iam::333333333333:role/Builder',
    sessionName: 'alice',
    sessionArn: SESSION_ARN,
    tags: { project: 'apollo' },
    transitiveTagKeys: [],
    incomingTransitiveTags: {},
    issuedAt: '2020-01-01T00:00:00.000Z',
    expiresAt: '2020-01-01T01:00:00.000Z',
    eventId: 'sts-1',
  });
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIATAGGER',
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: new Date(Date.now() + 3_600_000),
    },
  });
  iam
    .on(GetRoleCommand, { RoleName: 'Builder' })
    .resolves(getRoleOutput('Builder', { team: 'platform', project: 'iam-value' }));

  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tagwarden-live-')), 'event.json');
  writeFileSync(file, JSON.stringify(createEvent));
  const run = await runTagwarden(
    [
      '--config',
      writeTestConfig(),
      '--json',
      'explain',
      '--live',
      '--session-table',
      table,
      '--session-table-region',
      'eu-west-1',
      file,
    ],
    [registerExplain],
  );
  expect(run.err).toBe('');
  const [e] = (JSON.parse(run.out) as ExplainReport).events;
  expect(e).toMatchObject({
    action: 'tag',
    resources: [{ service: 'sqs', id: 'https://sqs.eu-west-1.amazonaws.com/333333333333/jobs' }],
  });
  expect(e.tags).toEqual({ Owner: SESSION_ARN, project: 'apollo', team: 'platform' });
  expect(e.tagSources).toEqual({ Owner: 'owner', project: 'session', team: 'iam' });
  expect(iam.commandCalls(GetRoleCommand).map((c) => c.args[0].input.RoleName)).toEqual(['Builder']);
  // Explain only reads: the table still holds the one record written above.
  expect(await scanTable(dynamo.client, table)).toHaveLength(1);
});
