import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { assumeRoleEvent, Session, sessionIdentity } from '../test/support/e2e-stream';
import { loadSample } from '../test/support/samples';
import { logKey } from '../test/support/trail-folder';
import { rng, templates } from './stream';

/*
 * The backfill benchmark: a month of organization-trail log files (at least a million records: mostly read-only
 * calls, as real trails are, plus role sessions and create events made from the real samples), replayed by
 * `runBackfill` in a child process so that its peak memory is its own. Measured twice: offline (the preview, no AWS)
 * and as a dry run against the AWS double (current tags read in GetResources batches).
 */

export const BACKFILL_TRAIL = {
  days: 30,
  accounts: 4,
  regions: ['us-east-1', 'eu-west-1'],
  filesPerDay: 42,
  recordsPerFile: 100,
  seed: 7,
};
const ACCOUNT_IDS = Array.from({ length: BACKFILL_TRAIL.accounts }, (_, i) => String(555500000000 + i));
const START = Date.parse('2026-09-01T00:00:00Z');
const READS = [
  'ec2.DescribeInstanceAttribute.1.json',
  'kms.Decrypt.1.json',
  'sts.GetCallerIdentity.1.json',
  'lambda.GetFunction.1.json',
  'sns.GetTopicAttributes.1.json',
];

export interface BackfillBench {
  files: number;
  records: number;
  generateSeconds: number;
  runs: {
    mode: string;
    seconds: number;
    recordsPerSecond: number;
    peakRssMb: number;
    peakHeapMb: number;
    createEvents: number;
    resources: number;
    awsCalls: { reads: number; writes: number };
  }[];
}

/** Writes the month once per machine (it is reused by later runs) and returns its folder. */
function generate(): { dir: string; files: number; records: number; seconds: number } {
  const t = BACKFILL_TRAIL;
  const dir = path.join(
    tmpdir(),
    `tagwarden-bench-trail-${t.days}d-${t.accounts}a-${t.filesPerDay}f-${t.recordsPerFile}r-${t.seed}`,
  );
  const files = t.days * t.accounts * t.regions.length * t.filesPerDay;
  const records = files * t.recordsPerFile;
  if (existsSync(path.join(dir, 'complete'))) return { dir, files, records, seconds: 0 };
  const started = Date.now();
  const random = rng(t.seed);
  const creates = templates().filter((x) => !x.runInstances);
  const reads = READS.map((f) => JSON.stringify(loadSample(f)));
  const sts = JSON.stringify(
    assumeRoleEvent({
      account: '000000000000',
      role: 'R',
      accessKeyId: 'K',
      arn: 'arn:aws:sts::000000000000:assumed-role/R/s',
      sessionTags: { team: 't' },
      issuedAt: '2026-01-01T00:00:00Z',
    }),
  );
  let n = 0;
  for (let day = 0; day < t.days; day++) {
    for (const account of ACCOUNT_IDS) {
      for (const region of t.regions) {
        for (let f = 0; f < t.filesPerDay; f++) {
          const delivered = new Date(START + day * 86_400_000 + ((f + 0.5) / t.filesPerDay) * 86_400_000);
          const session = sessionAt(account, delivered.getTime() - 120_000, f);
          const batch: Record<string, unknown>[] = [];
          // One STS event a file opens a session; a tenth of the records are create events made with it.
          batch.push(stsOf(sts, session, region));
          for (let i = 1; i < t.recordsPerFile; i++) {
            const time = new Date(delivered.getTime() - 60_000 + i * 100).toISOString();
            if (i % 10 === 0) {
              const t = creates[Math.floor(random() * creates.length)];
              const moved = t.text.split(t.account).join(account).split(t.region).join(region);
              batch.push(recordOf(moved, session, account, region, time, `bench-${++n}`));
            } else batch.push(recordOf(reads[i % reads.length], session, account, region, time, `read-${++n}`));
          }
          const key = logKey({ account, region, delivered: delivered.toISOString(), records: [] }, n);
          mkdirSync(path.join(dir, path.dirname(key)), { recursive: true });
          writeFileSync(path.join(dir, key), gzipSync(JSON.stringify({ Records: batch })));
        }
      }
    }
  }
  writeFileSync(path.join(dir, 'complete'), '');
  return { dir, files, records, seconds: Math.round((Date.now() - started) / 1000) };
}

function sessionAt(account: string, issued: number, f: number): Session {
  const key = `ASIABENCH${account.slice(-4)}${String(Math.floor(issued / 1000) % 1e9).padStart(9, '0')}`;
  return {
    account,
    role: `Builder${f % 5}`,
    accessKeyId: key,
    arn: `arn:aws:sts::${account}:assumed-role/Builder${f % 5}/s${key.slice(-6)}`,
    sessionTags: { team: `t${f % 3}`, project: `p${f % 7}` },
    issuedAt: new Date(issued).toISOString(),
  };
}

/** The parts of an STS record the bench rewrites. */
interface StsRecord extends Record<string, unknown> {
  userIdentity: Record<string, unknown>;
  requestParameters: Record<string, unknown>;
  responseElements: { credentials: Record<string, unknown>; assumedRoleUser?: unknown };
}

function stsOf(template: string, s: Session, region: string): Record<string, unknown> {
  const e = JSON.parse(template) as StsRecord;
  const issued = new Date(s.issuedAt);
  Object.assign(e, {
    eventID: `sts-${s.accessKeyId}`,
    eventTime: s.issuedAt,
    awsRegion: region,
    recipientAccountId: s.account,
  });
  e.userIdentity = { ...e.userIdentity, accountId: s.account, arn: `arn:aws:iam::${s.account}:user/deployer` };
  e.requestParameters = {
    ...e.requestParameters,
    roleArn: `arn:aws:iam::${s.account}:role/${s.role}`,
    roleSessionName: s.arn.split('/').pop(),
    tags: Object.entries(s.sessionTags).map(([key, value]) => ({ key, value })),
  };
  const expiry = new Date(issued.getTime() + 3_600_000);
  e.responseElements.credentials = {
    ...e.responseElements.credentials,
    accessKeyId: s.accessKeyId,
    expiration: expiry.toISOString(),
  };
  e.responseElements.assumedRoleUser = { assumedRoleId: `AROABENCH:${s.arn.split('/').pop()}`, arn: s.arn };
  return e;
}

/** The record of `text` (a raw record or an EventBridge envelope) as `s` made it in `account` and `region` at `time`. */
function recordOf(
  text: string,
  s: Session,
  account: string,
  region: string,
  time: string,
  eventID: string,
): Record<string, unknown> {
  const event = JSON.parse(text) as Record<string, unknown>;
  const record = (event.detail ?? event) as Record<string, unknown>;
  return {
    ...record,
    userIdentity: sessionIdentity(s),
    eventID,
    eventTime: time,
    awsRegion: region,
    recipientAccountId: account,
  };
}

/** Generates the month if needed, then runs the backfill over it in each mode, each in a fresh process. */
export function measureBackfill(): BackfillBench {
  const trail = generate();
  const runs = (['offline', 'dry-run'] as const).map((mode) => {
    const out = execFileSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'backfill-child.ts'), trail.dir, mode],
      {
        encoding: 'utf8',
        env: { ...process.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return JSON.parse(out.trim().split('\n').pop()!) as BackfillBench['runs'][number];
  });
  return { files: trail.files, records: trail.records, generateSeconds: trail.seconds, runs };
}
