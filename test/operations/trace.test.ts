import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { traceCommand } from '../../lib/cli/trace';
import { traceQuery } from '../../lib/operations/trace-query';
import { runTagwarden, writeTestConfig } from '../support/cli';
import { installCentral, OUTPUTS } from '../support/central';

const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);
const logs = mockClient(CloudWatchLogsClient);
const sqs = mockClient(SQSClient);

const NOW = Date.parse('2026-12-01T12:00:00Z');
const EVENT = '3603e3ef-985e-487a-a85b-f4144102544b';
const BUCKET = 'arn:aws:s3:::cwe-test';
const sleeps: number[] = [];
const registrar = traceCommand({ sleep: async (ms) => void sleeps.push(ms), now: () => NOW });
const traceConfig = () => writeTestConfig({ adminPrincipals: ['arn:aws:iam::111111111111:role/OrgAdmin'] });
const run = (...args: string[]) => runTagwarden(['--config', traceConfig(), 'trace', ...args], [registrar]);
/** `trace --json`: the parsed result, and the config file the run was given. */
const runJson = async (...args: string[]) => {
  const config = traceConfig();
  const r = await runTagwarden(['--config', config, '--json', 'trace', ...args], [registrar]);
  return { ...r, config, body: JSON.parse(r.out) as Record<string, unknown> };
};

/** Rows as Logs Insights returns them for `fields @timestamp, @log, @message`. */
const row = (timestamp: string, line: Record<string, unknown>) => [
  { field: '@timestamp', value: timestamp },
  { field: '@log', value: `222222222222:${OUTPUTS.taggerLogGroup}` },
  { field: '@message', value: JSON.stringify({ level: 'INFO', service: 'tagwarden-tagger', ...line }) },
];

beforeEach(() => {
  for (const m of [sts, cfn, logs, sqs]) m.reset();
  sleeps.length = 0;
  installCentral(sts, cfn);
  logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
  sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
});

