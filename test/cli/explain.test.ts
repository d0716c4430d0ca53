import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseEvent } from '../../lambda/core/cloudtrail';
import { extractResources } from '../../lambda/core/registry';
import { buildSessionRecord, readSessionIssue } from '../../lambda/core/session-record';
import { registerExplain } from '../../lib/cli/explain';
import { ExplainReport } from '../../lib/explain/contract';
import { readEvents } from '../../lib/explain/input';
import { runTagwarden, writeTestConfig } from '../support/cli';
import { loadLogFiles, loadSample, loadSamples, SAMPLES_DIR } from '../support/samples';

const config = writeTestConfig({ propagation: { include: ['*'], exclude: ['temp-*'] } });
const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-explain-'));

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

async function explain(...args: string[]): Promise<ExplainReport> {
  const run = await runTagwarden(['--config', config, '--json', 'explain', ...args], [registerExplain]);
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as ExplainReport;
}

/** The session made by sts.AssumeRole.3 (JohnRole2 in 111111111111), used by a later create event. */
const stsEvent = loadSample('sts.AssumeRole.3.json') as Record<string, unknown>;
const SESSION_KEY = 'ASIAWHOJDLGPOEXAMPLE';
// The AWS documentation example names the role JohnRole2 in the request and test-role in the response: the response wins.
const SESSION_ARN = 'arn:aws:sts::111111111111:assumed-role/test-role/Role2WithTags';
function bucketCreatedInSession(bucket: string): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    eventID: `create-${bucket}`,
    eventTime: '2019-10-02T22:30:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'CreateBucket',
    awsRegion: 'us-east-2',
    recipientAccountId: '111111111111',
    userIdentity: {
      type: 'AssumedRole',
      arn: SESSION_ARN,
      accountId: '111111111111',
      accessKeyId: SESSION_KEY,
      sessionContext: {
        attributes: { creationDate: '2019-10-02T22:12:29Z' },
        sessionIssuer: {
          type: 'Role',
          arn: 'arn:aws:iam::111111111111:role/JohnRole2',
          accountId: '111111111111',
          userName: 'JohnRole2',
        },
      },
    },
    requestParameters: { bucketName: bucket },
    responseElements: null,
  };
}

describe('tagwarden explain on every real sample', () => {
  test.each(loadSamples().map((s) => [s.file] as const))(
    '%s is explained by the same code as the functions',
    async (file) => {
      const report = await explain('--account', '000000000000', path.join(SAMPLES_DIR, file));
      expect(report.version).toBe(1);
      expect(report.events).toHaveLength(1);
      const [e] = report.events;
      expect(['tag', 'record-session', 'ignore', 'reject']).toContain(e.action);
      expect(e.reason.length).toBeGreaterThan(0);
      if (e.action === 'tag') {
        const parsed = parseEvent(loadSample(file), { defaultAccount: '000000000000' });
        expect(e.resources).toEqual(
          extractResources(parsed).map(({ service, type, id, arn }) => ({ service, type, id, arn })),
        );
        expect(e.principal?.arn).toBeTruthy();
        expect(e.tags.Owner).toBe(e.principal?.arn);
      }
      if (e.action === 'record-session') {
        const record = buildSessionRecord(readSessionIssue(parseEvent(loadSample(file))));
        expect(e.session).toEqual({
          accessKeyId: record.accessKeyId,
          roleArn: record.roleArn,
          sessionName: record.sessionName,
          sessionArn: record.sessionArn,
          expiresAt: record.expiresAt,
          tags: record.tags,
          transitiveTagKeys: record.transitiveTagKeys,
        });
      }
    },
  );
});

describe('tagwarden explain: hand-checked answers', () => {
  test.each([
    ['ec2.RunInstances.15.json', 'tag', ['i-abcd12345efghi678', 'eni-abcd12345efghi678']],
    ['s3.CreateBucket.8.json', 'tag', ['this-is-a-long-unique-bucket-name']],
    ['ec2.DescribeInstanceAttribute.1.json', 'ignore', []],
    ['cloudtrail.UpdateTrail.1.json', 'ignore', []],
    ['sts.AssumeRole.6.json', 'ignore', []],
    ['sts.AssumeRole.16.json', 'reject', []],
    ['signin.ConsoleLogin.1.json', 'ignore', []],
  ] as const)('%s: %s', async (file, action, ids) => {
    const [e] = (await explain(path.join(SAMPLES_DIR, file))).events;
    expect(e.action).toBe(action);
    expect(e.resources.map((r) => r.id)).toEqual(ids);
  });

  test('an STS event shows the session it would record, with inherited and new tags', async () => {
    const [e] = (await explain(path.join(SAMPLES_DIR, 'sts.AssumeRole.3.json'))).events;
    expect(e).toMatchObject({ action: 'record-session', account: '111111111111', eventName: 'AssumeRole' });
    expect(e.session).toMatchObject({
      accessKeyId: SESSION_KEY,
      sessionArn: SESSION_ARN,
      sessionName: 'Role2WithTags',
      tags: { Department: 'Engineering', Email: 'johndoe@example.com', CostCenter: '12345' },
    });
    expect(JSON.stringify(e)).not.toContain('EXAMPLETOKEN');
  });

  test('a raw record without an account is rejected, and with --account the output says the account was assumed', async () => {
    const file = path.join(SAMPLES_DIR, 'ec2.CreateKeyPair.1.json');
    expect((await explain(file)).events[0]).toMatchObject({
      action: 'reject',
      reason: expect.stringContaining('recipientAccountId'),
    });
    // With the account supplied the event gets as far as the registry, which needs the key pair id newer events log.
    expect((await explain('--account', '123456789012', file)).events[0]).toMatchObject({
      action: 'reject',
      account: '123456789012',
      accountAssumed: true,
      reason: expect.stringContaining('responseElements.keyPairId'),
    });
  });
});

