import { createHash, createPublicKey, KeyObject, verify } from 'node:crypto';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { isObject } from '../../lambda/core/cloudtrail';
import { DIGEST_FOLDER, dayFolder, parseTrailKey } from './layout';
import { TrailSource } from './source';

/*
 * CloudTrail log file integrity validation (CloudTrail User Guide, "Validating CloudTrail log file integrity",
 * "CloudTrail digest file structure", "Custom implementations of CloudTrail log file integrity validation"):
 * - each hourly digest file lists the log files delivered in its hour with the SHA-256 of their uncompressed content;
 * - it is signed (SHA256withRSA) over: digestEndTime, "\n", bucket/object of the digest, "\n", the hex SHA-256 of the
 *   uncompressed digest content, "\n", previousDigestSignature; the signature is the object's x-amz-meta-signature;
 * - each digest also carries the previous digest's signature and hash, which chains them;
 * - the public key comes from CloudTrail ListPublicKeys (DER, PKCS #1), chosen by digestPublicKeyFingerprint.
 */

const gunzipAsync = promisify(gunzip);

export interface PublicKeySource {
  /** The key whose fingerprint the digest names, valid at the digest's end time, in the digest's region. */
  key(region: string, fingerprint: string, at: Date): Promise<KeyObject | undefined>;
}

/**
 * A ListPublicKeys value: DER in PKCS #1 as documented; some keys come as SubjectPublicKeyInfo, accepted too.
 */
export function publicKeyFromDer(der: Uint8Array): KeyObject {
  const buffer = Buffer.from(der);
  try {
    return createPublicKey({ key: buffer, format: 'der', type: 'pkcs1' });
  } catch {
    return createPublicKey({ key: buffer, format: 'der', type: 'spki' });
  }
}

/**
 * Keys from a saved `aws cloudtrail list-public-keys` answer, for an offline check:
 * {"PublicKeyList": [{"Value", "Fingerprint"}]}.
 */
export function publicKeysFromList(list: unknown, where: string): PublicKeySource {
  const entries = isObject(list) && Array.isArray(list.PublicKeyList) ? list.PublicKeyList : undefined;
  if (!entries)
    throw new Error(
      `${where}: expected the output of "aws cloudtrail list-public-keys": {"PublicKeyList": [{"Value": "...", "Fingerprint": "..."}]}`,
    );
  const byFingerprint = new Map<string, KeyObject>();
  for (const [i, e] of entries.entries()) {
    if (!isObject(e) || typeof e.Value !== 'string' || typeof e.Fingerprint !== 'string')
      throw new Error(`${where}: PublicKeyList[${i}] needs a base64 Value and a Fingerprint`);
    byFingerprint.set(e.Fingerprint, publicKeyFromDer(Buffer.from(e.Value, 'base64')));
  }
  return { key: (_region, fingerprint) => Promise.resolve(byFingerprint.get(fingerprint)) };
}

export interface Digest {
  tail: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: string;
  previousDigestS3Object?: string;
  previousDigestHashValue?: string;
  previousDigestSignature?: string;
  logFiles: { s3Object: string; hashValue: string; hashAlgorithm: string }[];
  /** Hex SHA-256 of the uncompressed content. */
  contentHash: string;
  /** The object's own signature (S3 metadata or the local `.signature` file). */
  ownSignature?: string;
  region: string;
}

export type FileCheck = { ok: true } | { ok: false; reason: string };

export interface DigestProblem {
  file: string;
  reason: string;
}

/**
 * The verified hashes of the log files of the days read so far. A log file is used only if a digest whose signature
 * verifies lists it with the hash of its content. Digests of a day and of the next one are loaded (a file delivered
 * late in a day is listed by the next hour's digest), and days already behind the run are forgotten.
 */
export class DigestLedger {
  private readonly days = new Map<string, Promise<Digest[]>>();
  private readonly hashes = new Map<string, { hash: string; day: string }>();
  private readonly verifiedDays = new Set<string>();
  readonly problems: DigestProblem[] = [];

  constructor(
    private readonly source: TrailSource,
    private readonly keys: PublicKeySource,
  ) {}

  /** Verifies the digests that can list the log files of `day` (that day's and the next day's). */
  async prepare(org: string, account: string, region: string, day: string, nextDay: string): Promise<void> {
    const id = `${org}/${account}/${region}/${day}`;
    if (this.verifiedDays.has(id)) return;
    this.verifiedDays.add(id);
    const [today, tomorrow] = await Promise.all([
      this.load(org, account, region, day),
      this.load(org, account, region, nextDay),
    ]);
    const chain = new Map<string, { signature?: string; hash?: string }>();
    for (const d of [...today, ...tomorrow]) {
      if (d.previousDigestS3Object)
        chain.set(tailOf(d.previousDigestS3Object), {
          signature: d.previousDigestSignature,
          hash: d.previousDigestHashValue,
        });
    }
    for (const d of [...today, ...tomorrow]) {
      const problem = await this.verifyDigest(d, chain.get(d.tail));
      if (problem) {
        // Tomorrow's digests are judged with tomorrow's files, when the digests after them are at hand.
        if (today.includes(d) && !this.problems.some((p) => p.file === d.tail))
          this.problems.push({ file: d.tail, reason: problem });
        continue;
      }
      for (const f of d.logFiles) this.hashes.set(tailOf(f.s3Object), { hash: f.hashValue.toLowerCase(), day });
    }
  }

