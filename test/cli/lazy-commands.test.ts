import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Command } from 'commander';
import { allCommands, commandOf, registrarsFor } from '../../lib/cli/lazy-commands';
import { CommandContext } from '../../lib/cli/program';
import { runCli } from '../../lib/cli/run';
import { COMMAND_SUMMARY } from '../../lib/cli/summaries';

const ROOT = path.join(__dirname, '..', '..');

test.each([
  [['policies', 'export'], 'policies'],
  [['--config', 'policies', 'lint', 'x.json'], 'lint'],
  [['-c', 'a.yaml', '--json', 'coverage'], 'coverage'],
  [['--region', 'eu-west-1', 'help', 'dlq'], 'dlq'],
  [['--help'], undefined],
  [['--version'], undefined],
  [['no-such-command'], undefined],
])('%j names the command %s', (argv, expected) => {
  expect(commandOf(argv)).toBe(expected);
});

test('the root help lists every command with its summary, built without loading any command module', async () => {
  const out: string[] = [];
  const code = await runCli(['--help'], registrarsFor(['--help']), {
    out: (t) => out.push(t),
    err: (t) => out.push(t),
  });
  expect(code).toBe(0);
  const help = out.join('').replace(/\s+/g, ' ');
  for (const [name, summary] of Object.entries(COMMAND_SUMMARY)) expect(help).toContain(`${name} ${summary}`);
});

test('--help and --version load no AWS SDK package; running a command loads only its own', () => {
  const probe = (argv: string[]) => {
    const script =
      "const { registrarsFor } = require('./lib/cli/lazy-commands'); registrarsFor(" +
      JSON.stringify(argv) +
      ');' +
      'console.log(JSON.stringify([...new Set(Object.keys(require.cache).map((k) => (k.match(/node_modules\\/(@aws-sdk\\/client-[a-z0-9-]+)/) || [])[1]).filter(Boolean))].sort()))';
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as string[];
  };
  expect(probe(['--help'])).toEqual([]);
  expect(probe(['--version'])).toEqual([]);
  expect(probe(['lint', 'p.json'])).toEqual([]);
  expect(probe(['dlq', 'list'])).toEqual(expect.arrayContaining(['@aws-sdk/client-sqs']));
  expect(probe(['dlq', 'list'])).not.toContain('@aws-sdk/client-resource-explorer-2');
});

test("each command's own summary is the one the root help lists", () => {
  const root = new Command();
  const notLoaded = () => {
    throw new Error('not loaded');
  };
  const ctx: CommandContext = {
    globals: () => ({}),
    config: notLoaded,
    offlineConfig: notLoaded,
    configSource: () => undefined,
    output: { out: () => undefined, err: () => undefined },
  };
  for (const register of allCommands()) register(root, ctx);
  const listed = root.commands.map((c) => [c.name(), c.summary() || c.description()]);
  expect(Object.fromEntries(listed)).toEqual(COMMAND_SUMMARY);
});
