import { COMMANDS } from '../lib/cli/commands';
import { runCli } from '../lib/cli/run';

void runCli(process.argv.slice(2), COMMANDS).then((code) => {
  process.exitCode = code;
});
