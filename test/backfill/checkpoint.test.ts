import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { IamTagReader } from '../../lambda/aws/iam-tags';
import { Checkpoint, RunIdentity } from '../../lib/backfill/checkpoint';
import { AccountRateLimiter } from '../../lib/backfill/rate-limit';
import { runBackfill } from '../../lib/backfill/run';
import { FolderSource, TrailSource } from '../../lib/backfill/source';
import { AwsWorld } from '../support/aws-world';
import { testClients } from '../support/engine';
import { BACKFILLED, buildScenario, SINCE, seedWorld, tagsOf, UNTIL } from './scenario';

const SETTINGS = {
  protectedTagPrefix: 'scp-',
  ownerTagKey: 'Owner',
  propagation: { include: ['*'], exclude: [] },
  conflict: 'keep' as const,
};

/** The folder, recording every file read and stopping the run after `stopAfter` reads. */
function countingSource(dir: string, reads: string[], stopAfter: number, stop: AbortController): TrailSource {
  const folder = new FolderSource(dir);
  return {
    label: folder.label,
    root: folder.root,
    listFolders: (p) => folder.listFolders(p),
    listFiles: (p) => folder.listFiles(p),
    signature: (k) => folder.signature(k),
    read: async (key) => {
      reads.push(key);
      if (reads.length >= stopAfter) stop.abort();
      return folder.read(key);
    },
  };
}

describe('backfill checkpoint', () => {
  let world: AwsWorld;
  beforeEach(() => {
    world = new AwsWorld();
    world.install();
  });
  afterEach(() => world.restore());

  it('resumes an interrupted run where it stopped: no file is read twice, no event is lost or counted twice', async () => {
    const s = buildScenario({ digests: false });
    seedWorld(world, s);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tagwarden-ckpt-')), 'backfill.json');
    const run: RunIdentity = {
      source: s.dir,
      since: SINCE,
      until: UNTIL,
      accounts: [],
      regions: [],
      mode: 'apply',
      verifyDigests: false,
    };
    const clients = testClients();
    const online = {
      clients,
      iamTags: new IamTagReader({ clients, ttlSeconds: 60 }),
      limiter: new AccountRateLimiter(1000),
    };
    const reads: string[] = [];
    const go = (stopAfter: number) => {
      const stop = new AbortController();
      return runBackfill({
        source: countingSource(s.dir, reads, stopAfter, stop),
        since: new Date(SINCE),
        until: new Date(UNTIL),
        mode: 'apply',
        settings: SETTINGS,
        online,
        checkpoint: Checkpoint.open(file, run),
        signal: stop.signal,
        readConcurrency: 2,
      });
    };

    const first = await go(4);
    expect(first.complete).toBe(false);
    const readBeforeStop = reads.length;
    expect(readBeforeStop).toBeLessThan(s.trail.logKeys.length);
    // The session opened before the stop is carried over by the checkpoint, so events after it still find it.
    const second = await go(Number.POSITIVE_INFINITY);
    expect(second.complete).toBe(true);
    expect(new Set(reads).size).toBe(reads.length);
    expect([...reads].sort()).toEqual([...s.trail.logKeys].sort());

    expect(second.records).toMatchObject({ read: 14, sessionEvents: 3, createEvents: 8 });
    expect(second.resources).toMatchObject({ tagged: 6, gone: 1 });
    expect(tagsOf(world, s.r.vpc)).toEqual(BACKFILLED.vpc);
    expect(tagsOf(world, s.r.table)).toEqual(BACKFILLED.table);
    expect(tagsOf(world, s.r.queue)).toEqual(BACKFILLED.queue);

    // A finished run's checkpoint has every day done: running again reads nothing.
    const third = await go(Number.POSITIVE_INFINITY);
    expect(reads).toHaveLength(s.trail.logKeys.length);
    expect(third.records.read).toBe(14);
  });

  it('refuses a checkpoint of another run', async () => {
    const s = buildScenario({ digests: false });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tagwarden-ckpt-')), 'backfill.json');
    const run: RunIdentity = {
      source: s.dir,
      since: SINCE,
      until: UNTIL,
      accounts: [],
      regions: [],
      mode: 'offline',
      verifyDigests: false,
    };
    await runBackfill({
      source: new FolderSource(s.dir),
      since: new Date(SINCE),
      until: new Date(UNTIL),
      mode: 'offline',
      settings: SETTINGS,
      checkpoint: Checkpoint.open(file, run),
    });
    expect(() => Checkpoint.open(file, run)).not.toThrow();
    expect(() => Checkpoint.open(file, { ...run, mode: 'apply' })).toThrow(/belongs to another run/);
  });
});
