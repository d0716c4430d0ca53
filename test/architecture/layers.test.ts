import { importsOf, layerViolations, libCycles } from './import-graph';

const edges = importsOf(['lambda', 'lib', 'bin']);

describe('the layers (docs/architecture.md)', () => {
  test('the scan sees the imports it judges', () => {
    expect(edges).toContainEqual({ from: 'lambda/engine/tag-event.ts', to: 'lambda/engine/ports.ts' });
    expect(edges).toContainEqual({ from: 'lambda/tagger/index.ts', to: 'lambda/aws/session-reader.ts' });
    expect(edges.length).toBeGreaterThan(500);
  });

  test('every import points down: core <- engine ports <- engine, adapters <- handlers; nothing in lambda/ imports lib/', () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  test('a violation is reported, naming the import and the rule', () => {
    const bad = [
      { from: 'lambda/core/x.ts', to: 'lambda/aws/clients.ts' },
      { from: 'lambda/engine/tag-event.ts', to: '@aws-sdk/client-s3' },
      { from: 'lambda/aws/writers/ec2.ts', to: 'lambda/engine/tag-event.ts' },
      { from: 'lambda/tagger/index.ts', to: 'lambda/session-recorder/index.ts' },
      { from: 'lambda/aws/clients.ts', to: 'lib/names.ts' },
      { from: 'lib/explain/explain.ts', to: 'lambda/tagger/handler.ts' },
      { from: 'lib/cli/run.ts', to: 'test/support/cli.ts' },
    ];
    const found = layerViolations(bad);
    expect(found).toHaveLength(bad.length);
    expect(found[0]).toBe('lambda/core/x.ts -> lambda/aws/clients.ts: lambda/core may import only lambda/core');
    expect(found[1]).toMatch(/is pure: no AWS SDK/);
    expect(found[2]).toMatch(/lambda\/aws may import only lambda\/core, lambda\/engine\/ports, lambda\/aws$/);
  });

  test('lib/ folders import each other without circles', () => {
    expect(libCycles(edges)).toEqual([]);
  });

  test('a circle is found however long it is', () => {
    const ring = [
      { from: 'lib/a/x.ts', to: 'lib/b/y.ts' },
      { from: 'lib/b/y.ts', to: 'lib/c/z.ts' },
      { from: 'lib/c/z.ts', to: 'lib/a/w.ts' },
      { from: 'lib/d/v.ts', to: 'lib/a/x.ts' },
    ];
    expect(libCycles(ring)).toEqual([['lib/a', 'lib/b', 'lib/c']]);
  });
});
