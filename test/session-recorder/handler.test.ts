import { RuntimeSettings, SETTINGS_ENV } from '../../lambda/core/settings';
import { LocalDynamo, startDynalite } from '../support/dynalite';
import { loadSample, loadSamples } from '../support/samples';
import { createSessionTable, scanTable } from '../support/session-table';

const TABLE = 'handler-sessions';
const STS_SAMPLES = loadSamples((file) => /(^|\/)sts\./.test(file));

let dynamo: LocalDynamo;
let handler: (event: unknown) => Promise<string>;
const saved = { ...process.env };

beforeAll(async () => {
  dynamo = await startDynalite();
  await createSessionTable(dynamo.client, TABLE);
  const settings: Partial<RuntimeSettings> = { sessionTableName: TABLE, sessionDeliveryWindowSeconds: 900 };
  Object.assign(process.env, {
    [SETTINGS_ENV]: JSON.stringify(settings),
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  // The module builds its clients at load time, as in a Lambda container: load it once the environment is set.
  ({ handler } = await import('../../lambda/session-recorder'));
});

afterAll(async () => {
  process.env = saved;
  await dynamo.stop();
});

/** Everything the function writes to stdout and stderr (Powertools writes its logs and EMF metrics there). */
async function captureOutput<T>(run: () => Promise<T>): Promise<{ result?: T; error?: unknown; output: string }> {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    }),
  );
  try {
    return { result: await run(), output: chunks.join('') };
  } catch (error) {
    return { error, output: chunks.join('') };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

function sessionTokens(): string[] {
  return STS_SAMPLES.map(
    (s) =>
      (s.event as { responseElements?: { credentials?: { sessionToken?: string } } }).responseElements?.credentials
        ?.sessionToken,
  ).filter((t): t is string => typeof t === 'string');
}

describe('session recorder handler', () => {
  test('no session token from the samples reaches the table or the logs', async () => {
    const tokens = sessionTokens();
    expect(tokens.length).toBeGreaterThanOrEqual(20);
    const outputs: string[] = [];
    for (const sample of STS_SAMPLES) {
      const { output } = await captureOutput(() => handler(sample.event));
      outputs.push(output);
    }
    // A mangled event that moves a token into a field the reasons quote.
    const mangled = structuredClone(loadSample('sts.AssumeRole.10.json')) as Record<string, any>;
    mangled.responseElements.credentials.expiration = mangled.responseElements.credentials.sessionToken;
    const { result, output } = await captureOutput(() => handler(mangled));
    expect(result).toBe('rejected');
    expect(output).toContain('[redacted]');
    outputs.push(output);

    const logs = outputs.join('\n');
    const table = JSON.stringify(await scanTable(dynamo.client, TABLE));
    expect(table.length).toBeGreaterThan(1000);
    for (const token of tokens) {
      // Not the token, nor any 16-character piece of it.
      for (let i = 0; i + 16 <= token.length; i += 8) {
        expect(logs).not.toContain(token.slice(i, i + 16));
        expect(table).not.toContain(token.slice(i, i + 16));
      }
    }
    expect(table).not.toMatch(/sessionToken|secretAccessKey/);
  });

  test('one outcome line per event, with the event id, account, region and event name; metrics are published', async () => {
    const event = {
      version: '0',
      id: 'eb-event-1',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.sts',
      account: '321848314756',
      region: 'apiso-westcentral-3r',
      detail: loadSample('sts.AssumeRole.9.json'),
    };
    const { result, output } = await captureOutput(() => handler(event));
    expect(['recorded', 'unchanged']).toContain(result);
    const lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const logLines = lines.filter((l) => l.level);
    expect(logLines).toEqual([
      expect.objectContaining({
        message: result,
        outcome: result,
        eventId: 'eb-event-1',
        account: '321848314756',
        region: 'apiso-westcentral-3r',
        eventName: 'AssumeRole',
        resources: [],
        reason: expect.any(String),
        service: 'tagwarden-session-recorder',
      }),
    ]);
    const emf = lines.find((l) => l._aws);
    expect(emf._aws.CloudWatchMetrics[0]).toEqual(expect.objectContaining({ Namespace: 'tagwarden' }));
    expect(emf[result === 'recorded' ? 'Recorded' : 'Unchanged']).toBe(1);
  });

  test('a rejected event is logged with its reason and counted', async () => {
    const { result, output } = await captureOutput(() => handler(loadSample('sts.AssumeRole.16.json')));
    expect(result).toBe('rejected');
    const lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'rejected',
        code: 'account-mismatch',
        reason: expect.stringContaining('(field resources[0].ARN)'),
        eventId: '1917948f-3042-46ec-98e2-62865EXAMPLE',
      }),
    );
    expect(lines.find((l) => l._aws).Rejected).toBe(1);
  });

  test('a failed call is ignored and counted as such', async () => {
    const { result, output } = await captureOutput(() => handler(loadSample('sts.AssumeRole.11.json')));
    expect(result).toBe('ignored');
    expect(output).toContain('the AssumeRole call failed with \\"AccessDenied\\"');
    const emf = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((l) => l._aws);
    expect(emf.Ignored).toBe(1);
  });

  test('an event it cannot handle yet is thrown, logged as retry with its event id and counted as retried', async () => {
    // A role chain whose caller was created a moment ago and has no record: its STS event may still be on the way.
    const chained = structuredClone(loadSample('sts.AssumeRole.3.json')) as Record<string, any>;
    chained.userIdentity.accessKeyId = 'ASIANOTRECORDEDYET01';
    chained.userIdentity.sessionContext.attributes.creationDate = new Date().toISOString();
    const { error, output } = await captureOutput(() => handler(chained));
    expect(error).toEqual(expect.objectContaining({ name: 'CallerSessionPending' }));
    const lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.filter((l) => l.level)).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'retry',
        eventId: '1917948f-3042-46ec-98e2-62865EXAMPLE',
        reason: expect.stringMatching(/^CallerSessionPending: /),
      }),
    ]);
    expect(lines.find((l) => l._aws).Retried).toBe(1);
    const stored = await scanTable(dynamo.client, TABLE);
    expect(stored.find((i) => i.callerAccessKeyId === 'ASIANOTRECORDEDYET01')).toBeUndefined();
  });
});
