import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { allCommands } from '../../lib/cli/lazy-commands';

const COMMANDS = allCommands();
import { EXIT } from '../../lib/common/cli-error';
import { notifySlowCalls, watchSlowCalls } from '../../lib/common/aws-clients';
import { Registrar } from '../../lib/cli/program';
import { PACKAGE_VERSION } from '../../lib/package-root';
import { PolicySizeError } from '../../lib/policies';
import { runTagwarden, writeTestConfig } from '../support/cli';
import { SAMPLES_DIR } from '../support/samples';

/*
 * The CLI's conventions, command by command: the exit-code contract, config resolution, JSON errors and versions,
 * and what an error may quote. Each test runs the real program in process and reads its stdout, stderr and code.
 */

const ROOT = path.join(__dirname, '..', '..');
const sample = (file: string) => path.join(SAMPLES_DIR, file);
const saved = { ...process.env };
const cwd = process.cwd();

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'tagwarden-conv-'));
}

function writeFile(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

const cli = (...argv: string[]) => runTagwarden(argv, COMMANDS);

afterEach(() => {
  process.env = { ...saved };
  process.chdir(cwd);
});

describe('config: never the example by accident', () => {
  beforeEach(() => {
    delete process.env.TAGWARDEN_CONFIG;
    process.chdir(tempDir());
  });

  test('a command that acts on the organization refuses without a config and says how to give one', async () => {
    const r = await cli('enrollment', 'status');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(
      /needs a config: pass --config PATH, set TAGWARDEN_CONFIG=PATH, or run it in a folder holding tagwarden.config.yaml/,
    );
  });

  test('an offline command runs on the built-in defaults and says so on stderr', async () => {
    const r = await cli('--json', 'explain', sample('sqs.CreateQueue.1.json'));
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/no config found: using the built-in defaults/);
    expect(JSON.parse(r.out)).toMatchObject({ version: 1, config: null });
  });

  test('./tagwarden.config.yaml is found, named on stderr and in the JSON output', async () => {
    writeFileSync(
      'tagwarden.config.yaml',
      JSON.stringify({
        organizationId: 'o-testorg1234',
        managementAccountId: '111111111111',
        centralAccountId: '222222222222',
        homeRegion: 'eu-west-1',
        governedRegions: ['us-east-1', 'eu-west-1'],
        targetOus: ['ou-root-workloads'],
      }),
    );
    const r = await cli('--json', 'config', 'validate');
    expect(r.code).toBe(0);
    expect(r.configNote).toBe('./tagwarden.config.yaml');
    expect(JSON.parse(r.out)).toMatchObject({ version: 1, config: './tagwarden.config.yaml', valid: true });
  });

  test('TAGWARDEN_CONFIG names the config', async () => {
    process.env.TAGWARDEN_CONFIG = writeTestConfig();
    const r = await cli('config', 'validate');
    expect(r.code).toBe(0);
    expect(r.configNote).toBe(process.env.TAGWARDEN_CONFIG);
  });
});

/** A policy file the linter has a finding for (a Deny on the AND of two negated conditions). */
function writeLintablePolicy(): string {
  return writeFile(
    'p.json',
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'X',
          Effect: 'Deny',
          Action: 's3:*',
          Resource: '*',
          Condition: {
            StringNotEquals: { 'aws:PrincipalTag/team': 'a' },
            StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' },
          },
        },
      ],
    }),
  );
}

