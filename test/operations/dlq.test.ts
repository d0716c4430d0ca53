import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteMessageCommand,
  Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { registerDlq } from '../../lib/cli/dlq';
import { runTagwarden, writeTestConfig } from '../support/cli';
import { installCentral, OUTPUTS } from '../support/central';
import { loadSample } from '../support/samples';

const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);
const sqs = mockClient(SQSClient);
const lambda = mockClient(LambdaClient);

const createEvent = loadSample('s3.CreateBucket.2.json') as { id: string; account: string };
const record = loadSample('sts.AssumeRole.1.json') as {
  eventID: string;
  recipientAccountId: string;
  awsRegion: string;
  eventTime: string;
};
const sessionEvent = {
  version: '0',
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.sts',
  account: record.recipientAccountId,
  time: record.eventTime,
  region: record.awsRegion,
  resources: [],
  detail: record,
};
const forged = { ...createEvent, source: 'my.app', id: 'forged-1' };

const str = (v: string) => ({ DataType: 'String', StringValue: v });
const taggerLetter = (id: string, body: unknown, code: string, receives: number): Message => ({
  MessageId: id,
  ReceiptHandle: `rh-${id}`,
  Body: JSON.stringify(body),
  MessageAttributes: {
    code: str(code),
    reason: str(`${code}: details`),
    eventId: str((body as { id: string }).id),
    receiveCount: { DataType: 'Number', StringValue: String(receives) },
  },
});
const eventBridgeLetter = (id: string, body: unknown): Message => ({
  MessageId: id,
  ReceiptHandle: `rh-${id}`,
  Body: JSON.stringify(body),
  MessageAttributes: {
    ERROR_CODE: str('SQSError'),
    ERROR_MESSAGE: str('Access to the queue was denied'),
    RETRY_ATTEMPTS: str('185'),
    RULE_ARN: str('arn:aws:events:eu-west-1:222222222222:rule/tagwarden/x'),
  },
});
const lambdaLetter = (id: string, body: unknown): Message => ({
  MessageId: id,
  ReceiptHandle: `rh-${id}`,
  Body: JSON.stringify(body),
  MessageAttributes: {
    ErrorCode: str('200'),
    ErrorMessage: str('Task timed out after 30.00 seconds'),
    RequestID: str('req-1'),
  },
});

/** Each queue returns its messages on the first receive and nothing new after. */
function queues(contents: Record<string, Message[]>) {
  for (const [url, messages] of Object.entries(contents)) {
    sqs
      .on(ReceiveMessageCommand, { QueueUrl: url })
      .resolvesOnce({ Messages: messages })
      .resolves({ Messages: messages });
  }
}

const dlqConfig = () => writeTestConfig({ adminPrincipals: ['arn:aws:iam::111111111111:role/OrgAdmin'] });
const run = (...args: string[]) => runTagwarden(['--config', dlqConfig(), 'dlq', ...args], [registerDlq]);
const changes = () => [
  ...sqs.commandCalls(StartMessageMoveTaskCommand),
  ...sqs.commandCalls(SendMessageCommand),
  ...sqs.commandCalls(DeleteMessageCommand),
  ...lambda.commandCalls(InvokeCommand),
];

beforeEach(() => {
  for (const m of [sts, cfn, sqs, lambda]) m.reset();
  installCentral(sts, cfn);
  sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
  sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
  sqs.on(SendMessageCommand).resolves({ MessageId: 'sent' });
  sqs.on(DeleteMessageCommand).resolves({});
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
});

