import { readFileSync } from 'node:fs';
import { coverage } from '../../lambda/core/registry/coverage';
import { README, readmeWithCoverage } from '../../lib/docs/readme-coverage';

describe('README supported resources', () => {
  const readme = readFileSync(README, 'utf8');

  test('the table is the registry\'s (regenerate with `npm run docs`)', () => {
    expect(readme).toBe(readmeWithCoverage(readme));
  });

  test('every resource type of the registry has a row', () => {
    for (const row of coverage()) expect(readme).toContain(`| ${row.service} | ${row.resourceType} | ${row.eventName} | ${row.writer} |`);
    expect(coverage().length).toBeGreaterThan(80);
  });
});
