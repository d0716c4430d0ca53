import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Heartbeat } from '../../lambda/aws/heartbeat';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_TABLE } from '../../lambda/core/heartbeat';
import { createHandler, HandlerDeps } from '../../lambda/tagger/handler';
import { startDynalite, LocalDynamo } from '../support/dynalite';
import { loadSample } from '../support/samples';
import { scanTable } from '../support/session-table';
import { MemorySessions } from '../support/sessions';
import { SqsModel } from '../support/sqs-model';

let local: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  local = await startDynalite();
});
afterAll(() => local.stop());

async function heartbeatTable(): Promise<string> {
  const name = `heartbeats-${++tables}`;
  await local.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: HEARTBEAT_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: HEARTBEAT_TABLE.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: HEARTBEAT_TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: HEARTBEAT_TABLE.sortKey, AttributeType: 'S' },
      ],
    }),
  );
  return name;
}

/** A real create event (CreateBucket, delivered through EventBridge) as if from another account and region. */
function eventFrom(account: string, region: string, n: number): unknown {
  const e = structuredClone(loadSample('s3.CreateBucket.2.json')) as Record<string, unknown> & {
    detail: Record<string, unknown>;
  };
  e.id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  e.account = account;
  e.region = region;
  e.detail.awsRegion = region;
  e.detail.recipientAccountId = account;
  (e.detail.userIdentity as Record<string, unknown>).accountId = account;
  return e;
}

/** One tagger container: the real handler with a heartbeat over dynalite; the engine writes nothing. */
function container(tableName: string, clock: { now: number }, results: string[]) {
  const heartbeat = new Heartbeat(
    local.client,
    tableName,
    'tagger',
    () => undefined,
    () => clock.now,
  );
  const deps: HandlerDeps = {
    settings: {
      protectedTagPrefix: 'scp-',
      ownerTagKey: 'Owner',
      propagation: { include: ['*'], exclude: [] },
      conflict: 'keep',
    },
    sessions: new MemorySessions(),
    iamTags: { read: async () => ({ status: 'read', tags: {} }) },
    applier: { apply: async () => [] },
    deadLetters: { send: async () => undefined },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined } as unknown as HandlerDeps['metrics'],
    heartbeat: { seen: async (input) => void results.push(await heartbeat.seen(input)) },
  };
  return createHandler(() => deps);
}

const ACCOUNTS = ['333333333333', '444444444444', '555555555555', '666666666666'];
const REGIONS = ['us-east-1', 'eu-west-1'];

describe('heartbeat', () => {
  it('under a burst, each container writes a pair at most once per 5 minutes and the table takes at most one write per pair per 5 minutes', async () => {
    const table = await heartbeatTable();
    const clock = { now: Date.parse('2026-12-01T12:00:00Z') };
    const model = new SqsModel({ batchSize: 10, maxReceives: 3, visibilityTimeoutMs: 60_000 }, clock);
    const containers = [[], [], []].map((results: string[]) => ({ results, handle: container(table, clock, results) }));
    const EVENTS = 3000;
    for (let i = 0; i < EVENTS; i++)
      model.send(eventFrom(ACCOUNTS[i % ACCOUNTS.length], REGIONS[(i >> 2) % REGIONS.length], i));
    const start = clock.now;
    // The three containers take batches in turn; each batch takes 2 s, so the burst lasts 10 minutes.
    for (let batch = 0; model.queue.length > 0; batch++) {
      const c = containers[batch % containers.length];
      await model.deliver((event) => c.handle(event, {} as never));
      clock.now += 2000;
    }
    const minutes = (clock.now - start) / 60_000;
    const windows = Math.floor((clock.now - start) / HEARTBEAT_INTERVAL_MS) + 1;
    const pairs = ACCOUNTS.length * REGIONS.length;
    const attempts = containers.map((c) => c.results.filter((r) => r === 'written' || r === 'fresh').length);
    const written = containers.reduce((n, c) => n + c.results.filter((r) => r === 'written').length, 0);

    expect(minutes).toBe(10);
    expect(containers.reduce((n, c) => n + c.results.length, 0)).toBe(EVENTS);
    for (const a of attempts) expect(a).toBeLessThanOrEqual(pairs * windows);
    expect(written).toBeLessThanOrEqual(pairs * windows);
    expect(written).toBeGreaterThanOrEqual(pairs * 2);
    // 3,000 events became at most 3 x 8 x 3 = 72 conditional writes, of which at most 24 succeeded.
    expect(attempts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(containers.length * pairs * windows);

    const items = await scanTable(local.client, table);
    expect(items).toHaveLength(pairs);
    for (const item of items) {
      expect(item[HEARTBEAT_TABLE.seenByAttribute]).toBe('tagger');
      expect(Date.parse(item[HEARTBEAT_TABLE.lastEventAttribute] as string)).toBeGreaterThan(start + 5 * 60_000);
    }
  });

  it('the conditional write refuses a time less than 5 minutes after the stored one, whichever container tries', async () => {
    const table = await heartbeatTable();
    const clock = { now: Date.parse('2026-12-01T12:00:00Z') };
    const a = new Heartbeat(
      local.client,
      table,
      'tagger',
      () => undefined,
      () => clock.now,
    );
    const b = new Heartbeat(
      local.client,
      table,
      'session-recorder',
      () => undefined,
      () => clock.now,
    );
    const event = eventFrom(ACCOUNTS[0], 'eu-west-1', 1);
    expect(await a.seen(event)).toBe('written');
    expect(await a.seen(event)).toBe('not-due');
    clock.now += 60_000;
    expect(await b.seen(event)).toBe('fresh');
    clock.now += HEARTBEAT_INTERVAL_MS;
    expect(await b.seen(event)).toBe('written');
    const [item] = await scanTable(local.client, table);
    expect(item).toEqual({
      account: ACCOUNTS[0],
      region: 'eu-west-1',
      lastEventAt: new Date(clock.now).toISOString(),
      seenBy: 'session-recorder',
    });
  });

  it('does not count a message that fails the parser checks, and never fails the event when the table is unreachable', async () => {
    const table = await heartbeatTable();
    const errors: string[] = [];
    const hb = new Heartbeat(local.client, table, 'tagger', (m) => void errors.push(m));
    expect(await hb.seen({ detail: { eventSource: 's3.amazonaws.com' } })).toBe('not-counted');
    expect(await scanTable(local.client, table)).toEqual([]);
    const broken = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const unreachable = new Heartbeat(broken, table, 'tagger', (m) => void errors.push(m));
    expect(await unreachable.seen(eventFrom(ACCOUNTS[0], 'eu-west-1', 1))).toBe('failed');
    expect(errors).toEqual(['heartbeat not written']);
    broken.destroy();
  });
});
