import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseEvent } from '../../lambda/core/cloudtrail';
import { extractResources } from '../../lambda/core/registry';
import { ResourceRef } from '../../lambda/core/resource';
import { AwsWorld, stateKey } from '../support/aws-world';
import { Session } from '../support/e2e-stream';
import {
  createRecord,
  DigestKeys,
  digestKeys,
  LogFile,
  stsRecord,
  tamper,
  writeTrail,
  WrittenTrail,
} from '../support/trail-folder';

/*
 * The trail of the backfill tests: two accounts, two regions, four days (one of them before --since, read for its
 * STS events only). It holds every case the issue names: sessions opened before --since, a create event logged
 * before the STS event of its session, a failed call, an unsupported event, a deleted resource, a resource tagged
 * since its creation, a record filed under another account, and (with digests) a file changed after delivery.
 */

export const A = '333333333333';
export const B = '444444444444';
export const SINCE = '2026-11-02T00:00:00Z';
export const UNTIL = '2026-11-05T00:00:00Z';

const session = (
  account: string,
  role: string,
  name: string,
  key: string,
  tags: Record<string, string>,
  issuedAt: string,
): Session => ({
  account,
  role,
  accessKeyId: key,
  arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
  sessionTags: tags,
  issuedAt,
});

/** Opened 10 minutes before --since: only the lookback finds its STS event. */
export const LATE_NIGHT = session(
  A,
  'Dev',
  'alice',
  'ASIABACKFILLALICE001',
  { team: 'blue', project: 'apollo' },
  '2026-11-01T23:50:00Z',
);
/** Its STS event was logged in eu-west-1, in a file delivered after the file of its first create event. */
export const REGIONAL = session(A, 'Dev', 'bob', 'ASIABACKFILLBOB00001', { team: 'green' }, '2026-11-03T10:00:30Z');
export const OPS = session(B, 'Ops', 'carol', 'ASIABACKFILLCAROL001', { team: 'red' }, '2026-11-04T12:00:00Z');
/** No STS event anywhere in the trail. */
export const UNKNOWN = session(B, 'Ops', 'dave', 'ASIABACKFILLDAVE0001', {}, '2026-11-04T09:00:00Z');

/**
 * What a full backfill of the scenario leaves on three of its resources: Owner names the real creator, session tags
 * win over IAM tags, and keep protects what the team put on since (the VPC's Name).
 */
export const BACKFILLED = {
  vpc: { Name: 'nginx-vpc', team: 'blue', project: 'apollo', costcenter: '42', Owner: LATE_NIGHT.arn },
  table: { team: 'green', costcenter: '42', Owner: REGIONAL.arn },
  queue: { team: 'red', costcenter: '77', Owner: OPS.arn },
};

export interface Scenario {
  dir: string;
  trail: WrittenTrail;
  keys: DigestKeys;
  publicKeysFile: string;
  /** The resources, by role in the story. */
  r: Record<
    'vpc' | 'table' | 'taggedGroup' | 'goneSubnet' | 'queue' | 'orphanTable' | 'earlyVpc' | 'tamperedVpc',
    ResourceRef
  >;
  /** The key of the file changed after delivery. */
  tamperedKey: string;
}

function only(record: Record<string, unknown>): ResourceRef {
  const [r] = extractResources(parseEvent(record));
  return r;
}

