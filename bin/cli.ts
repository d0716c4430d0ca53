import { registerConfig } from '../lib/cli/config-command';
import { registerPolicies } from '../lib/cli/policies';
import { runCli } from '../lib/cli/run';

/** Every command of the CLI, in the order `--help` lists them. */
const commands = [registerConfig, registerPolicies];

runCli(process.argv.slice(2), commands).then((code) => {
  process.exitCode = code;
});
