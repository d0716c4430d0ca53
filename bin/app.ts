import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../lib/app';
import { loadConfig } from '../lib/config';

// The config path can also come from context: `cdk synth -c config=path/to/config.yaml`.
const app = new App();
const configPath = app.node.tryGetContext('config') as string | undefined;
buildApp(app, loadConfig(configPath));
// cdk-nag 3 runs as a validation plugin: any unacknowledged AwsSolutions finding fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
