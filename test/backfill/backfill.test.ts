import { registerBackfill } from '../../lib/cli/backfill';
import { JsonHeader } from '../../lib/cli/json-output';
import {
  COVERAGE_LIST_ACTIONS,
  CURRENT_TAG_READ_ACTIONS,
  PRINCIPAL_TAG_READ_ACTIONS,
  WRITER_ACTIONS,
} from '../../lib/constructs/tag-actions';
import { ExplainedEvent } from '../../lib/explain/contract';
import { BackfillSummary } from '../../lib/backfill/summary';
import { AwsWorld } from '../support/aws-world';
import { runTagwarden, writeTestConfig } from '../support/cli';
import { writeTrail, createRecord } from '../support/trail-folder';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  A,
  B,
  BACKFILLED,
  buildScenario,
  LATE_NIGHT,
  OPS,
  REGIONAL,
  Scenario,
  SINCE,
  seedWorld,
  tagsOf,
  UNKNOWN,
  UNTIL,
} from './scenario';

const WRITES = [
  'ec2:CreateTags',
  'tag:TagResources',
  's3:PutBucketTagging',
  's3:PutObjectTagging',
  'ssm:AddTagsToResource',
  'autoscaling:CreateOrUpdateTags',
  'secretsmanager:TagResource',
];