/** The tagger DLQ holds one message (m1) with this body and these attributes, then nothing. */
function parkInTaggerDlq(body: object, attributes: Record<string, string>): void {
  const MessageAttributes = Object.fromEntries(
    Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
  );
  sqs
    .on(ReceiveMessageCommand, { QueueUrl: OUTPUTS.taggerDlqUrl })
    .resolvesOnce({
      Messages: [{ MessageId: 'm1', ReceiptHandle: 'rh', Body: JSON.stringify(body), MessageAttributes }],
    })
    .resolves({ Messages: [] });
}
describe('tagwarden trace', () => {
  it('queries both function log groups over the window for the event id, waits for the query, and prints the tags written', async () => {
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Running', statistics: { recordsScanned: 10 } })
      .resolves({
        status: 'Complete',
        results: [
          row('2026-12-01 11:00:01.000', {
            message: 'retry',
            eventId: EVENT,
            receiveCount: 1,
            reason: 'session ASIA... not recorded yet',
          }),
          row('2026-12-01 11:02:01.000', {
            message: 'tagged',
            eventId: EVENT,
            receiveCount: 2,
            resources: [BUCKET],
            results: [
              {
                arn: BUCKET,
                status: 'written',
                written: { Owner: 'arn:aws:sts::101010101111:assumed-role/Sandbox_Dev/user', team: 'red' },
              },
            ],
          }),
        ],
      });
    const r = await run(EVENT, '--hours', '2');
    expect(r.code).toBe(0);
    expect(logs.commandCalls(StartQueryCommand)[0].args[0].input).toEqual({
      logGroupNames: [OUTPUTS.taggerLogGroup, OUTPUTS.recorderLogGroup],
      queryString: traceQuery({ kind: 'event', id: EVENT }),
      startTime: NOW / 1000 - 7200,
      endTime: NOW / 1000,
    });
    expect(traceQuery({ kind: 'event', id: EVENT })).toContain(`filter eventId = "${EVENT}"`);
    expect(sleeps).toEqual([1000]);
    expect(r.err).toContain('querying the function logs: Running, 10 records scanned');
    expect(r.out).toContain(
      '2026-12-01 11:00:01.000  retry  (event 3603e3ef-985e-487a-a85b-f4144102544b; receive 1; reason: session ASIA... not recorded yet)',
    );
    expect(r.out).toContain(
      `    ${BUCKET}: written, Owner=arn:aws:sts::101010101111:assumed-role/Sandbox_Dev/user, team=red`,
    );
    expect(r.out.trimEnd().split('\n').at(-1)).toBe(`event ${EVENT}: tagged`);
  });

  it('finds a resource by its ARN and reports a dead-letter with its reason and the parked message', async () => {
    logs.on(GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: [
        row('2026-12-01 11:00:01.000', {
          message: 'dead-lettered',
          eventId: EVENT,
          code: 'write-failed',
          reason: `${BUCKET}: AccessDenied`,
        }),
      ],
    });
    parkInTaggerDlq(
      {
        id: EVENT,
        source: 'aws.s3',
        detail: { requestParameters: { bucketName: 'cwe-test' }, resources: [{ ARN: BUCKET }] },
      },
      { code: 'write-failed', reason: 'AccessDenied' },
    );
    const r = await run(BUCKET);
    expect(r.err).toBe('');
    expect(logs.commandCalls(StartQueryCommand)[0].args[0].input.queryString).toBe(
      `fields @timestamp, @log, @message | filter @message like "${BUCKET}" | sort @timestamp asc | limit 200`,
    );
    expect(r.out).toContain('parked in the tagger DLQ: write-failed: AccessDenied');
    expect(r.out).toContain(`resource ${BUCKET}: dead-lettered: see the reason`);
    expect(r.code).toBe(0);
  });

  it('says never seen, with the window and log groups it searched, and exits 3', async () => {
    logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
    const r = await run(EVENT);
    expect(r.code).toBe(3);
    expect(r.out).toContain(
      `event ${EVENT}: never seen: no outcome in ${OUTPUTS.taggerLogGroup}, ${OUTPUTS.recorderLogGroup} between 2026-11-30T12:00:00.000Z and 2026-12-01T12:00:00.000Z, and in no DLQ`,
    );
  });

  it('refuses an argument that is neither an event id nor an ARN, before calling AWS', async () => {
    const r = await run('bucket "x" | stats count()');
    expect(r.code).toBe(2);
    expect(r.err).toContain('is neither an event id');
    expect(sts.calls()).toHaveLength(0);
    expect(logs.calls()).toHaveLength(0);
  });

  it('prints the report as one versioned JSON object naming its config, without the receipt handles', async () => {
    logs.on(GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: [row('2026-12-01 11:00:01.000', { message: 'dead-lettered', eventId: EVENT, code: 'write-failed' })],
    });
    parkInTaggerDlq(
      { id: EVENT, source: 'aws.s3', detail: { resources: [{ ARN: BUCKET }] } },
      { code: 'write-failed' },
    );
    const { code, config, body } = await runJson(EVENT);
    expect(code).toBe(0);
    expect(Object.keys(body)).toEqual(['version', 'config', 'target', 'window', 'outcome', 'lines', 'parked']);
    expect(body).toMatchObject({
      version: 1,
      config,
      target: { kind: 'event', id: EVENT },
      outcome: 'dead-lettered',
      parked: [{ queue: 'tagger', messageId: 'm1', code: 'write-failed', eventId: EVENT }],
    });
    expect(body.parked).toEqual([expect.not.objectContaining({ receiptHandle: expect.anything() })]);
  });

  it('with --json, a never-seen report is the one document on stdout, and exits 3', async () => {
    logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
    const { code, config, body } = await runJson(EVENT);
    expect(code).toBe(3);
    expect(body).toMatchObject({ version: 1, config, outcome: 'never-seen', lines: [], parked: [] });
  });

  it('escapes quotes in an ARN so the query cannot be altered', () => {
    expect(traceQuery({ kind: 'resource', arn: 'arn:aws:s3:::a"|b' })).toContain(
      'filter @message like "arn:aws:s3:::a\\"|b"',
    );
  });

  it('fails in one line when the query fails', async () => {
    logs.on(GetQueryResultsCommand).resolves({ status: 'Failed' });
    const r = await run(EVENT);
    expect(r.code).toBe(1);
    expect(r.err).toBe('tagwarden: the Logs Insights query ended Failed\n');
  });
});
