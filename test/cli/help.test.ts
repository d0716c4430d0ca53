import { Command } from 'commander';
import { allCommands } from '../../lib/cli/lazy-commands';

const COMMANDS = allCommands();
import { runCli } from '../../lib/cli/run';

/** Every command and subcommand path of the real CLI, from the commander tree itself. */
function commandPaths(): string[][] {
  const root = new Command();
  const notLoaded = () => {
    throw new Error('not loaded');
  };
  const ctx = {
    globals: () => ({}),
    config: notLoaded,
    offlineConfig: notLoaded,
    configSource: () => undefined,
    output: { out: () => undefined, err: () => undefined },
  };
  for (const register of COMMANDS) register(root, ctx);
  const walk = (cmd: Command, prefix: string[]): string[][] =>
    cmd.commands.flatMap((c) => [[...prefix, c.name()], ...walk(c, [...prefix, c.name()])]);
  return walk(root, []);
}

describe('--help', () => {
  const paths = commandPaths();

  test('the CLI has every documented command', () => {
    const names = paths.map((p) => p.join(' '));
    expect(names).toEqual(
      expect.arrayContaining([
        'policies export',
        'policies attach',
        'enrollment status',
        'grant',
        'revoke',
        'list',
        'lint',
        'config validate',
        'selftest',
        'trace',
        'dlq list',
        'dlq redrive',
      ]),
    );
  });

  test.each(paths.map((p) => [p.join(' '), p] as const))(
    'tagwarden %s --help prints usage and exits 0',
    async (_name, path) => {
      const out: string[] = [];
      const code = await runCli([...path, '--help'], COMMANDS, { out: (t) => out.push(t), err: (t) => out.push(t) });
      expect(code).toBe(0);
      expect(out.join('')).toContain(`Usage: tagwarden ${path.join(' ')}`);
    },
  );
});
