import { registrarsFor } from '../lib/cli/lazy-commands';
import { runCli } from '../lib/cli/run';

// The SDK warns on every run under Node 20 that its releases from January 2027 need Node 22 (README, prerequisites).
// This is the SDK's own switch for exactly that warning; every other warning still prints.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const argv = process.argv.slice(2);
void runCli(argv, registrarsFor(argv)).then((code) => {
  process.exitCode = code;
});
