import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { StackSetStack } from 'cdk-stacksets';
import { parse as parseYaml } from 'yaml';
import { buildApp, TagwardenStacks } from '../../lib/stacks/app';
import { EXAMPLE_CONFIG_PATH, parseConfig, TagwardenConfig } from '../../lib/config';
import { LARGE_ORG } from './large-org';

const ROOT = path.join(__dirname, '..', '..');

/** The example config, with fields replaced. */
export function exampleConfig(overrides: Record<string, unknown> = {}): TagwardenConfig {
  const raw = parseYaml(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
  return parseConfig({ ...raw, ...overrides }, 'test config');
}

export function largeConfig(): TagwardenConfig {
  return exampleConfig({ ...LARGE_ORG });
}

export interface SynthesizedApp {
  app: App;
  stacks: TagwardenStacks;
  assembly: CloudAssembly;
  template: (stack: Stack) => Template;
}

export interface SynthOptions {
  /** Bundle the functions with esbuild, as `cdk synth` does. */
  bundle?: boolean;
  /** Run the built-in CloudFormation validation, as `cdk synth` does. */
  validate?: boolean;
  beforeSynth?: (app: App) => void;
}

export function cdkJsonFlags(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context as Record<string, unknown>;
}

/**
 * Builds and synthesizes the whole app once, with the feature flags of cdk.json. Lambda bundling and the built-in
 * CloudFormation validation are skipped unless asked for: the templates do not depend on them, and they are slow.
 */
export function synthApp(config: TagwardenConfig, options: SynthOptions = {}): SynthesizedApp {
  const app = new App({
    context: { ...cdkJsonFlags(), ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
    builtinCloudFormationValidation: options.validate ?? false,
  });
  const stacks = buildApp(app, config);
  options.beforeSynth?.(app);
  const assembly = app.synth();
  const templates = new Map<Stack, Template>();
  const template = (stack: Stack) => {
    if (!templates.has(stack)) {
      const json =
        stack instanceof StackSetStack
          ? JSON.parse(readFileSync(path.join(assembly.directory, stack.templateFile), 'utf8'))
          : assembly.getStackArtifact(stack.artifactId).template;
      templates.set(stack, Template.fromJSON(json));
    }
    return templates.get(stack)!;
  };
  return { app, stacks, assembly, template };
}
