import { IamTagReader } from '../lambda/aws/iam-tags';
import { Checkpoint } from '../lib/backfill/checkpoint';
import { AccountRateLimiter } from '../lib/backfill/rate-limit';
import { runBackfill } from '../lib/backfill/run';
import { FolderSource } from '../lib/backfill/source';
import { AwsWorld } from '../test/support/aws-world';
import { testClients } from '../test/support/engine';

/*
 * One backfill run for the benchmark, alone in its process: `ts-node bench/backfill-child.ts DIR offline|dry-run`.
 * Prints one JSON line: time, records per second, peak RSS (the process's maximum resident set) and peak heap.
 */

async function main(): Promise<void> {
  const [dir, mode] = process.argv.slice(2) as [string, 'offline' | 'dry-run'];
  const settings = {
    protectedTagPrefix: 'scp-',
    ownerTagKey: 'Owner',
    propagation: { include: ['*'], exclude: [] },
    conflict: 'keep' as const,
  };
  let online;
  if (mode === 'dry-run') {
    // The AWS double answers at once: the figure is backfill's own cost, not AWS latency.
    new AwsWorld().install();
    const clients = testClients();
    online = {
      clients,
      iamTags: new IamTagReader({ clients, ttlSeconds: 3600 }),
      limiter: new AccountRateLimiter(1e9),
    };
  }
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
  const started = process.hrtime.bigint();
  const summary = await runBackfill({
    source: new FolderSource(dir),
    since: new Date('2026-09-01T00:00:00Z'),
    until: new Date('2026-10-01T00:00:00Z'),
    mode,
    settings,
    online,
    checkpoint: Checkpoint.open(undefined, {
      source: dir,
      since: '',
      until: '',
      accounts: [],
      regions: [],
      mode,
      verifyDigests: false,
    }),
    today: new Date('2026-10-02T00:00:00Z'),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  process.stdout.write(
    `${JSON.stringify({
      mode,
      seconds: Math.round(seconds * 10) / 10,
      recordsPerSecond: Math.round(summary.records.read / seconds),
      // maxRSS is in kilobytes.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      peakHeapMb: mb(peakHeap),
      records: summary.records.read,
      createEvents: summary.records.createEvents,
      resources: summary.resources.tagged + summary.resources.alreadyRight,
      awsCalls: summary.awsCalls,
    })}\n`,
  );
}

void main();
