import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { allCommands } from '../../lib/cli/lazy-commands';

const COMMANDS = allCommands();
import { buildProgram } from '../../lib/cli/program';

const CLI_DOC = path.join(__dirname, '..', '..', 'docs', 'cli.md');

/** Every runnable command of the CLI as typed after `tagwarden`, with the long form of each of its options. */
function leaves(command: Command, prefix: string[] = []): { name: string; options: string[] }[] {
  return command.commands.flatMap((c) => {
    const words = [...prefix, c.name()];
    if (c.commands.length > 0) return leaves(c, words);
    return [{ name: words.join(' '), options: c.options.map((o) => o.long ?? o.flags) }];
  });
}

describe('docs/cli.md covers the CLI as built', () => {
  const doc = readFileSync(CLI_DOC, 'utf8');
  const program = buildProgram(COMMANDS);

  test('the CLI has the commands this test expects to find (it reads the real program)', () => {
    expect(leaves(program).map((c) => c.name)).toEqual(expect.arrayContaining(['policies export', 'explain', 'lint']));
  });

  test.each(leaves(program).map((c) => [c.name, c.options] as const))(
    '`%s` and each of its options are documented',
    (name, options) => {
      expect(doc).toContain(`npx tagwarden ${name}`);
      for (const option of options) expect(doc).toContain(option);
    },
  );

  test('the global options are documented', () => {
    for (const option of program.options)
      expect(doc).toContain(`\`${option.flags.replace(/<(\w+)>/, (_, v: string) => v.toUpperCase())}\``);
  });
});