describe('tagwarden explain: inputs', () => {
  test('a whole CloudTrail log file of mixed events', async () => {
    for (const log of loadLogFiles()) {
      const records = (log.event as { Records?: unknown[] }).Records ?? [];
      const report = await explain('--account', '000000000000', path.join(SAMPLES_DIR, log.file));
      expect(report.events).toHaveLength(records.length);
      expect(report.events.map((e) => e.index)).toEqual(records.map((_, i) => i));
    }
    const big = loadLogFiles().find((l) => l.file.includes('grycap.sample-cloudtrail-event'));
    const report = await explain(path.join(SAMPLES_DIR, big!.file));
    const byAction = report.events.reduce<Record<string, number>>(
      (n, e) => ({ ...n, [e.action]: (n[e.action] ?? 0) + 1 }),
      {},
    );
    expect(report.events).toHaveLength(142);
    // The log is mostly read-only calls: they have no rule and are ignored, never rejected as malformed.
    expect(byAction.ignore).toBeGreaterThan(100);
  });

  test('an STS event then a create event of that session: the create event gets the session tags', async () => {
    const file = writeJson('chain.json', { Records: [stsEvent, bucketCreatedInSession('chained-bucket')] });
    const [session, create] = (await explain(file)).events;
    expect(session.action).toBe('record-session');
    expect(create).toMatchObject({
      action: 'tag',
      principal: { type: 'assumed-role', arn: SESSION_ARN, sessionKey: SESSION_KEY },
    });
    expect(create.tags).toEqual({
      Owner: SESSION_ARN,
      Department: 'Engineering',
      Email: 'johndoe@example.com',
      CostCenter: '12345',
    });
    expect(create.tagSources).toMatchObject({ Owner: 'owner', Department: 'session', CostCenter: 'session' });
  });

  test('gzip-compressed log files and standard input', async () => {
    const file = path.join(dir, 'log.json.gz');
    writeFileSync(file, gzipSync(JSON.stringify({ Records: [stsEvent, bucketCreatedInSession('gz-bucket')] })));
    expect((await explain(file)).events.map((e) => e.action)).toEqual(['record-session', 'tag']);
    expect(readEvents('-', () => Buffer.from(JSON.stringify([stsEvent, stsEvent])))).toHaveLength(2);
  });

  test('--principal-tags and --sessions: session tags win over IAM tags, protected and excluded keys are skipped with a reason', async () => {
    const principalTags = writeJson('principal-tags.json', {
      'arn:aws:iam::111111111111:role/JohnRole2': {
        team: 'iam-team',
        CostCenter: '999',
        'SCP-exempt-access-keys': 'true',
        'temp-x': '1',
      },
    });
    const sessions = writeJson('sessions.json', [
      { accessKeyId: SESSION_KEY, account: '111111111111', tags: { CostCenter: '12345', 'aws:reserved': 'x' } },
    ]);
    const create = writeJson('create.json', bucketCreatedInSession('tagged-bucket'));
    const [e] = (await explain('--principal-tags', principalTags, '--sessions', sessions, create)).events;
    expect(e.tags).toEqual({ Owner: SESSION_ARN, CostCenter: '12345', team: 'iam-team' });
    expect(e.tagSources).toEqual({ Owner: 'owner', CostCenter: 'session', team: 'iam' });
    const skipped = Object.fromEntries(e.skipped.map((s) => [s.key, s.reason]));
    expect(skipped).toMatchObject({
      'SCP-exempt-access-keys': 'protected-prefix',
      'aws:reserved': 'reserved-prefix',
      'temp-x': 'excluded',
      CostCenter: 'overridden',
    });
  });

  test('the text output names the action, the resources, the tags and their sources', async () => {
    const sessions = writeJson('sessions-text.json', [
      { accessKeyId: SESSION_KEY, account: '111111111111', tags: { team: 'blue' } },
    ]);
    const run = await runTagwarden(
      [
        '--config',
        config,
        'explain',
        '--sessions',
        sessions,
        writeJson('text.json', bucketCreatedInSession('text-bucket')),
      ],
      [registerExplain],
    );
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    expect(lines[0]).toBe('#0 s3.amazonaws.com CreateBucket in 111111111111 us-east-2: TAG');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  resource: s3 bucket text-bucket  arn:aws:s3:::text-bucket',
        '  tag: team=blue  [session]',
        `  tag: Owner=${SESSION_ARN}  [owner]`,
      ]),
    );
  });

  test.each([
    ['a missing file', ['/nonexistent/events.json'], /cannot read \/nonexistent\/events.json/],
    ['a file that is not JSON', [writeJson('bad.json', 'x').replace(/$/, '')], undefined],
    ['a bad --account', ['--account', '12', 'x.json'], /--account must be a 12-digit account id, received "12"/],
    ['--session-table without --live', ['--session-table', 't', 'x.json'], /needs --live/],
    [
      'a --sessions file of the wrong shape',
      ['--sessions', writeJson('s.json', { a: 1 }), path.join(SAMPLES_DIR, 'sts.AssumeRole.3.json')],
      /expected a list of session records/,
    ],
  ])('%s: one line and exit code 2', async (_name, args, message) => {
    if (args[0].endsWith('bad.json')) writeFileSync(args[0], '{ not json');
    const run = await runTagwarden(['--config', config, 'explain', ...args], [registerExplain]);
    expect(run.code).toBe(2);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    if (message) expect(run.err).toMatch(message);
    expect(run.out).toBe('');
  });
});

