import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../../lambda/core/registry';
import { SAMPLES_DIR } from '../../support/samples';

/*
 * Every registry rule is tested against an event it can be trusted on: a real sample whose source publishes a licence,
 * or a documented-shape event. A real sample from a source with no licence is kept (a factual record of an AWS
 * response, see test/fixtures/cloudtrail/README.md) but never the only evidence for a rule.
 */

const SHAPES_DIR = path.resolve(SAMPLES_DIR, '..', 'documented-shapes');
const FOLDERS = ['', 'lenient', 'records-wrapped'];

interface SourceRow {
  file: string;
  licence: string;
}

function sources(folder: string): SourceRow[] {
  const [header, ...rows] = readFileSync(path.join(SAMPLES_DIR, folder, 'SOURCES.tsv'), 'utf8')
    .trimEnd()
    .split('\n');
  const columns = header.split('\t');
  const at = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`${folder || '.'}/SOURCES.tsv has no ${name} column`);
    return i;
  };
  return rows.map((row) => {
    const cells = row.split('\t');
    return { file: path.join(folder, cells[at('file')]), licence: cells[at('licence')] };
  });
}

const jsonFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json'));
const callOf = (event: unknown): string => {
  const e = event as {
    detail?: { eventSource?: string; eventName?: string };
    eventSource?: string;
    eventName?: string;
  };
  const record = e.detail ?? e;
  return `${record.eventSource} ${record.eventName}`;
};

describe('CloudTrail sample provenance', () => {
  const rows = FOLDERS.flatMap(sources);

  it.each(FOLDERS.map((f) => [f || 'the top level', f]))(
    'lists every file of %s exactly once, with a licence',
    (_, folder) => {
      const listed = rows.filter((r) => path.dirname(r.file) === (folder || '.'));
      expect(listed.map((r) => r.file).sort()).toEqual(
        jsonFiles(path.join(SAMPLES_DIR, folder))
          .map((f) => path.join(folder, f))
          .sort(),
      );
      for (const r of listed) expect(r.licence).toMatch(/^(Apache-2\.0|MIT|MIT-0|CC-BY-SA-4\.0|Elastic-2\.0|none)\b/);
    },
  );

  it('has a licensed real sample or a documented-shape event for every registry rule', () => {
    const licensed = new Set(
      rows
        .filter((r) => r.licence !== 'none' && !r.file.startsWith('records-wrapped'))
        .map((r) => callOf(JSON.parse(readFileSync(path.join(SAMPLES_DIR, r.file), 'utf8')))),
    );
    const documented = new Set(
      jsonFiles(SHAPES_DIR).map((f) => callOf(JSON.parse(readFileSync(path.join(SHAPES_DIR, f), 'utf8')))),
    );
    const uncovered = RULES.map((r) => `${r.eventSource} ${r.eventName}`).filter(
      (call) => !licensed.has(call) && !documented.has(call),
    );
    expect(uncovered).toEqual([]);
  });
});
