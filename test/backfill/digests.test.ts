import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DigestLedger, publicKeysFromList } from '../../lib/backfill/digests';
import { FolderSource } from '../../lib/backfill/source';
import { createRecord, digestKeys, ORG, writeTrail } from '../support/trail-folder';
import { OPS } from './scenario';

const ACCOUNT = '444444444444';

function trail(unsigned: (key: string) => boolean = () => false) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-digest-'));
  const keys = digestKeys();
  const record = createRecord('sqs.CreateQueue.1.json', OPS, '2026-11-04T12:06:00Z', 'us-east-1', 1);
  const written = writeTrail(
    dir,
    [
      { account: ACCOUNT, region: 'us-east-1', delivered: '2026-11-04T12:10:00Z', records: [record] },
      { account: ACCOUNT, region: 'us-east-1', delivered: '2026-11-05T12:10:00Z', records: [record] },
    ],
    keys,
    unsigned,
  );
  return {
    dir,
    keys,
    written,
    ledger: new DigestLedger(new FolderSource(dir), publicKeysFromList(keys.listing, 'test')),
  };
}

const content = (dir: string, key: string) => gunzipSync(readFileSync(path.join(dir, key)));

describe('DigestLedger', () => {
  it('accepts a log file that a signed digest lists with its hash', async () => {
    const { dir, written, ledger } = trail();
    await ledger.prepare(ORG, ACCOUNT, 'us-east-1', '2026-11-04', '2026-11-05');
    expect(ledger.check(written.logKeys[0], content(dir, written.logKeys[0]))).toEqual({ ok: true });
    expect(ledger.problems).toEqual([]);
  });

  it('verifies a digest without its own signature through the next digest of the chain, and only so', async () => {
    const chained = trail((k) => k.includes('/2026/11/04/'));
    await chained.ledger.prepare(ORG, ACCOUNT, 'us-east-1', '2026-11-04', '2026-11-05');
    expect(chained.ledger.check(chained.written.logKeys[0], content(chained.dir, chained.written.logKeys[0]))).toEqual({
      ok: true,
    });

    // The last digest of a chain has no successor to vouch for it.
    const last = trail((k) => k.includes('/2026/11/05/'));
    await last.ledger.prepare(ORG, ACCOUNT, 'us-east-1', '2026-11-05', '2026-11-06');
    expect(last.ledger.check(last.written.logKeys[1], content(last.dir, last.written.logKeys[1]))).toEqual({
      ok: false,
      reason: 'no verified digest file lists it',
    });
    expect(last.ledger.problems).toEqual([
      { file: last.written.digestKeys[1], reason: expect.stringMatching(/signature is not available/) },
    ]);
  });

  it('refuses a digest copied away from where CloudTrail delivered it', async () => {
    const { dir, written, ledger } = trail();
    const moved = written.digestKeys[0].replace('/2026/11/04/', '/2026/11/06/').replace('20261104T', '20261106T');
    mkdirSync(path.join(dir, path.dirname(moved)), { recursive: true });
    copyFileSync(path.join(dir, written.digestKeys[0]), path.join(dir, moved));
    copyFileSync(path.join(dir, `${written.digestKeys[0]}.signature`), path.join(dir, `${moved}.signature`));
    await ledger.prepare(ORG, ACCOUNT, 'us-east-1', '2026-11-06', '2026-11-07');
    expect(ledger.problems).toEqual([
      { file: moved, reason: expect.stringMatching(/moved from where CloudTrail delivered it/) },
    ]);
  });
});