describe('tagwarden backfill', () => {
  let world: AwsWorld;
  let config: string;
  let s: Scenario;

  beforeEach(() => {
    world = new AwsWorld();
    world.install();
    config = writeTestConfig();
    s = buildScenario({ digests: true });
    seedWorld(world, s);
  });
  afterEach(() => world.restore());

  const backfill = (...extra: string[]) =>
    runTagwarden(
      [
        '--config',
        config,
        'backfill',
        '--source',
        s.dir,
        '--since',
        SINCE,
        '--until',
        UNTIL,
        '--rate',
        '1000',
        ...extra,
      ],
      [registerBackfill],
    );
  const writes = () => world.calls.filter((c) => WRITES.includes(c.command));
  const summaryOf = (out: string) => JSON.parse(out) as BackfillSummary & JsonHeader;

  it("writes exactly the tags the live engine plans against each resource's current tags, and only from verified files", async () => {
    const run = await backfill('--apply', '--verify-digests', '--public-keys', s.publicKeysFile, '--json');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);

    expect(tagsOf(world, s.r.vpc)).toEqual(BACKFILLED.vpc);
    expect(tagsOf(world, s.r.table)).toEqual(BACKFILLED.table);
    expect(tagsOf(world, s.r.taggedGroup)).toEqual({
      Name: 'bluegreen_alb_sg',
      team: 'platform',
      costcenter: '42',
      Owner: REGIONAL.arn,
    });
    expect(tagsOf(world, s.r.queue)).toEqual(BACKFILLED.queue);
    // No STS event for this session: no session tags, IAM tags only.
    expect(tagsOf(world, s.r.orphanTable)).toEqual({ costcenter: '77', team: 'ops', Owner: UNKNOWN.arn });
    // Before --since: read for sessions only. Tampered: never used.
    expect(tagsOf(world, s.r.earlyVpc)).toEqual({ Name: 'nginx-vpc' });
    expect(tagsOf(world, s.r.tamperedVpc)).toEqual({});
    expect(tagsOf(world, s.r.goneSubnet)).toBeUndefined();
    // Every write went to the account that owns the resource.
    expect(
      writes()
        .map((c) => `${c.command} ${c.account}`)
        .sort(),
    ).toEqual(
      [
        `ec2:CreateTags ${A}`,
        `ec2:CreateTags ${A}`,
        `ec2:CreateTags ${B}`,
        `tag:TagResources ${A}`,
        `tag:TagResources ${B}`,
        `tag:TagResources ${B}`,
      ].sort(),
    );

    const summary = summaryOf(run.out);
    expect(Object.keys(summary).slice(0, 3)).toEqual(['version', 'config', 'mode']);
    expect(summary).toMatchObject({ version: 1, config, mode: 'apply' });
    expect(summary.complete).toBe(true);
    expect(summary.resources).toMatchObject({ tagged: 5, alreadyRight: 0, gone: 1, refused: {}, failed: {} });
    expect(summary.records).toMatchObject({
      read: 13,
      sessionEvents: 3,
      createEvents: 7,
      outsideRange: 1,
      unsupported: 1,
      failedCalls: 1,
    });
    expect(summary.records.refused['key-mismatch']).toMatchObject({ count: 1 });
    expect(summary.withoutSessionTags).toBe(1);
    expect(summary.files.unverified).toEqual([
      { file: s.tamperedKey, reason: expect.stringMatching(/changed after delivery/) },
    ]);
    expect(summary.byAccountService[`${A} ec2`]).toMatchObject({ tagged: 2, gone: 0 });
    expect(summary.byAccountService[`${B} ec2`]).toMatchObject({ tagged: 0, gone: 1 });
    expect(summary.warnings).toEqual([]);
  });

  it('writes nothing on a second run: every resource is already right, the deleted one is gone again', async () => {
    await backfill('--apply', '--verify-digests', '--public-keys', s.publicKeysFile);
    const before = new Map(world.tags);
    const written = writes().length;
    const second = await backfill('--apply', '--verify-digests', '--public-keys', s.publicKeysFile, '--json');
    const summary = summaryOf(second.out);
    expect(summary.resources).toMatchObject({ tagged: 0, alreadyRight: 5, gone: 1 });
    expect(new Map(world.tags)).toEqual(before);
    // The only call is the one that finds the deleted subnet gone (GetResources cannot tell it from an untagged one).
    expect(
      writes()
        .slice(written)
        .map((c) => c.command),
    ).toEqual(['ec2:CreateTags']);
  });

  it('uses the tampered file when digests are not verified: the check is what stops it', async () => {
    const run = await backfill('--apply', '--json');
    expect(tagsOf(world, s.r.tamperedVpc)).toMatchObject({ Owner: `arn:aws:sts::${A}:assumed-role/Admin/mallory` });
    expect(summaryOf(run.out).files.unverified).toEqual([]);
  });

  it("refuses every file when the digests do not verify against CloudTrail's key", async () => {
    const other = buildScenario({ digests: true });
    const run = await backfill('--apply', '--verify-digests', '--public-keys', other.publicKeysFile, '--json');
    const summary = summaryOf(run.out);
    expect(writes()).toEqual([]);
    expect(summary.records.read).toBe(0);
    expect(summary.files.unverified.filter((f) => f.reason.startsWith('digest file:'))).toHaveLength(
      s.trail.digestKeys.length,
    );
    expect(summary.files.unverified.find((f) => f.file === s.trail.logKeys[2])?.reason).toBe(
      'no verified digest file lists it',
    );
  });

  it('previews offline from the logs alone, one explain-contract object per create event, reading no AWS', async () => {
    const run = await backfill('--offline', '--json');
    expect(world.calls).toEqual([]);
    const lines = run.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ExplainedEvent & Partial<JsonHeader> & { summary?: BackfillSummary });
    const events = lines.slice(0, -1);
    expect(events.map((e) => e.index)).toEqual(events.map((_, i) => i));
    expect(events).toHaveLength(8);
    const vpc = events.find((e) => e.resources[0]?.arn === s.r.vpc.arn)!;
    expect(vpc).toMatchObject({ action: 'tag', account: A, principal: { arn: LATE_NIGHT.arn } });
    expect(vpc.writes).toEqual([
      { arn: s.r.vpc.arn, tags: { team: 'blue', project: 'apollo', Owner: LATE_NIGHT.arn } },
    ]);
    expect(events.find((e) => e.resources[0]?.arn === s.r.orphanTable.arn)?.warnings.join(' ')).toMatch(
      /tagged without session tags: the trail has no STS event/,
    );
    // The last line is the summary, under the header; the event lines stay explain's event objects.
    expect(Object.keys(lines.at(-1)!)).toEqual(['version', 'config', 'summary']);
    expect(lines.at(-1)).toMatchObject({ version: 1, config, summary: { mode: 'offline', complete: true } });
    expect(events.filter((e) => 'version' in e || 'summary' in e)).toEqual([]);
  });

  it('dry run reads AWS and prints what it would write per account and service, writing nothing', async () => {
    // Without --verify-digests the tampered file counts; a deleted EC2 resource is found gone only by a write.
    const run = await backfill();
    expect(writes()).toEqual([]);
    expect(world.count('tag:GetResources')).toBeGreaterThan(0);
    expect(run.out).toContain('backfill (dry-run, nothing written) finished');
    expect(run.out).toContain('resources: would tag 7, already right 0');
    expect(run.out).toMatch(new RegExp(`${A} ec2: 3 / 0 / 0 / 0 / 0, \\d+ tags`));
    expect(run.out).toMatch(new RegExp(`${B} sqs: 1 / 0 / 0 / 0 / 0, 3 tags`));
  });

  it('calls, through the tagger role, only actions the tagger role is granted', async () => {
    await backfill('--apply');
    await backfill();
    const granted = new Set([
      ...WRITER_ACTIONS,
      ...COVERAGE_LIST_ACTIONS,
      ...PRINCIPAL_TAG_READ_ACTIONS,
      ...CURRENT_TAG_READ_ACTIONS,
    ]);
    // sts:AssumeRole is the caller's own call, allowed by the tagger role's trust policy (docs/backfill.md).
    const used = new Set(world.calls.map((c) => c.command).filter((c) => c !== 'sts:AssumeRole'));
    expect([...used]).toEqual(expect.arrayContaining(['tag:GetResources', 'iam:GetRole', 'ec2:CreateTags']));
    expect([...used].filter((a) => !granted.has(a))).toEqual([]);
  });

  it('prints the summary and exits 1 when a write fails', async () => {
    // Every EC2 write answers 500, as often as the SDK retries it; every other call succeeds.
    world.observe = async (command) => {
      world.faults.serverErrorRate = command === 'ec2:CreateTags' ? 1 : 0;
    };
    const run = await backfill('--apply', '--verify-digests', '--public-keys', s.publicKeysFile);
    expect(run.code).toBe(1);
    expect(run.out).toContain('resources: tagged 3, already right 0, gone 0, refused 0, failed 3');
    expect(run.err).toMatch(/backfill: 3 resource\(s\) could not be tagged/);
    expect(tagsOf(world, s.r.vpc)).toEqual({ Name: 'nginx-vpc' });
  });

  it('exits 3 when stopped before the end of the range, with the summary printed', async () => {
    let stopped = false;
    world.observe = async () => {
      if (!stopped) process.emit('SIGINT');
      stopped = true;
    };
    const run = await backfill('--json');
    expect(run.code).toBe(3);
    expect(summaryOf(run.out).complete).toBe(false);
    expect(run.err).toMatch(/run it again with the same --checkpoint to resume/);
  });

  it('refuses bad input with the flag and a fix, and changes nothing', async () => {
    expect(await backfill('--since', 'yesterday')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--since must be an ISO 8601 date .* received "yesterday"/),
    });
    expect(await backfill('--offline', '--apply')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--offline reads no AWS and so cannot --apply/),
    });
    expect(await backfill('--accounts', '12345')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--accounts takes 12-digit account ids/),
    });
    expect(await backfill('--offline', '--verify-digests')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/needs --public-keys FILE/),
    });
    const empty = mkdtempSync(path.join(tmpdir(), 'tagwarden-empty-'));
    expect(await backfill('--source', empty)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/no organization trail log folders under .*: expected AWSLogs\/<org-id>/),
    });
    expect(world.calls).toEqual([]);
  });

  it('says so when the trail has no STS events, and tags without session tags rather than waiting', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-trail-'));
    const record = createRecord('sqs.CreateQueue.1.json', OPS, '2026-11-04T12:06:00Z', 'us-east-1', 1);
    writeTrail(dir, [{ account: B, region: 'us-east-1', delivered: '2026-11-04T12:10:00Z', records: [record] }]);
    world.seedResource(s.r.queue, {});
    const run = await runTagwarden(
      [
        '--config',
        config,
        'backfill',
        '--source',
        dir,
        '--since',
        SINCE,
        '--until',
        UNTIL,
        '--apply',
        '--rate',
        '1000',
      ],
      [registerBackfill],
    );
    expect(run.out).toContain('warning: no STS events were found');
    expect(run.out).toContain('must log read-only management events');
    expect(tagsOf(world, s.r.queue)).toEqual({ team: 'ops', costcenter: '77', Owner: OPS.arn });
  });
});