  /** Whether a log file's uncompressed content is the content a verified digest lists. */
  check(tail: string, content: Buffer): FileCheck {
    const listed = this.hashes.get(tail);
    if (!listed) return { ok: false, reason: 'no verified digest file lists it' };
    const actual = createHash('sha256').update(content).digest('hex');
    if (actual !== listed.hash)
      return {
        ok: false,
        reason: `its SHA-256 ${actual} differs from the ${listed.hash} its digest file records: it was changed after delivery`,
      };
    return { ok: true };
  }

  /** Forgets the hashes and digests of days before `day`. */
  forgetBefore(day: string): void {
    for (const [tail, v] of this.hashes) if (v.day < day) this.hashes.delete(tail);
    for (const id of this.days.keys()) if (id.slice(-10) < day) this.days.delete(id);
  }

  private load(org: string, account: string, region: string, day: string): Promise<Digest[]> {
    const id = `${org}/${account}/${region}/${day}`;
    let loading = this.days.get(id);
    if (!loading) {
      loading = this.readDay(dayFolder(this.source.root, org, account, DIGEST_FOLDER, region, day));
      this.days.set(id, loading);
    }
    return loading;
  }

  private async readDay(folder: string): Promise<Digest[]> {
    const digests: Digest[] = [];
    for (const key of await this.source.listFiles(folder)) {
      const parsed = parseTrailKey(key);
      if (parsed?.kind !== 'digest') continue;
      try {
        const [raw, ownSignature] = await Promise.all([this.source.read(key), this.source.signature(key)]);
        const content = await gunzipAsync(raw);
        digests.push({
          ...readDigest(JSON.parse(content.toString('utf8')) as unknown),
          tail: parsed.tail,
          region: parsed.region,
          contentHash: createHash('sha256').update(content).digest('hex'),
          ownSignature,
        });
      } catch (e) {
        this.problems.push({ file: parsed.tail, reason: `unreadable digest file: ${(e as Error).message}` });
      }
    }
    return digests;
  }

  private async verifyDigest(
    d: Digest,
    next: { signature?: string; hash?: string } | undefined,
  ): Promise<string | undefined> {
    if (tailOf(d.digestS3Object) !== d.tail)
      return `it names itself ${d.digestS3Object}: it was moved from where CloudTrail delivered it`;
    if (d.digestSignatureAlgorithm !== 'SHA256withRSA')
      return `unknown signature algorithm ${d.digestSignatureAlgorithm}`;
    if (next?.hash && next.hash.toLowerCase() !== d.contentHash)
      return 'the next digest file records another hash for it: it was changed after delivery';
    const signature = d.ownSignature ?? next?.signature;
    if (!signature)
      return 'its signature is not available (S3 metadata "signature", or a .signature file beside a local copy)';
    const key = await this.keys.key(d.region, d.digestPublicKeyFingerprint, new Date(d.digestEndTime));
    if (!key) return `no CloudTrail public key with fingerprint ${d.digestPublicKeyFingerprint} in ${d.region}`;
    const signed = `${d.digestEndTime}\n${d.digestS3Bucket}/${d.digestS3Object}\n${d.contentHash}\n${d.previousDigestSignature ?? 'null'}`;
    if (
      !/^[0-9a-f]+$/i.test(signature) ||
      !verify('sha256', Buffer.from(signed, 'utf8'), key, Buffer.from(signature, 'hex'))
    ) {
      return 'its signature does not verify against the CloudTrail public key';
    }
    if (d.logFiles.some((f) => f.hashAlgorithm !== 'SHA-256')) return 'it lists a log file hash that is not SHA-256';
    return undefined;
  }
}

/** The part of a key from `AWSLogs/` on. */
export function tailOf(key: string): string {
  const at = key.indexOf('AWSLogs/');
  return at >= 0 ? key.slice(at) : key;
}

function readDigest(raw: unknown): Omit<Digest, 'tail' | 'region' | 'contentHash' | 'ownSignature'> {
  if (!isObject(raw)) throw new Error('not a JSON object');
  const text = (field: string): string => {
    const v = raw[field];
    if (typeof v !== 'string') throw new Error(`${field} is missing`);
    return v;
  };
  const optional = (field: string) => {
    const v = raw[field];
    return typeof v === 'string' ? v : undefined;
  };
  const logFiles = Array.isArray(raw.logFiles) ? raw.logFiles : [];
  return {
    digestEndTime: text('digestEndTime'),
    digestS3Bucket: text('digestS3Bucket'),
    digestS3Object: text('digestS3Object'),
    digestPublicKeyFingerprint: text('digestPublicKeyFingerprint'),
    digestSignatureAlgorithm: text('digestSignatureAlgorithm'),
    previousDigestS3Object: optional('previousDigestS3Object'),
    previousDigestHashValue: optional('previousDigestHashValue'),
    previousDigestSignature: optional('previousDigestSignature'),
    logFiles: logFiles.filter(isObject).map((f) => ({
      s3Object: String(f.s3Object),
      hashValue: String(f.hashValue),
      hashAlgorithm: String(f.hashAlgorithm),
    })),
  };
}
