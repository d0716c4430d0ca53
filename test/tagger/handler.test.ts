import { S3ControlClient, TagResourceCommand } from '@aws-sdk/client-s3-control';
import { GetRoleCommand, IAMClient, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { getRoleOutput } from '../support/iam-roles';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsDeadLetterSink } from '../../lambda/aws/dead-letter';
import { IamTagReader } from '../../lambda/aws/iam-tags';
import { TagApplier } from '../../lambda/aws/writers';
import { createHandler, HandlerDeps } from '../../lambda/tagger/handler';
import { instantRetry, testClients } from '../support/engine';
import { loadSample } from '../support/samples';
import { MemorySessions } from '../support/sessions';

const s3 = mockClient(S3ControlClient);
const iam = mockClient(IAMClient);
const sqs = mockClient(SQSClient);
const DLQ = 'https://sqs.eu-west-1.amazonaws.com/222222222222/tagwarden-tagger-dlq';

beforeEach(() => {
  s3.reset();
  iam.reset();
  sqs.reset();
  s3.on(TagResourceCommand).resolves({});
  iam.on(ListUserTagsCommand).resolves({ Tags: [] });
  iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, {}));
  sqs.on(SendMessageCommand).resolves({ MessageId: 'dlq-1' });
});

function record(messageId: string, body: unknown, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:222222222222:tagwarden-tagger',
    awsRegion: 'eu-west-1',
  };
}

function youngSessionEvent() {
  const e = structuredClone(loadSample('s3.CreateBucket.2.json')) as {
    detail: { userIdentity: Record<string, unknown> };
  };
  e.detail.userIdentity.accessKeyId = 'ASIAEXAMPLESESSION01';
  return e;
}

function makeDeps() {
  const clients = testClients();
  const metrics: Record<string, number> = {};
  const logs: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  const log = (level: string) => (message: string, extra: Record<string, unknown>) =>
    void logs.push({ level, message, extra });
  const deps: HandlerDeps = {
    settings: {
      protectedTagPrefix: 'scp-',
      ownerTagKey: 'Owner',
      propagation: { include: ['*'], exclude: [] },
      conflict: 'keep',
    },
    sessions: new MemorySessions([], { mayStillArrive: true, reason: 'issued 10 s ago' }),
    iamTags: new IamTagReader({ clients, ttlSeconds: 300 }),
    applier: new TagApplier(clients, instantRetry()),
    deadLetters: new SqsDeadLetterSink(new SQSClient({ region: 'eu-west-1' }), DLQ),
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    metrics: {
      addMetric: (name: string, _unit: unknown, value: number) => void (metrics[name] = (metrics[name] ?? 0) + value),
      publishStoredMetrics: () => undefined,
    } as unknown as HandlerDeps['metrics'],
    maxReceives: 5,
  };
  return { deps, metrics, logs };
}

const context = {} as Context;

describe('tagger handler over an SQS batch', () => {
  test('tagged, ignored, dead-lettered and retried records in one batch', async () => {
    const { deps, metrics, logs } = makeDeps();
    const failedCall = structuredClone(loadSample('s3.CreateBucket.5.json')) as { detail: Record<string, unknown> };
    failedCall.detail.errorCode = 'BucketAlreadyOwnedByYou';
    const mismatch = structuredClone(loadSample('s3.CreateBucket.8.json')) as { detail: Record<string, unknown> };
    mismatch.detail.recipientAccountId = '333333333333';

    const response = await createHandler(() => deps)(
      {
        Records: [
          record('ok', loadSample('s3.CreateBucket.5.json')),
          record('ignored', failedCall),
          record('bad-json', '{not json'),
          record('mismatch', mismatch),
          record('young', youngSessionEvent()),
        ],
      },
      context,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'young' }] });
    expect(s3.commandCalls(TagResourceCommand)).toHaveLength(1);

    const letters = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(letters.map((l) => l.MessageAttributes?.sourceMessageId.StringValue)).toEqual(['bad-json', 'mismatch']);
    expect(letters[0]).toMatchObject({
      QueueUrl: DLQ,
      MessageBody: '{not json',
      MessageAttributes: {
        code: { StringValue: 'malformed' },
        reason: { StringValue: expect.stringContaining('not JSON') },
      },
    });
    expect(letters[1]).toMatchObject({
      MessageAttributes: {
        code: { StringValue: 'account-mismatch' },
        reason: { StringValue: expect.stringContaining('333333333333') },
        eventId: { StringValue: 'b6cb7d63-0173-40ce-b7dd-665e87b36621' },
      },
    });
    expect(JSON.parse(letters[1].MessageBody ?? '')).toEqual(mismatch);

    expect(metrics).toMatchObject({ TaggedResources: 1, Ignored: 1, DeadLettered: 2, Retried: 1, MissingSession: 1 });
    expect(logs.find((l) => l.message === 'ignored')?.extra).toMatchObject({
      messageId: 'ignored',
      code: 'failed-call',
    });
    expect(logs.find((l) => l.message === 'retry')?.extra).toMatchObject({
      messageId: 'young',
      reason: expect.stringContaining('issued 10 s ago'),
    });

    // One outcome line per record, in the schema both functions share (docs/architecture.md).
    expect(logs.map((l) => [l.extra.messageId, l.message]).sort()).toEqual(
      [
        ['bad-json', 'dead-lettered'],
        ['ignored', 'ignored'],
        ['mismatch', 'dead-lettered'],
        ['ok', 'tagged'],
        ['young', 'retry'],
      ].sort(),
    );
    for (const { message, extra } of logs) {
      expect(extra).toMatchObject({
        outcome: message,
        reason: expect.stringMatching(/\S/),
        resources: expect.any(Array),
      });
      if (extra.messageId === 'bad-json') continue;
      expect(extra).toMatchObject({
        eventId: expect.any(String),
        account: expect.stringMatching(/^\d{12}$/),
        region: expect.any(String),
        eventName: 'CreateBucket',
      });
    }
    const ok = logs.find((l) => l.extra.messageId === 'ok')!.extra;
    expect(ok.resources).toEqual([expect.stringMatching(/^arn:aws:s3:::/)]);
    expect(ok.principal).toEqual(expect.stringMatching(/^arn:aws:/));
  });

  test('on the last allowed receive a still-failing event goes to the DLQ with its reason instead of failing again', async () => {
    const { deps } = makeDeps();
    const response = await createHandler(() => deps)({ Records: [record('young', youngSessionEvent(), 5)] }, context);
    expect(response).toEqual({ batchItemFailures: [] });
    const [letter] = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(letter.MessageAttributes).toMatchObject({
      code: { StringValue: 'retries-exhausted' },
      reason: { StringValue: expect.stringMatching(/gave up after 5 receives: .*issued 10 s ago/) },
      receiveCount: { StringValue: '5' },
    });
  });

  test('when the DLQ cannot be written, the record fails so that SQS keeps it', async () => {
    const { deps } = makeDeps();
    sqs.on(SendMessageCommand).rejects(new Error('sqs down'));
    const response = await createHandler(() => deps)({ Records: [record('bad-json', '{')] }, context);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad-json' }] });
  });

  test('an unexpected fault is retried, not swallowed', async () => {
    const { deps } = makeDeps();
    deps.applier = { apply: () => Promise.reject(new TypeError('bug')) };
    const response = await createHandler(() => deps)(
      { Records: [record('r1', loadSample('s3.CreateBucket.5.json'))] },
      context,
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'r1' }] });
  });
});
