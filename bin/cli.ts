import { registerConfig } from '../lib/cli/config-command';
import { registerEnrollment } from '../lib/cli/enrollment';
import { registerGrant } from '../lib/cli/grant';
import { registerListTags } from '../lib/cli/list-tags';
import { runCli } from '../lib/cli/run';

/** Every command of the CLI, in the order `--help` lists them. */
const commands = [registerConfig, registerEnrollment, registerGrant, registerListTags];

runCli(process.argv.slice(2), commands).then((code) => {
  process.exitCode = code;
});