describe('tagwarden dlq list', () => {
  it('reads each queue through the operator role without hiding messages, and groups them by reason', async () => {
    queues({
      [OUTPUTS.taggerDlqUrl]: [
        taggerLetter('t1', createEvent, 'retries-exhausted', 8),
        taggerLetter('t2', forged, 'malformed', 1),
      ],
      [OUTPUTS.sessionDlqUrl]: [lambdaLetter('s1', sessionEvent)],
      [OUTPUTS.deliveryDlqUrl]: [eventBridgeLetter('d1', createEvent)],
    });
    const r = await run('list');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleArn).toBe(
      'arn:aws:iam::222222222222:role/tagwarden-operator',
    );
    for (const c of sqs.commandCalls(ReceiveMessageCommand))
      expect(c.args[0].input).toMatchObject({ VisibilityTimeout: 0, MessageAttributeNames: ['All'] });
    expect(r.out).toContain(
      `  retries-exhausted (1): retries-exhausted: details\n    ${createEvent.id}  ${createEvent.account}  CreateBucket  receives=8`,
    );
    expect(r.out).toMatch(
      / {2}malformed \(1\)[^\n]*\n {4}forged-1 {2}101010101111 {2}CreateBucket {2}receives=1 {2}NOT REDRIVABLE: its source "my.app" is not an AWS service/,
    );
    expect(r.out).toContain(
      `  200 (1): Task timed out after 30.00 seconds\n    ${sessionEvent.id}  ${record.recipientAccountId}  AssumeRole`,
    );
    expect(r.out).toContain(
      `  SQSError (1): Access to the queue was denied\n    ${createEvent.id}  ${createEvent.account}  CreateBucket  receives=185`,
    );
    expect(r.out).toContain('4 message(s)');
    expect(changes()).toEqual([]);
  });

  it('prints one versioned JSON object naming its config, with the messages and no receipt handles', async () => {
    queues({
      [OUTPUTS.taggerDlqUrl]: [taggerLetter('t1', createEvent, 'retries-exhausted', 8)],
      [OUTPUTS.deliveryDlqUrl]: [eventBridgeLetter('d1', createEvent)],
    });
    const config = dlqConfig();
    const r = await runTagwarden(['--config', config, '--json', 'dlq', 'list'], [registerDlq]);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(Object.keys(body)).toEqual(['version', 'config', 'messages']);
    expect(body).toMatchObject({ version: 1, config });
    expect(body.messages).toEqual([
      expect.objectContaining({ queue: 'tagger', messageId: 't1', code: 'retries-exhausted', receiveCount: 8 }),
      expect.objectContaining({ queue: 'delivery', messageId: 'd1', code: 'SQSError', eventId: createEvent.id }),
    ]);
    expect(body.messages[0]).not.toHaveProperty('receiptHandle');
  });

  it('takes --central-profile instead of assuming the operator role', async () => {
    const r = await run('list', '--central-profile', 'central-admin', '--queue', 'tagger');
    expect(r.code).toBe(0);
    expect(r.out).toBe('no parked messages\n');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect((sqs.commandCalls(ReceiveMessageCommand)[0].thisValue as SQSClient).config.profile).toBe('central-admin');
  });

  it('explains a denied operator role in one line', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }));
    const r = await run('list');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /cannot assume arn:aws:iam::222222222222:role\/tagwarden-operator .*adminPrincipals.*--central-profile/,
    );
  });
});

