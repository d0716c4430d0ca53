import { createHash, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { assumeRoleEvent, replayed, Session, sessionIdentity } from './e2e-stream';
import { loadSample } from './samples';

/*
 * A local copy of an organization trail, written the way CloudTrail lays it out: gzip log files per account, region
 * and day, and (on request) signed digest files that chain, with a key pair of the test's own standing in for
 * CloudTrail's. Records are the real samples, re-addressed by the e2e helpers.
 */

export const ORG = 'o-testorg1234';
export const TRAIL = 'org-trail';
export const BUCKET = 'org-trail-bucket';

export interface LogFile {
  account: string;
  region: string;
  /** Delivery time, ISO: names the file and its day folder. */
  delivered: string;
  records: Record<string, unknown>[];
}

/** The record of `sample` made by `session` at `time` in `region`: accounts, region and principal re-addressed. */
export function createRecord(
  sample: string,
  session: Session,
  time: string,
  region: string,
  n: number,
): Record<string, unknown> {
  const raw = loadSample(sample) as Record<string, unknown>;
  const record = (raw.detail ?? raw) as Record<string, unknown>;
  const envelope = replayed(sample, record, session, time, n);
  if (!envelope) throw new Error(`${sample} names no account`);
  const detail = envelope.detail as Record<string, unknown>;
  const moved = JSON.parse(JSON.stringify(detail).split(String(detail.awsRegion)).join(region)) as Record<
    string,
    unknown
  >;
  return { ...moved, userIdentity: sessionIdentity(session) };
}

/** The AssumeRole record that opens `session`, logged in `region` (the STS endpoint's). */
export function stsRecord(session: Session, region: string): Record<string, unknown> {
  return { ...assumeRoleEvent(session), awsRegion: region };
}

const stamp = (iso: string, seconds = false) =>
  iso
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .slice(0, seconds ? 15 : 13) + 'Z';

export function logKey(f: LogFile, n = 0): string {
  const day = f.delivered.slice(0, 10).replace(/-/g, '/');
  return `AWSLogs/${ORG}/${f.account}/CloudTrail/${f.region}/${day}/${f.account}_CloudTrail_${f.region}_${stamp(f.delivered)}_${String(n).padStart(4, '0')}abcd.json.gz`;
}

export interface DigestKeys {
  privateKey: KeyObject;
  fingerprint: string;
  /** `aws cloudtrail list-public-keys` output for the key. */
  listing: { PublicKeyList: { Value: string; Fingerprint: string }[] };
}

export function digestKeys(): DigestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ format: 'der', type: 'pkcs1' });
  const fingerprint = createHash('md5').update(der).digest('hex');
  return {
    privateKey,
    fingerprint,
    listing: { PublicKeyList: [{ Value: der.toString('base64'), Fingerprint: fingerprint }] },
  };
}

export interface WrittenTrail {
  /** Log file keys in the order given. */
  logKeys: string[];
  digestKeys: string[];
}

/**
 * Writes the log files and, with `keys`, one digest per account, region and day listing that day's files, chained
 * per account and region. Each digest's own signature goes in a `.signature` file beside it, except where
 * `unsignedDigests` says so (those are verified through the next digest's previousDigestSignature).
 */
export function writeTrail(
  dir: string,
  files: LogFile[],
  keys?: DigestKeys,
  unsignedDigests: (key: string) => boolean = () => false,
): WrittenTrail {
  const logKeys = files.map((f, i) => {
    const key = logKey(f, i);
    mkdirSync(path.join(dir, path.dirname(key)), { recursive: true });
    writeFileSync(path.join(dir, key), gzipSync(JSON.stringify({ Records: f.records })));
    return key;
  });
  if (!keys) return { logKeys, digestKeys: [] };

  const groups = new Map<string, { account: string; region: string; day: string; keys: string[] }>();
  files.forEach((f, i) => {
    const id = `${f.account}/${f.region}/${f.delivered.slice(0, 10)}`;
    const g = groups.get(id) ?? { account: f.account, region: f.region, day: f.delivered.slice(0, 10), keys: [] };
    g.keys.push(logKeys[i]);
    groups.set(id, g);
  });
  const previous = new Map<string, { object: string; hash: string; signature: string }>();
  const written: string[] = [];
  for (const g of [...groups.values()].sort((a, b) => a.day.localeCompare(b.day))) {
    const end = `${g.day}T23:30:00Z`;
    const object = `AWSLogs/${ORG}/${g.account}/CloudTrail-Digest/${g.region}/${g.day.replace(/-/g, '/')}/${g.account}_CloudTrail-Digest_${g.region}_${TRAIL}_${g.region}_${stamp(end, true)}.json.gz`;
    const prev = previous.get(`${g.account}/${g.region}`);
    const digest = {
      awsAccountId: g.account,
      digestStartTime: `${g.day}T00:00:00Z`,
      digestEndTime: end,
      digestS3Bucket: BUCKET,
      digestS3Object: object,
      digestPublicKeyFingerprint: keys.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: end,
      oldestEventTime: `${g.day}T00:00:00Z`,
      previousDigestS3Bucket: prev ? BUCKET : null,
      previousDigestS3Object: prev?.object ?? null,
      previousDigestHashValue: prev?.hash ?? null,
      previousDigestHashAlgorithm: prev ? 'SHA-256' : null,
      previousDigestSignature: prev?.signature ?? null,
      logFiles: g.keys.map((k) => ({
        s3Bucket: BUCKET,
        s3Object: k,
        hashValue: createHash('sha256')
          .update(gunzipSync(readFileSync(path.join(dir, k))))
          .digest('hex'),
        hashAlgorithm: 'SHA-256',
        newestEventTime: end,
        oldestEventTime: `${g.day}T00:00:00Z`,
      })),
    };
    const content = Buffer.from(JSON.stringify(digest));
    const hash = createHash('sha256').update(content).digest('hex');
    const signed = `${end}\n${BUCKET}/${object}\n${hash}\n${prev?.signature ?? 'null'}`;
    const signature = sign('sha256', Buffer.from(signed), keys.privateKey).toString('hex');
    mkdirSync(path.join(dir, path.dirname(object)), { recursive: true });
    writeFileSync(path.join(dir, object), gzipSync(content));
    if (!unsignedDigests(object)) writeFileSync(path.join(dir, `${object}.signature`), signature);
    previous.set(`${g.account}/${g.region}`, { object, hash, signature });
    written.push(object);
  }
  return { logKeys, digestKeys: written };
}

/** Rewrites a log file after its digest was made, as an attacker with write access to the bucket would. */
export function tamper(dir: string, key: string, change: (records: Record<string, unknown>[]) => void): void {
  const file = path.join(dir, key);
  const content = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { Records: Record<string, unknown>[] };
  change(content.Records);
  writeFileSync(file, gzipSync(JSON.stringify(content)));
}
