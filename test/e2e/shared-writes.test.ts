import { STSClient } from '@aws-sdk/client-sts';
import type { Context, SQSEvent } from 'aws-lambda';
import { createHandler, HandlerDeps } from '../../lambda/tagger/handler';
import { createEngine } from '../../lambda/tagger/index';
import { runtimeSettings } from '../support/engine';
import { AwsWorld } from '../support/aws-world';
import { loadSample } from '../support/samples';
import { MemorySessions } from '../support/sessions';

/*
 * One SQS batch of create events by one IAM user, end to end through the tagger handler and the stateful AWS
 * stand-in: their EC2 resources share a CreateTags call, and when it fails (one VPC is gone, and the stand-in's
 * CreateTags is all or nothing, as AWS's is) exactly the event of that VPC is retried.
 */

const ACCOUNT = '000000000001';
const VPCS = ['vpc-000001', 'vpc-000002', 'vpc-000003', 'vpc-000004'];

function createVpc(vpcId: string) {
  const e = structuredClone(loadSample('ec2.CreateVpc.2.json')) as { id: string; detail: Record<string, any> };
  e.id = `envelope-${vpcId}`;
  e.detail.eventID = `event-${vpcId}`;
  e.detail.responseElements.vpc.vpcId = vpcId;
  return e;
}

function sqsBatch(): SQSEvent {
  const Records = VPCS.map((vpc) => ({
    messageId: `m-${vpc}`,
    receiptHandle: `r-${vpc}`,
    body: JSON.stringify(createVpc(vpc)),
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:222222222222:tagwarden-events',
    awsRegion: 'eu-west-1',
  }));
  return { Records } as unknown as SQSEvent;
}

function handler(world: AwsWorld) {
  const settings = runtimeSettings({ organizationId: 'o-e2etest0001', sessionTableName: 'sessions' });
  const engine = createEngine({
    settings,
    sts: new STSClient({ region: 'eu-west-1' }),
    sessions: new MemorySessions(),
    retry: { attempts: 3, baseDelayMs: 0, sleep: async () => undefined },
  });
  const letters: unknown[] = [];
  const deps: HandlerDeps = {
    ...engine,
    deadLetters: { send: async (l) => void letters.push(l) },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined } as unknown as HandlerDeps['metrics'],
    maxReceives: 5,
  };
  world.setIamTags('user', ACCOUNT, 'testuser', { team: 'network' });
  return { handle: createHandler(() => deps), letters };
}

describe('writes shared across the events of one SQS batch', () => {
  let world: AwsWorld;
  beforeEach(() => {
    world = new AwsWorld(31);
    world.install();
  });
  afterEach(() => world.restore());

  test('four events, identical tags: one CreateTags for all four VPCs', async () => {
    const { handle } = handler(world);
    const response = await handle(sqsBatch(), {} as Context);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(world.calls.filter((c) => c.command === 'ec2:CreateTags')).toHaveLength(1);
    for (const vpc of VPCS)
      expect(world.tags.get(`${ACCOUNT}|${vpc}`)).toMatchObject({ team: 'network', Owner: expect.any(String) });
  });

  test('faults: a shared CreateTags that fails is split per event; exactly the failing event is retried', async () => {
    world.faults.throttleRate = 0.3;
    world.remove({
      account: ACCOUNT,
      writer: 'ec2',
      id: 'vpc-000003',
      arn: `arn:aws:ec2:some-region-2:${ACCOUNT}:vpc/vpc-000003`,
    });
    const { handle, letters } = handler(world);
    const response = await handle(sqsBatch(), {} as Context);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-vpc-000003' }] });
    expect(letters).toEqual([]);
    for (const vpc of ['vpc-000001', 'vpc-000002', 'vpc-000004']) {
      expect(world.tags.get(`${ACCOUNT}|${vpc}`)).toMatchObject({ team: 'network' });
    }
    expect(world.tags.get(`${ACCOUNT}|vpc-000003`)).toBeUndefined();
  });
});
