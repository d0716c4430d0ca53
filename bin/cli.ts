import { registerConfig } from '../lib/cli/config-command';
import { registerLint } from '../lib/cli/lint';
import { runCli } from '../lib/cli/run';

/** Every command of the CLI, in the order `--help` lists them. */
const commands = [registerConfig, registerLint];

runCli(process.argv.slice(2), commands).then((code) => {
  process.exitCode = code;
});