export function buildScenario(options: { digests: boolean }): Scenario {
  const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-trail-'));
  let n = 0;
  const create = (sample: string, s: Session, time: string, region = 'us-east-1') =>
    createRecord(sample, s, time, region, ++n);

  const vpc = create('ec2.CreateVpc.1.json', LATE_NIGHT, '2026-11-02T00:10:00Z');
  const earlyVpc = {
    ...create('ec2.CreateVpc.1.json', LATE_NIGHT, '2026-11-01T23:55:00Z'),
    responseElements: { vpc: { vpcId: 'vpc-0before0since000' } },
  };
  const table = create('dynamodb.CreateTable.1.json', REGIONAL, '2026-11-03T10:01:00Z');
  const taggedGroup = create('ec2.CreateSecurityGroup.1.json', REGIONAL, '2026-11-03T10:02:00Z');
  const goneSubnet = create('ec2.CreateSubnet.1.json', OPS, '2026-11-04T12:05:00Z');
  const queue = create('sqs.CreateQueue.1.json', OPS, '2026-11-04T12:06:00Z');
  const failed = {
    ...create('ec2.CreateVpc.1.json', OPS, '2026-11-04T12:07:00Z'),
    errorCode: 'VpcLimitExceeded',
    errorMessage: 'The maximum number of VPCs has been reached.',
    responseElements: null,
  };
  const unsupported = create('ec2.DescribeInstanceAttribute.1.json', OPS, '2026-11-04T12:08:00Z');
  const orphanTable = create('dynamodb.CreateTable.1.json', UNKNOWN, '2026-11-04T12:09:00Z');
  const tamperedVpc = {
    ...create('ec2.CreateVpc.1.json', REGIONAL, '2026-11-03T10:20:00Z', 'eu-west-1'),
    responseElements: { vpc: { vpcId: 'vpc-0eu0west0tampered' } },
  };
  // A record filed under A's folder that claims account B: CloudTrail never puts it there.
  const misfiled = { ...create('sqs.CreateQueue.1.json', OPS, '2026-11-03T10:03:00Z'), eventID: 'misfiled-1' };

  const files: LogFile[] = [
    {
      account: A,
      region: 'us-east-1',
      delivered: '2026-11-01T23:55:00Z',
      records: [stsRecord(LATE_NIGHT, 'us-east-1')],
    },
    { account: A, region: 'us-east-1', delivered: '2026-11-02T00:00:00Z', records: [earlyVpc] },
    { account: A, region: 'us-east-1', delivered: '2026-11-02T00:15:00Z', records: [vpc] },
    // Delivered before the file with the STS event of their session (below), and out of time order within it.
    { account: A, region: 'us-east-1', delivered: '2026-11-03T10:03:00Z', records: [taggedGroup, table, misfiled] },
    { account: A, region: 'eu-west-1', delivered: '2026-11-03T10:05:00Z', records: [stsRecord(REGIONAL, 'eu-west-1')] },
    { account: A, region: 'eu-west-1', delivered: '2026-11-03T10:25:00Z', records: [tamperedVpc] },
    { account: B, region: 'us-east-1', delivered: '2026-11-04T12:04:00Z', records: [stsRecord(OPS, 'us-east-1')] },
    {
      account: B,
      region: 'us-east-1',
      delivered: '2026-11-04T12:10:00Z',
      records: [goneSubnet, queue, failed, unsupported, orphanTable],
    },
  ];
  const keys = digestKeys();
  // A's first us-east-1 digest has no signature of its own: the next day's digest vouches for it.
  const trail = writeTrail(dir, files, options.digests ? keys : undefined, (k) =>
    k.includes(`${A}/CloudTrail-Digest/us-east-1/2026/11/01/`),
  );
  const tamperedKey = trail.logKeys[5];
  if (options.digests) {
    // The attacker rewrites the delivered file so that the VPC's Owner would name an administrator.
    tamper(dir, tamperedKey, (records) => {
      (records[0].userIdentity as Record<string, unknown>).arn = `arn:aws:sts::${A}:assumed-role/Admin/mallory`;
    });
  }
  const publicKeysFile = path.join(dir, 'public-keys.json');
  writeFileSync(publicKeysFile, JSON.stringify(keys.listing));
  return {
    dir,
    trail,
    keys,
    publicKeysFile,
    tamperedKey,
    r: {
      vpc: only(vpc),
      table: only(table),
      taggedGroup: only(taggedGroup),
      goneSubnet: only(goneSubnet),
      queue: only(queue),
      orphanTable: only(orphanTable),
      earlyVpc: only(earlyVpc),
      tamperedVpc: only(tamperedVpc),
    },
  };
}

/** The organization as it stands when the backfill runs. */
export function seedWorld(world: AwsWorld, s: Scenario): void {
  world.seedResource(s.r.vpc, { Name: 'nginx-vpc' });
  world.seedResource(s.r.earlyVpc, { Name: 'nginx-vpc' });
  world.seedResource(s.r.table, {});
  // Tagged by its team after it was created: keep protects the value.
  world.seedResource(s.r.taggedGroup, { Name: 'bluegreen_alb_sg', team: 'platform' });
  world.remove(s.r.goneSubnet);
  world.seedResource(s.r.queue, {});
  world.seedResource(s.r.orphanTable, {});
  world.seedResource(s.r.tamperedVpc, {});
  world.setIamTags('role', A, 'Dev', { costcenter: '42' });
  world.setIamTags('role', B, 'Ops', { costcenter: '77', team: 'ops' });
}

export function tagsOf(world: AwsWorld, r: ResourceRef): Record<string, string> | undefined {
  return world.tags.get(stateKey(r.account, r));
}
