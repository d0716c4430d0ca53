import { registerConfig } from '../lib/cli/config-command';
import { registerEnrollment } from '../lib/cli/enrollment';
import { registerGrant } from '../lib/cli/grant';
import { registerListTags } from '../lib/cli/list-tags';
import { registerPolicies } from '../lib/cli/policies';
import { runCli } from '../lib/cli/run';

/** Every command of the CLI, in the order `--help` lists them. */
const commands = [registerPolicies, registerEnrollment, registerGrant, registerListTags, registerConfig];

runCli(process.argv.slice(2), commands).then((code) => {
  process.exitCode = code;
});
