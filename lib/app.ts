import { App } from 'aws-cdk-lib';
import { TagwardenConfig } from './config';
import { CentralStack } from './stacks/central-stack';

/** Builds every tagwarden stack of the config into the app. */
export function buildApp(app: App, config: TagwardenConfig): void {
  new CentralStack(app, 'TagwardenCentral', {
    config,
    env: { account: config.centralAccountId, region: config.homeRegion },
    description: 'tagwarden central account: org event bus, session table, session recorder and tagger',
  });
}
