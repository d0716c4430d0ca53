import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { CliError } from '../../lib/common/cli-error';
import { BAD_INPUT_EXIT, readEvents } from '../../lib/explain/input';

const fromStdin = (bytes: Buffer) => () => readEvents('-', () => bytes);

describe('readEvents (property)', () => {
  test('any bytes give events or one CliError with the bad-input exit code, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          expect(Array.isArray(fromStdin(Buffer.from(bytes))())).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(CliError);
          expect((e as CliError).exitCode).toBe(BAD_INPUT_EXIT);
          expect((e as CliError).message).not.toContain('\n');
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('gzip-compressed input reads exactly like the plain input', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        const plain = Buffer.from(JSON.stringify(value));
        expect(fromStdin(gzipSync(plain))()).toEqual(fromStdin(plain)());
      }),
      { numRuns: 500 },
    );
  });

  test('a log file splits into its records, an array into its items, anything else is one event', () => {
    fc.assert(
      // What survives a JSON round trip (-0 comes back as 0) is what a file can hold.
      fc.property(
        fc
          .array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 8 })
          .map((v) => JSON.parse(JSON.stringify(v)) as unknown[]),
        (records) => {
          expect(fromStdin(Buffer.from(JSON.stringify({ Records: records })))()).toEqual(records);
          expect(fromStdin(Buffer.from(JSON.stringify(records)))()).toEqual(records);
          expect(fromStdin(Buffer.from(JSON.stringify({ one: records })))()).toEqual([{ one: records }]);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('a file is read the same way as standard input', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tagwarden-input-')), 'events.json.gz');
    writeFileSync(file, gzipSync(JSON.stringify({ Records: [{ a: 1 }, { b: 2 }] })));
    expect(readEvents(file)).toEqual([{ a: 1 }, { b: 2 }]);
  });
});
