import { readFileSync } from 'node:fs';
import { coverage } from '../../lambda/core/registry/coverage';
import {
  COUNT_END,
  README,
  readmeWithCount,
  SUPPORTED_RESOURCES_DOC,
  supportedResourcesDoc,
} from '../../lib/docs/supported-resources';

describe('generated docs stay in step with the resource registry (regenerate with `npm run docs`)', () => {
  const doc = readFileSync(SUPPORTED_RESOURCES_DOC, 'utf8');
  const readme = readFileSync(README, 'utf8');

  test('docs/supported-resources.md is what the generator makes from the registry', () => {
    expect(doc).toBe(supportedResourcesDoc());
  });

  test('every (event, resource type) of the registry has its row', () => {
    const rows = coverage();
    for (const row of rows)
      expect(doc).toContain(`| ${row.service} | ${row.resourceType} | ${row.eventName} | ${row.writer} |`);
    expect(doc.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| service ')).length).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(80);
  });

  test("the README's count is the registry's, and links to the table", () => {
    expect(readme).toBe(readmeWithCount(readme));
    expect(readme).toContain(`${COUNT_END}](docs/supported-resources.md)`);
  });
});
