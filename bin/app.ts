import { App } from 'aws-cdk-lib';
import { addSecurityChecks, buildApp } from '../lib/stacks/app';
import { loadConfig } from '../lib/config';

// The config path can also come from context: `cdk synth -c config=path/to/config.yaml`.
const app = new App();
const configPath = app.node.tryGetContext('config') as string | undefined;
buildApp(app, loadConfig(configPath));
addSecurityChecks(app);
app.synth();
