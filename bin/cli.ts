import { registerConfig } from '../lib/cli/config-command';
import { registerEnrollment } from '../lib/cli/enrollment';
import { runCli } from '../lib/cli/run';

/** Every command of the CLI, in the order `--help` lists them. */
const commands = [registerConfig, registerEnrollment];

runCli(process.argv.slice(2), commands).then((code) => {
  process.exitCode = code;
});
