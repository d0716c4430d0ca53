import { App } from 'aws-cdk-lib';
import { addSecurityChecks, buildApp } from '../lib/stacks/app';
import { ConfigError, loadConfig, TagwardenConfig } from '../lib/config';

// The config path can also come from context: `cdk synth -c config=path/to/config.yaml`.
const app = new App();
const configPath = app.node.tryGetContext('config') as string | undefined;

/** A bad config is the user's to fix: print its problem list once, with no stack trace, and synthesize nothing. */
function configOrExit(): TagwardenConfig | undefined {
  try {
    return loadConfig(configPath);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 2;
    return undefined;
  }
}

const config = configOrExit();
if (config) {
  buildApp(app, config);
  addSecurityChecks(app);
  app.synth();
}
