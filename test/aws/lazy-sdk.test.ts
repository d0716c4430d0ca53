/*
 * The tagger loads an SDK client package only when it first needs a client of that service: loading them all
 * would make every cold start pay for EC2, S3, SSM, ... whether or not the container ever tags such a resource.
 * Each package is replaced (per test) by a stand-in that records when it is loaded and then loads the real one.
 */

const PACKAGES = {
  ec2: '@aws-sdk/client-ec2',
  rgta: '@aws-sdk/client-resource-groups-tagging-api',
  s3: '@aws-sdk/client-s3',
  ssm: '@aws-sdk/client-ssm',
  autoscaling: '@aws-sdk/client-auto-scaling',
  secretsmanager: '@aws-sdk/client-secrets-manager',
  sqs: '@aws-sdk/client-sqs',
} as const;

function recordLoads(): string[] {
  const loaded: string[] = [];
  for (const [name, pkg] of Object.entries(PACKAGES)) {
    jest.doMock(pkg, () => {
      loaded.push(name);
      return jest.requireActual(pkg);
    });
  }
  return loaded;
}

beforeEach(() => jest.resetModules());

test('loading the tagger loads none of the tagging clients', () => {
  const loaded = recordLoads();
  require('../../lambda/tagger/index');
  expect(loaded).toEqual([]);
});

test('a client of one service loads that package only', () => {
  const loaded = recordLoads();
  const { testClients } = require('../support/engine') as typeof import('../support/engine');
  const { WRITERS } =
    require('../../lambda/aws/writers/registry') as typeof import('../../lambda/aws/writers/registry');
  const pool = testClients();
  pool.client(WRITERS.rgta.client, '111111111111', 'us-east-1');
  expect(loaded).toEqual(['rgta']);
  pool.client(WRITERS.ec2.client, '111111111111', 'us-east-1');
  pool.client(WRITERS.ec2.client, '111111111111', 'eu-west-1');
  expect(loaded).toEqual(['rgta', 'ec2']);
});

test('applying a plan loads the writers (and packages) of its resources only', async () => {
  const loaded = recordLoads();
  // No network in tests: the tagger role cannot be assumed, so each write fails, after its writer has loaded.
  const { mockClient } = require('aws-sdk-client-mock') as typeof import('aws-sdk-client-mock');
  const { STSClient, AssumeRoleCommand } = require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');
  const sts = mockClient(STSClient);
  sts.on(AssumeRoleCommand).rejects(new Error('no network in tests'));
  const { TagApplier } = require('../../lambda/aws/writers') as typeof import('../../lambda/aws/writers');
  const { testClients, instantRetry, planFor, ref } =
    require('../support/engine') as typeof import('../support/engine');
  const applier = new TagApplier(testClients(), instantRetry());
  expect(loaded).toEqual([]);
  const ec2 = await applier.apply(planFor([ref('ec2', 'i-0123456789abcdef0')], { team: 'blue' }));
  expect(ec2.map((o) => o.status)).toEqual(['failed']);
  expect(loaded).toEqual(['ec2']);
  await applier.apply(planFor([ref('rgta', 'queue-1')], { team: 'blue' }));
  expect(loaded).toEqual(['ec2', 'rgta']);
  sts.restore();
});

test('the dead-letter queue client is loaded when the first letter is sent, and the letter reaches the queue', async () => {
  const loaded = recordLoads();
  const { deadLettersOnDemand } = require('../../lambda/tagger/index') as typeof import('../../lambda/tagger/index');
  const dlq = 'https://sqs.eu-west-1.amazonaws.com/222222222222/dlq';
  const sink = deadLettersOnDemand(dlq);
  expect(loaded).toEqual([]);
  const { mockClient } = require('aws-sdk-client-mock') as typeof import('aws-sdk-client-mock');
  const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
  const sqs = mockClient(SQSClient);
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
  await sink.send({ body: '{}', code: 'malformed', reason: 'not JSON', sourceMessageId: 'm-1', receiveCount: 1 });
  await sink.send({ body: '{}', code: 'malformed', reason: 'not JSON', sourceMessageId: 'm-2', receiveCount: 1 });
  expect(loaded).toEqual(['sqs']);
  expect(
    sqs.commandCalls(SendMessageCommand).map((c) => [c.args[0].input.QueueUrl, c.args[0].input.MessageBody]),
  ).toEqual([
    [dlq, '{}'],
    [dlq, '{}'],
  ]);
  sqs.restore();
});