describe('exit codes', () => {
  const config = writeTestConfig();
  const lintable = writeLintablePolicy();

  test.each([
    ['a missing argument', ['explain']],
    ['an unknown option', ['lint', '--no-such-flag', lintable]],
    ['lint with no files', ['lint']],
    ['lint --ignore of a rule that does not exist', ['lint', '--ignore', 'no-such-rule', lintable]],
    ['--region that is no region code', ['--region', 'bogus', 'enrollment', 'status']],
    ['explain --allow-partial without --live', ['explain', '--allow-partial', sample('sqs.CreateQueue.1.json')]],
  ])('%s is a refusal before anything is called: exit 2', async (_name, argv) => {
    const sts = mockClient(STSClient);
    const r = await cli('--config', config, ...argv);
    expect(r.code).toBe(EXIT.usage);
    expect(sts.calls()).toHaveLength(0);
    sts.restore();
  });

  test('a config whose policies cannot fit is refused with exit 2, like any bad config', async () => {
    const oversize: Registrar = (program) => {
      program.command('oversize').action(() => {
        throw new PolicySizeError(
          'SCP tagwarden-x is 6000 characters minified, 880 over the 5120-character limit: list fewer exemptions',
        );
      });
    };
    const r = await runTagwarden(['--json', 'oversize'], [oversize]);
    expect(r.code).toBe(EXIT.usage);
    expect(JSON.parse(r.out)).toEqual({
      version: 1,
      config: null,
      error: { code: 'config', exitCode: 2, message: expect.stringContaining('880 over') },
    });
  });

  test('help and --version exit 0; --version prints the package version', async () => {
    const r = await cli('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(PACKAGE_VERSION);
  });

  test("every subcommand's help lists the global options", async () => {
    const r = await cli('enrollment', 'status', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /Global Options:[\s\S]*--config <path>[\s\S]*--profile <name>[\s\S]*--region <region>[\s\S]*--json/,
    );
  });

  test('--profile that does not exist is named, with exit 2', async () => {
    process.env.AWS_CONFIG_FILE = writeFile('config', '[profile real]\nregion = eu-west-1\n');
    process.env.AWS_SHARED_CREDENTIALS_FILE = writeFile('credentials', '[other]\naws_access_key_id = x\n');
    const r = await cli('--config', config, '--profile', 'nosuch', 'enrollment', 'status');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('--profile "nosuch" does not exist in the AWS config or credentials file');
    const ok = await cli('--config', config, '--profile', 'other', 'config', 'validate');
    expect(ok.code).toBe(0);
  });
});

describe('--json', () => {
  test('errors come out as one JSON object on stdout too, with a code', async () => {
    const r = await cli('--json', 'lint');
    expect(r.code).toBe(EXIT.usage);
    expect(JSON.parse(r.out)).toEqual({
      version: 1,
      config: null,
      error: { code: 'usage', exitCode: 2, message: expect.stringMatching(/name at least one policy file/) },
    });
    expect(r.err).toContain('tagwarden: lint: name at least one policy file');
  });

  test('the error of a config that does not load names that config', async () => {
    const bad = writeFile('bad.yaml', 'organizationId: nope\n');
    const r = await cli('--json', '--config', bad, 'config', 'validate');
    expect(r.code).toBe(EXIT.usage);
    expect(JSON.parse(r.out)).toMatchObject({ version: 1, config: bad, error: { code: 'config', exitCode: 2 } });
  });

  test('a usage error found by the parser is JSON too', async () => {
    const r = await cli('--json', 'explain');
    expect(r.code).toBe(EXIT.usage);
    expect(JSON.parse(r.out).error).toMatchObject({
      code: 'usage',
      exitCode: 2,
      message: expect.stringMatching(/missing required argument 'file'/),
    });
  });

  test('lint --list-rules and lint carry a version', async () => {
    const rules = JSON.parse((await cli('--json', 'lint', '--list-rules')).out);
    expect(rules.version).toBe(1);
    // The rule list reads no config.
    expect(rules.config).toBeNull();
    expect(rules.rules.length).toBeGreaterThan(10);
    const linted = JSON.parse(
      (await cli('--json', 'lint', path.join(ROOT, 'policies', 'tagwarden-protect-session-tags.json'))).out,
    );
    expect(linted).toMatchObject({ version: 1, summary: { files: 1, suppressed: 0 } });
  });
});

describe('what errors quote', () => {
  test('a 100 KB argument is quoted as a short excerpt with its length', async () => {
    const huge = '9'.repeat(100_000);
    const r = await cli('--config', writeTestConfig(), 'grant', '--account', huge, '--role', 'x', '--tag', 'scp-a=b');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('(100000 characters)');
    expect(r.err.length).toBeLessThan(400);
  });

  test('a binary config file is not echoed back', async () => {
    const binary = writeFile('config.yaml', Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256)));
    const r = await cli('--config', binary, 'config', 'validate');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err.length).toBeLessThan(2_000);
    // eslint-disable-next-line no-control-regex -- the control characters are what must not be echoed
    expect(r.err).not.toMatch(/[\u0000-\u0008]/);
  });
});

