import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { addSecurityChecks } from '../lib/stacks/app';
import { exampleConfig, largeConfig, synthApp } from './support/cdk-app';

const findings = (app: App) => {
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} at ${r.resourceLogicalId ?? r.templatePath}`),
  );
};

function allConstructs(root: IConstruct): IConstruct[] {
  return [root, ...root.node.children.flatMap(allConstructs)];
}

describe('cdk-nag AwsSolutions over the whole app', () => {
  // One full synthesis as `cdk synth` runs it: bundling, the built-in CloudFormation validation and cdk-nag.
  const example = synthApp(exampleConfig(), { bundle: true, validate: true, beforeSynth: addSecurityChecks });

  it('synthesizes with no unacknowledged finding, StackSet templates included', () => {
    expect(findings(example.app)).toEqual([]);
  });

  it('has no finding for a large organization either', () => {
    expect(findings(synthApp(largeConfig()).app)).toEqual([]);
  });

  it('reports a finding inside a StackSet template', () => {
    const { app, stacks } = synthApp(exampleConfig());
    new sqs.Queue(stacks.management.forwarderTemplate, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(findings(app).filter((f) => f.startsWith('AwsSolutions-SQS'))).not.toEqual([]);
  });

  it('acknowledges findings one construct at a time, never a stack, each with a reason', () => {
    const acknowledged = allConstructs(example.app).flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
            construct: c,
            id: id.replace(/^annotation::/i, ''),
            reason,
          })),
        ),
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const a of acknowledged) {
      expect(a.id).toMatch(/^AwsSolutions-[A-Z0-9]+(\[.+\])?$/);
      expect(Stack.isStack(a.construct) || a.construct === example.app).toBe(false);
      expect(a.reason.length).toBeGreaterThan(80);
    }
  });

  it('bundles each function minified, with a source map', () => {
    const dir = example.assembly.directory;
    const assets = readdirSync(dir).filter((f) => f.startsWith('asset.') && existsSync(path.join(dir, f, 'index.js')));
    expect(assets).toHaveLength(2);
    for (const a of assets) {
      expect(existsSync(path.join(dir, a, 'index.js.map'))).toBe(true);
      const code = readFileSync(path.join(dir, a, 'index.js'), 'utf8');
      // Minified: a few very long lines (template literals keep their own line breaks), no indented source.
      expect(code.length / code.split('\n').length).toBeGreaterThan(2000);
    }
  });
});
