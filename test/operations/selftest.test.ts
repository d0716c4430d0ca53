import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DeleteParameterCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { selftestCommand } from '../../lib/cli/selftest';
import { runTagwarden, writeTestConfig } from '../support/cli';
import { installCentral, OUTPUTS } from '../support/central';

const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);
const ssm = mockClient(SSMClient);
const dynamo = mockClient(DynamoDBClient);
const logs = mockClient(CloudWatchLogsClient);
const sqs = mockClient(SQSClient);
const ALL = [sts, cfn, ssm, dynamo, logs, sqs];

const ACCOUNT = '333333333333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/Developer`;
const OPERATOR = 'arn:aws:iam::222222222222:role/tagwarden-operator';
const NAME = '/tagwarden-selftest/run1';
const ARN = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter${NAME}`;

let clock = 0;
let interrupt: (() => void) | undefined;
let interruptAfterSleeps = Infinity;
const registrar = selftestCommand({
  now: () => clock,
  sleep: async (ms) => {
    clock += ms;
    if (--interruptAfterSleeps === 0) interrupt?.();
  },
  onInterrupt: (h) => {
    interrupt = h;
    return () => (interrupt = undefined);
  },
  runId: () => 'run1',
});
const selftestConfig = () => writeTestConfig({ adminPrincipals: ['arn:aws:iam::111111111111:role/OrgAdmin'] });
const run = (...args: string[]) =>
  runTagwarden(['--config', selftestConfig(), 'selftest', '--account', ACCOUNT, ...args], [registrar]);
const tagged = (tags: Record<string, string>) => ({
  TagList: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
});

beforeEach(() => {
  for (const m of ALL) m.reset();
  clock = Date.parse('2026-12-01T12:00:00Z');
  interruptAfterSleeps = Infinity;
  installCentral(sts, cfn);
  sts.on(AssumeRoleCommand, { RoleArn: ROLE }).resolves({
    Credentials: {
      AccessKeyId: 'ASIASELFTEST',
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: new Date('2030-01-01T00:00:00Z'),
    },
  });
  ssm.on(PutParameterCommand).resolves({ Version: 1 });
  ssm.on(DeleteParameterCommand).resolves({});
  ssm
    .on(ListTagsForResourceCommand)
    .resolvesOnce(tagged({}))
    .resolves(tagged({ Owner: `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/s`, team: 'red' }));
  dynamo
    .on(GetItemCommand)
    .resolves({ Item: { accessKeyId: { S: 'ASIASELFTEST' }, tags: { M: { team: { S: 'red' } } } } });
  logs.on(StartQueryCommand).resolves({ queryId: 'q' });
  logs.on(GetQueryResultsCommand).resolves({
    status: 'Complete',
    results: [
      [
        { field: '@timestamp', value: '2026-12-01 12:00:07.000' },
        {
          field: '@message',
          value: JSON.stringify({
            message: 'tagged',
            eventId: 'e-1',
            resources: [{ arn: ARN, status: 'written', written: { team: 'red' } }],
          }),
        },
      ],
    ],
  });
  sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
});

describe('tagwarden selftest', () => {
  it('without --apply prints the plan and calls nothing', async () => {
    const r = await run('--role', ROLE, '--session-tag', 'team=red');
    expect(r.code).toBe(0);
    expect(r.out).toContain('dry run: nothing was called');
    expect(r.out).toContain(`3. create: ssm:PutParameter ${NAME} (String, standard tier: free)`);
    expect(r.out).toContain('its trust policy must allow sts:TagSession');
    expect(r.out).toContain(`7. cleanup: ssm:DeleteParameter ${NAME}, always`);
    for (const m of ALL) expect(m.calls()).toHaveLength(0);
  });

  it('creates the parameter as the role with the session tag, waits for the tags, reports each stage, and deletes it', async () => {
    const r = await run('--role', ROLE, '--session-tag', 'team=red', '--apply');
    expect(r.err).toContain('waiting for tags: 0/180 s');
    expect(r.code).toBe(0);
    const assumes = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(assumes.map((a) => a.RoleArn)).toEqual([OPERATOR, ROLE]);
    expect(assumes[1]).toMatchObject({ Tags: [{ Key: 'team', Value: 'red' }], DurationSeconds: 900 });
    expect(ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input)).toEqual([
      { Name: NAME, Value: 'tagwarden selftest: deleted when the test ends', Type: 'String', Tier: 'Standard' },
    ]);
    const putClient = ssm.commandCalls(PutParameterCommand)[0].thisValue as SSMClient;
    expect(await putClient.config.region()).toBe('eu-west-1');
    expect((await putClient.config.credentials()).accessKeyId).toBe('ASIASELFTEST');
    expect(ssm.commandCalls(ListTagsForResourceCommand)).toHaveLength(2);
    expect(dynamo.commandCalls(GetItemCommand)[0].args[0].input).toEqual({
      TableName: OUTPUTS.sessionTableName,
      Key: { accessKeyId: { S: 'ASIASELFTEST' } },
    });
    expect(logs.commandCalls(StartQueryCommand)[0].args[0].input.queryString).toContain(
      `filter @message like "${ARN}"`,
    );
    expect(ssm.commandCalls(DeleteParameterCommand).map((c) => c.args[0].input)).toEqual([{ Name: NAME }]);
    expect(r.out).toMatch(/\[ +0\.0 s\] ok {4}central: operator access/);
    expect(r.out).toMatch(
      /\[ +5\.0 s\] ok {4}tags: Owner=arn:aws:sts::333333333333:assumed-role\/Developer\/s, team=red/,
    );
    expect(r.out).toMatch(/ok {4}session record: ASIASELFTEST recorded with team=red/);
    expect(r.out).toMatch(/ok {4}outcome: tagged \(log line at 2026-12-01 12:00:07.000\)/);
    expect(r.out).toMatch(/ok {4}cleanup: deleted \/tagwarden-selftest\/run1\nselftest passed\n$/);
  });

  it('fails at the tags stage when they never come, names the likely causes, and still deletes the parameter', async () => {
    ssm.on(ListTagsForResourceCommand).resolves(tagged({}));
    logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
    const r = await run('--role', ROLE, '--timeout', '30', '--apply');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/FAIL {2}tags: missing Owner after 30 s; has no tags/);
    expect(r.err).toContain(
      'selftest failed at stage tags: the parameter was not tagged within 30 s (no log line and no DLQ message)',
    );
    expect(r.err).toContain('the forwarder rule tagwarden-forward is missing or disabled in 333333333333 eu-west-1');
    expect(r.err).toContain('CloudTrail is not logging management events');
    expect(r.err).toContain('tagwarden dlq list');
    expect(ssm.commandCalls(DeleteParameterCommand)).toHaveLength(1);
  });

  it('fails once at the session record stage when the session tags came but their record is missing', async () => {
    dynamo.on(GetItemCommand).resolves({});
    const r = await run('--role', ROLE, '--session-tag', 'team=red', '--apply');
    expect(r.code).toBe(3);
    expect(r.out.match(/FAIL {2}session record: none for ASIASELFTEST/g)).toHaveLength(1);
    // The outcome is still reported before the run ends, and the parameter is deleted.
    expect(r.out).toMatch(/ok {4}outcome: tagged/);
    expect(r.err).toContain('selftest failed at stage session record: none for ASIASELFTEST');
    expect(r.err).toContain('tagwarden dlq list --queue session');
    expect(ssm.commandCalls(DeleteParameterCommand)).toHaveLength(1);
  });

  it('without session tags, a missing record is skipped and the run passes', async () => {
    dynamo.on(GetItemCommand).resolves({});
    ssm.on(ListTagsForResourceCommand).resolves(tagged({ Owner: `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/s` }));
    const r = await run('--role', ROLE, '--apply');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/skip {2}session record: none for ASIASELFTEST/);
  });

  describe('--json', () => {
    const runJson = async (...args: string[]) => {
      const config = selftestConfig();
      const r = await runTagwarden(
        ['--config', config, '--json', 'selftest', '--account', ACCOUNT, '--role', ROLE, ...args],
        [registrar],
      );
      return { ...r, config, body: JSON.parse(r.out) };
    };
    const plan = {
      account: ACCOUNT,
      region: 'eu-west-1',
      role: ROLE,
      sessionTags: { team: 'red' },
      timeoutSeconds: 180,
      parameterName: NAME,
      parameterArn: ARN,
    };

    it('without --apply prints the plan as one versioned object naming its config, and calls nothing', async () => {
      const { code, config, body } = await runJson('--session-tag', 'team=red');
      expect(code).toBe(0);
      expect(body).toEqual({ version: 1, config, applied: false, plan });
      expect(Object.keys(body).slice(0, 2)).toEqual(['version', 'config']);
      for (const m of ALL) expect(m.calls()).toHaveLength(0);
    });

    it('with --apply prints the stages on stderr as they happen, and one result on stdout', async () => {
      const { code, config, body, err } = await runJson('--session-tag', 'team=red', '--apply');
      expect(code).toBe(0);
      expect(err).toMatch(/ok {4}cleanup: deleted \/tagwarden-selftest\/run1\nselftest passed\n$/);
      expect(body).toMatchObject({ version: 1, config, applied: true, plan, passed: true, interrupted: false });
      expect(body.failedStage).toBeNull();
      expect(body.stages.map((s: { stage: string; result: string }) => [s.stage, s.result])).toEqual([
        ['central', 'ok'],
        ['actor', 'ok'],
        ['create', 'ok'],
        ['tags', 'ok'],
        ['session record', 'ok'],
        ['outcome', 'ok'],
        ['cleanup', 'ok'],
      ]);
      expect(body.stages[3]).toEqual({
        stage: 'tags',
        result: 'ok',
        seconds: 5,
        detail: `Owner=arn:aws:sts::${ACCOUNT}:assumed-role/Developer/s, team=red`,
      });
    });

    it('names the failed stage in the result, which stays the one document on stdout, and exits 3', async () => {
      ssm.on(ListTagsForResourceCommand).resolves(tagged({}));
      logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
      const { code, body, err } = await runJson('--timeout', '30', '--apply');
      expect(code).toBe(3);
      expect(body).toMatchObject({ version: 1, passed: false, interrupted: false, failedStage: 'tags' });
      expect(body.stages.find((s: { stage: string }) => s.stage === 'tags').result).toBe('fail');
      expect(err).toContain('selftest failed at stage tags');
      expect(ssm.commandCalls(DeleteParameterCommand)).toHaveLength(1);
    });

    it('on Ctrl-C prints the result, marked interrupted, after deleting the parameter, and exits 130', async () => {
      ssm.on(ListTagsForResourceCommand).resolves(tagged({}));
      interruptAfterSleeps = 2;
      const { code, body } = await runJson('--apply');
      expect(code).toBe(130);
      expect(body).toMatchObject({ version: 1, passed: false, interrupted: true, failedStage: null });
      expect(body.stages.at(-1)).toMatchObject({ stage: 'cleanup', result: 'ok' });
      expect(ssm.commandCalls(DeleteParameterCommand)).toHaveLength(1);
    });
  });

  it('says the trust policy lacks sts:TagSession when the role may be assumed only without tags, and creates nothing', async () => {
    sts.on(AssumeRoleCommand, { RoleArn: ROLE }).callsFake(async (input: { Tags?: unknown[] }) => {
      if (input.Tags)
        throw Object.assign(new Error('not authorized to perform: sts:TagSession'), { name: 'AccessDenied' });
      return { Credentials: { AccessKeyId: 'ASIAX', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date() } };
    });
    const r = await run('--role', ROLE, '--session-tag', 'team=red', '--apply');
    expect(r.code).toBe(4);
    expect(r.err).toContain(
      'selftest failed at stage actor: arn:aws:iam::333333333333:role/Developer may be assumed, but not with session tags',
    );
    expect(r.err).toContain('must allow sts:TagSession for you (the default OrganizationAccountAccessRole does not)');
    expect(ssm.calls()).toHaveLength(0);
  });

  it('deletes what it created on Ctrl-C and exits 130', async () => {
    ssm.on(ListTagsForResourceCommand).resolves(tagged({}));
    interruptAfterSleeps = 2;
    const r = await run('--role', ROLE, '--apply');
    expect(r.code).toBe(130);
    expect(r.err).toContain('interrupted: cleaning up');
    expect(ssm.commandCalls(ListTagsForResourceCommand)).toHaveLength(2);
    expect(ssm.commandCalls(DeleteParameterCommand)).toHaveLength(1);
    expect(logs.calls()).toHaveLength(0);
  });

  it('acts as the caller only in its own account', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/alice' });
    const r = await run('--apply');
    expect(r.code).toBe(4);
    expect(r.err).toContain(
      'selftest failed at stage actor: you are arn:aws:iam::111111111111:user/alice in account 111111111111, not in 333333333333',
    );
    expect(r.err).toContain(`pass --role arn:aws:iam::${ACCOUNT}:role/NAME`);
    expect(ssm.calls()).toHaveLength(0);
  });

  it('reports a failed create and has nothing to delete', async () => {
    ssm.on(PutParameterCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: ssm:PutParameter'), {
        name: 'AccessDeniedException',
      }),
    );
    const r = await run('--role', ROLE, '--apply');
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/FAIL {2}create: AccessDeniedException: User is not authorized/);
    expect(ssm.commandCalls(DeleteParameterCommand)).toHaveLength(0);
  });

  it.each([
    [
      ['--role', `arn:aws:iam::${ACCOUNT}:role/tagger`],
      'is a tagwarden role: selftest must act as an ordinary creator, never as the tagger',
    ],
    [['--role', `arn:aws:iam::${ACCOUNT}:role/TAGGER`], 'is a tagwarden role'],
    [
      ['--role', 'arn:aws:iam::444444444444:role/Developer'],
      'is in account 444444444444, not in --account 333333333333',
    ],
    [['--session-tag', 'team=red'], '--session-tag needs --role'],
    [['--role', ROLE, '--session-tag', 'SCP-team=red'], 'may be passed only by the tagger role'],
    [['--region', 'ap-south-1'], 'region ap-south-1 is not in governedRegions'],
    [['--timeout', 'soon'], '--timeout must be a whole number of seconds'],
  ])('refuses %j before calling AWS', async (args, message) => {
    const r = await run(...args, '--apply');
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    for (const m of ALL) expect(m.calls()).toHaveLength(0);
  });
});