describe('explain input and output', () => {
  test('a UTF-8 byte-order mark is accepted', async () => {
    const text = '\uFEFF' + readFileSync(sample('sqs.CreateQueue.1.json'), 'utf8');
    const r = await cli('explain', writeFile('bom.json', text));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/: TAG\n/);
  });

  test('it ends with a summary line counting each action', async () => {
    const events = ['sqs.CreateQueue.1.json', 's3.CreateBucket.1.json', 'ec2.DescribeInstanceAttribute.1.json'].map(
      (f) => JSON.parse(readFileSync(sample(f), 'utf8')) as unknown,
    );
    const r = await cli('explain', writeFile('three.json', JSON.stringify(events)));
    expect(r.out.trim().split('\n').pop()).toBe('3 event(s): 2 tag, 1 ignore');
    const json = JSON.parse((await cli('--json', 'explain', writeFile('three.json', JSON.stringify(events)))).out);
    expect(json.summary).toEqual({ tag: 2, ignore: 1 });
  });

  test('an empty input says so', async () => {
    const r = await cli('explain', writeFile('empty.json', '[]'));
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^no events in .*empty\.json$/);
  });

  test('a resource whose id is its ARN prints the ARN once', async () => {
    const r = await cli('explain', sample('sqs.CreateQueue.1.json'));
    const line = r.out.split('\n').find((l) => l.trim().startsWith('resource:'))!;
    const arns = line.match(/arn:aws/g) ?? [];
    expect(arns.length).toBe(1);
  });

  test('--live exits non-zero when IAM tags could not be read, unless --allow-partial', async () => {
    const sts = mockClient(STSClient);
    const iam = mockClient(IAMClient);
    sts
      .on(AssumeRoleCommand)
      .rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }));
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
    const file = sample('sqs.CreateQueue.1.json');
    const strict = await cli('--config', writeTestConfig(), 'explain', '--live', file);
    expect(strict.code).toBe(EXIT.failed);
    expect(strict.err).toMatch(/IAM tag read\(s\) failed, so the plan above may lack tags .*pass --allow-partial/);
    const partial = await cli('--config', writeTestConfig(), 'explain', '--live', '--allow-partial', file);
    expect(partial.code).toBe(0);
    expect(partial.out).toMatch(/warning: tagged without IAM tags/);
    sts.restore();
    iam.restore();
  });
});

describe('lint --ignore', () => {
  const policy = writeLintablePolicy();

  test('--ignore RULE FILE lints FILE, counts what it suppressed, and reports an entry that matched nothing', async () => {
    const r = await cli(
      '--json',
      'lint',
      '--type',
      'scp',
      '--ignore',
      'deny-and-of-negations',
      '--ignore',
      'negated-missing-key',
      policy,
    );
    const body = JSON.parse(r.out);
    expect(body.reports).toHaveLength(1);
    expect(body.summary).toMatchObject({ files: 1, suppressed: 1 });
    expect(body.reports[0].suppressed).toEqual([
      { rule: 'deny-and-of-negations', statement: 'X', by: 'deny-and-of-negations' },
    ]);
    expect(body.unusedIgnores).toEqual(['negated-missing-key']);
    expect(r.err).toContain('--ignore negated-missing-key matched no finding');
    const text = await cli('lint', '--type', 'scp', '--ignore', 'deny-and-of-negations', policy);
    expect(text.out).toMatch(/1 suppressed by --ignore$/m);
  });
});

describe('slow calls', () => {
  test('a call still running after 3 s is reported on stderr while the SDK retries', async () => {
    jest.useFakeTimers();
    const notices: string[] = [];
    notifySlowCalls((m) => notices.push(m));
    let finish: (v: unknown) => void = () => undefined;
    const client = watchSlowCalls(
      new STSClient({
        region: 'eu-west-1',
        maxAttempts: 1,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        requestHandler: { handle: () => new Promise((resolve) => (finish = resolve)) } as never,
      }),
    );
    const call = client.send(new GetCallerIdentityCommand({})).catch(() => undefined);
    await jest.advanceTimersByTimeAsync(3_100);
    expect(notices).toEqual([
      expect.stringMatching(/^still waiting for STS GetCallerIdentity after 3 s: the AWS SDK is retrying/),
    ]);
    finish({ response: { statusCode: 500, headers: {}, body: undefined } });
    await call;
    jest.useRealTimers();
  });
});

describe('the installed entry point', () => {
  test('a network failure says the network is unreachable, and the SDK Node-version warning is not printed', () => {
    const config = writeTestConfig();
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin', 'tagwarden.js'), '--config', config, 'enrollment', 'status'],
      {
        env: {
          ...saved,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_MAX_ATTEMPTS: '1',
          // Port 9 (discard) on loopback refuses the connection at once.
          AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(EXIT.failed);
    expect(result.stderr).toMatch(/tagwarden: the network is unreachable: cannot reach .*\(ECONNREFUSED\)/);
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
  });
});
