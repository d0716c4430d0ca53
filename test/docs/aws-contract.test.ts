import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/*
 * docs/aws-contract.md names, for every AWS behaviour tagwarden relies on, the test that encodes it. These checks
 * keep the names true as tests move and get renamed: every test file a row names exists, and every test a row quotes
 * is found in those files (a quote may elide with "…" or "...", and may name one case of a parameterised test).
 */

const ROOT = path.resolve(__dirname, '..', '..');
const HEADER = ['Behaviour tagwarden relies on', 'AWS documentation', 'Encoded by (test)'];

interface Row {
  line: number;
  behaviour: string;
  source: string;
  encodedBy: string;
}

function contractRows(): Row[] {
  const rows: Row[] = [];
  readFileSync(path.join(ROOT, 'docs', 'aws-contract.md'), 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (!text.startsWith('|')) return;
      const cells = text
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
      if (cells.join('|') === HEADER.join('|') || cells.every((c) => /^:?-+:?$/.test(c))) return;
      rows.push({ line: i + 1, behaviour: cells[0], source: cells[1], encodedBy: cells[2] });
    });
  return rows;
}

/** The test files a row names (`test/...ts`). */
const filesOf = (row: Row) => [...new Set(row.encodedBy.match(/test\/[\w./-]+\.ts/g) ?? [])];

/** The test names a row quotes, each split where it elides. */
const quotesOf = (row: Row) =>
  [...row.encodedBy.matchAll(/"([^"]+)"/g)].map((m) =>
    m[1]
      .split(/…|\.\.\./)
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );

/**
 * The string literals of a test file that hold a placeholder (`%s`, `${...}`), as patterns that match any value.
 * Read line by line: a test's title is on one line, and an apostrophe in a comment must not pair across lines.
 */
function templatesOf(text: string): RegExp[] {
  const literals = text
    .split('\n')
    .flatMap((line) => line.match(/'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*"/g) ?? []);
  return literals
    .map((l) => l.slice(1, -1))
    .filter((l) => /%[sdpji#]|\$\{/.test(l))
    .map((l) => {
      const parts = l.split(/%[sdpji#]|\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      return new RegExp(parts.join('.+'));
    });
}

const rows = contractRows();

test('the table has its rows, each naming an AWS page and what encodes it', () => {
  expect(rows.length).toBeGreaterThan(100);
  for (const row of rows) {
    expect({ line: row.line, source: row.source }).toEqual({ line: row.line, source: expect.stringMatching(/\S/) });
    // A row without a test says why: a fact no local test can reach (an account quota, an AWS-side setting).
    const reason = filesOf(row).length > 0 || /no test|not testable/i.test(row.encodedBy);
    expect({ line: row.line, encodedBy: row.encodedBy, named: reason }).toMatchObject({ named: true });
  }
});

test.each(rows.filter((r) => filesOf(r).length > 0).map((r) => [r.line, r] as const))(
  'row at line %d: its test files exist and hold the tests it quotes',
  (_line, row) => {
    const files = filesOf(row);
    for (const f of files)
      expect({ file: f, exists: existsSync(path.join(ROOT, f)) }).toEqual({ file: f, exists: true });
    const texts = files.map((f) => readFileSync(path.join(ROOT, f), 'utf8'));
    const templates = texts.flatMap(templatesOf);
    for (const segments of quotesOf(row)) {
      for (const segment of segments) {
        const found = texts.some((t) => t.includes(segment)) || templates.some((re) => re.test(segment));
        expect({ files, quoted: segment, found }).toEqual({ files, quoted: segment, found: true });
      }
    }
  },
);