describe('tagwarden explain: whether the tagger would wait for a session record', () => {
  const lambdaTrust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };

  test('with a trust policy in --principal-tags: a role that cannot carry session tags is not waited for', async () => {
    const principalTags = writeJson('trust-service.json', {
      'arn:aws:iam::111111111111:role/JohnRole2': { tags: { team: 'fn' }, trustPolicy: lambdaTrust },
    });
    const create = writeJson('c1.json', bucketCreatedInSession('b1'));
    const [e] = (await explain('--principal-tags', principalTags, create)).events;
    expect(e.action).toBe('tag');
    expect(e.tags.team).toBe('fn');
    const why = 'no statement of its trust policy allows sts:TagSession';
    expect(e.sessionWait).toEqual({ waits: false, reason: expect.stringContaining(why) });
    // No session tags are possible, so none are reported missing.
    expect(e.warnings).toEqual([]);
  });

  test('a URL-encoded trust policy that allows sts:TagSession: the tagger waits, and says which statement allows it', async () => {
    const trust = {
      Statement: [{ Sid: 'People', Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:*' }],
    };
    const principalTags = writeJson('trust-people.json', {
      'arn:aws:iam::111111111111:role/JohnRole2': { tags: {}, trustPolicy: encodeURIComponent(JSON.stringify(trust)) },
    });
    const create = writeJson('c2.json', bucketCreatedInSession('b2'));
    const [e] = (await explain('--principal-tags', principalTags, create)).events;
    expect(e.sessionWait).toEqual({
      waits: true,
      reason: expect.stringContaining('statement 0 (People): Action sts:*'),
    });
  });

  test('without the trust policy the output says it assumed "may carry tags", in JSON and in text', async () => {
    const plain = writeJson('tags-only.json', { 'arn:aws:iam::111111111111:role/JohnRole2': { team: 'x' } });
    const create = writeJson('c3.json', bucketCreatedInSession('b3'));
    const [withTags] = (await explain('--principal-tags', plain, create)).events;
    expect(withTags.sessionWait).toEqual({ waits: true, reason: expect.stringContaining('"may carry tags"') });
    const [bare] = (await explain(create)).events;
    expect(bare.sessionWait).toEqual({ waits: true, reason: expect.stringContaining('"may carry tags"') });
    const run = await runTagwarden(['--config', config, 'explain', create], [registerExplain]);
    expect(run.out).toMatch(/ {2}session wait: waits \(role JohnRole2: it was not read .*"may carry tags"\)/);
  });

  test.each([
    [
      'a user with a trust policy',
      { 'arn:aws:iam::111111111111:user/bob': { tags: {}, trustPolicy: lambdaTrust } },
      /only a role/,
    ],
    [
      'an unknown field',
      { 'arn:aws:iam::111111111111:role/R': { tags: {}, trustPolicy: lambdaTrust, x: 1 } },
      /unknown field\(s\) x/,
    ],
    [
      'a trust policy that is not one',
      { 'arn:aws:iam::111111111111:role/R': { tags: {}, trustPolicy: 'nope' } },
      /trustPolicy is not a policy/,
    ],
  ])('%s in --principal-tags is a clear error', async (_name, content, message) => {
    const file = writeJson(`bad-${_name.replace(/\W+/g, '-')}.json`, content);
    const args = [
      '--config',
      config,
      'explain',
      '--principal-tags',
      file,
      path.join(SAMPLES_DIR, 'sts.AssumeRole.3.json'),
    ];
    const run = await runTagwarden(args, [registerExplain]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
  });
});