describe('tagwarden dlq redrive', () => {
  beforeEach(() =>
    queues({
      [OUTPUTS.taggerDlqUrl]: [taggerLetter('t1', createEvent, 'retries-exhausted', 8)],
      [OUTPUTS.sessionDlqUrl]: [eventBridgeLetter('s1', sessionEvent)],
      [OUTPUTS.deliveryDlqUrl]: [eventBridgeLetter('d1', createEvent), eventBridgeLetter('d2', forged)],
    }),
  );

  it('changes nothing without --apply', async () => {
    const r = await run('redrive');
    expect(r.out).toContain(
      'would redrive (dry run, pass --apply): the tagger DLQ (1 message(s) read) to the tagger queue by StartMessageMoveTask',
    );
    expect(r.out).toContain(`would redrive (dry run, pass --apply): session ${sessionEvent.id}`);
    expect(changes()).toEqual([]);
  });

  it('moves the tagger DLQ by StartMessageMoveTask, delivery events to the tagger queue, session events to the recorder; never a forged event', async () => {
    const r = await run('redrive', '--apply');
    expect(sqs.commandCalls(StartMessageMoveTaskCommand).map((c) => c.args[0].input)).toEqual([
      { SourceArn: OUTPUTS.taggerDlqArn, DestinationArn: OUTPUTS.taggerQueueArn },
    ]);
    expect(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: OUTPUTS.taggerQueueUrl, MessageBody: JSON.stringify(createEvent) },
    ]);
    const invokes = lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
    expect(invokes).toHaveLength(1);
    expect(invokes[0]).toMatchObject({ FunctionName: OUTPUTS.recorderFunctionName, InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(invokes[0].Payload as Uint8Array))).toEqual(sessionEvent);
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: OUTPUTS.sessionDlqUrl, ReceiptHandle: 'rh-s1' },
      { QueueUrl: OUTPUTS.deliveryDlqUrl, ReceiptHandle: 'rh-d1' },
    ]);
    expect(r.out).toContain('stays parked: delivery forged-1');
    expect(r.code).toBe(1);
    expect(r.err).toContain('1 message(s) not redriven');
  });

  it('with --reason moves only matching tagger messages, one by one, and keeps a message whose send failed', async () => {
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('throttled'), { name: 'RequestThrottled' }));
    const r = await run('redrive', '--queue', 'tagger', '--reason', 'retries-exhausted', '--apply');
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(r.err).toContain('not redriven: tagger t1: RequestThrottled: throttled');
    expect(r.code).toBe(1);
  });

  it('with --json prints one versioned result naming its config: what moved, where, and what stays parked', async () => {
    const config = dlqConfig();
    const r = await runTagwarden(['--config', config, '--json', 'dlq', 'redrive', '--apply'], [registerDlq]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('1 message(s) not redriven');
    const body = JSON.parse(r.out);
    expect(Object.keys(body)).toEqual(['version', 'config', 'applied', 'moveTask', 'messages']);
    expect(body).toEqual({
      version: 1,
      config,
      applied: true,
      moveTask: { taskHandle: 'task-1' },
      messages: [
        expect.objectContaining({
          queue: 'delivery',
          messageId: 'd2',
          outcome: 'stays-parked',
          detail: expect.stringMatching(/not an AWS service/),
        }),
        {
          queue: 'tagger',
          messageId: 't1',
          eventId: createEvent.id,
          code: 'retries-exhausted',
          outcome: 'redrive',
          to: 'move-task',
        },
        expect.objectContaining({ queue: 'session', messageId: 's1', outcome: 'redrive', to: 'session-recorder' }),
        expect.objectContaining({ queue: 'delivery', messageId: 'd1', outcome: 'redrive', to: 'tagger-queue' }),
      ],
    });
  });

  it('with --json a dry run says what would move and changes nothing; a failed send is named with its error', async () => {
    const dry = JSON.parse((await run('--json', 'redrive', '--queue', 'delivery')).out);
    expect(dry).toMatchObject({ version: 1, applied: false, moveTask: null });
    expect(dry.messages.map((m: { messageId: string; outcome: string }) => [m.messageId, m.outcome])).toEqual([
      ['d2', 'stays-parked'],
      ['d1', 'redrive'],
    ]);
    expect(changes()).toEqual([]);
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('throttled'), { name: 'RequestThrottled' }));
    const failed = await run('--json', 'redrive', '--queue', 'tagger', '--reason', 'retries-exhausted', '--apply');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.out).messages).toEqual([
      expect.objectContaining({
        messageId: 't1',
        outcome: 'failed',
        to: 'tagger-queue',
        detail: 'RequestThrottled: throttled',
      }),
    ]);
  });

  it('refuses a bad --max before calling AWS', async () => {
    const r = await run('list', '--max', 'lots');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--max must be a positive whole number, received "lots"');
    // Not even the operator role is assumed or the central stack read.
    expect([sts, cfn, sqs, lambda].map((m) => m.calls().length)).toEqual([0, 0, 0, 0]);
  });
});
