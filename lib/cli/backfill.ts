import { readFileSync } from 'node:fs';
import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { ClientPool } from '../../lambda/aws/clients';
import { TaggerCredentials } from '../../lambda/aws/credentials';
import { IamTagReader } from '../../lambda/aws/iam-tags';
import { Checkpoint } from '../backfill/checkpoint';
import { DigestLedger, PublicKeySource, publicKeyFromDer, publicKeysFromList } from '../backfill/digests';
import { progressBar } from '../backfill/progress-bar';
import { AccountRateLimiter } from '../backfill/rate-limit';
import { runBackfill } from '../backfill/run';
import { FolderSource, parseSourceArg, S3Source, TrailSource } from '../backfill/source';
import { BackfillSummary, formatSummary } from '../backfill/summary';
import { TagwardenConfig } from '../config';
import { readJsonFile } from '../explain/input';
import { iamTagsFromFile } from '../explain/offline-sources';
import { RETRY_CONFIG, callerRegion } from '../common/aws-clients';
import { CliError, EXIT } from '../common/cli-error';
import { formatEvent } from './explain';
import { jsonHeader, printJson } from './json-output';
import { Registrar } from './program';
import { COMMAND_SUMMARY } from './summaries';

interface BackfillOptions {
  source: string;
  since: string;
  until?: string;
  accounts?: string;
  regions?: string;
  offline?: boolean;
  apply?: boolean;
  verifyDigests?: boolean;
  publicKeys?: string;
  principalTags?: string;
  checkpoint?: string;
  rate: string;
  concurrency: string;
}

/**
 * Calls per second per account by default. The Resource Groups Tagging API's TagResources and GetResources quotas
 * are a few calls a second per account and region; the live tagger shares them, so backfill stays well below.
 */
export const DEFAULT_RATE_PER_ACCOUNT = 5;

/** Bumped when a field of the `backfill --json` summary changes meaning or is removed. */
export const BACKFILL_JSON_VERSION = 1;

export const registerBackfill: Registrar = (program, ctx) => {
  program
    .command('backfill')
    .description(COMMAND_SUMMARY.backfill)
    .requiredOption(
      '--source <s3://BUCKET/PREFIX | DIR>',
      'the organization trail: its bucket and prefix, or a local folder of the same layout',
    )
    .requiredOption(
      '--since <date>',
      'the first creation time to backfill (ISO 8601, e.g. 2026-10-01); STS events are read from 36 hours before it',
    )
    .option('--until <date>', 'the end of the range, exclusive (default: now)')
    .option('--accounts <ids>', 'only these accounts (comma-separated)')
    .option('--regions <regions>', 'only these regions (comma-separated)')
    .option('--offline', 'read no AWS at all: print the plan of each create event from the logs alone, like explain')
    .option('--apply', 'write the tags (otherwise AWS is only read, and what would be written is printed)')
    .option(
      '--verify-digests',
      'use only log files that a CloudTrail digest file with a valid signature lists with their hash',
    )
    .option(
      '--public-keys <file>',
      'with --verify-digests: saved output of "aws cloudtrail list-public-keys" (needed with --offline)',
    )
    .option('--principal-tags <file>', 'with --offline: IAM tags of principals, as for explain')
    .option('--checkpoint <file>', 'save progress here, and resume from it: a resumed run reads no done file again')
    .option('--rate <n>', 'tagging API calls per second per account', String(DEFAULT_RATE_PER_ACCOUNT))
    .option('--concurrency <n>', 'files listed and read at once', '8')
    .addHelpText(
      'after',
      '\nPermissions, layout and output: docs/backfill.md. --offline --json prints one explain-contract object per create event, one per line.',
    )
    .action(async (opts: BackfillOptions) => {
      const config = ctx.config();
      const { json, region } = ctx.globals();
      const input = validate(opts);
      const source = makeSource(opts.source);
      const settings = {
        protectedTagPrefix: config.protectedTagPrefix,
        ownerTagKey: config.ownerTagKey,
        propagation: config.propagation,
        conflict: config.conflict,
      };
      const mode = opts.offline ? 'offline' : opts.apply ? 'apply' : 'dry-run';
      let checkpoint: Checkpoint;
      try {
        checkpoint = Checkpoint.open(opts.checkpoint, {
          source: source.label,
          since: input.since.toISOString(),
          until: input.until.toISOString(),
          accounts: input.accounts,
          regions: input.regions,
          mode,
          verifyDigests: !!opts.verifyDigests,
        });
      } catch (e) {
        throw new CliError((e as Error).message, EXIT.usage);
      }
      const keys = opts.verifyDigests ? publicKeys(opts) : undefined;
      const abort = new AbortController();
      const stop = () => {
        ctx.output.err(
          'tagwarden: stopping: finishing the events already read and saving the checkpoint (press Ctrl-C again to quit at once)',
        );
        process.off('SIGINT', stop);
        abort.abort();
      };
      process.on('SIGINT', stop);
      try {
        const summary = await runBackfill({
          source,
          since: input.since,
          until: input.until,
          accounts: input.accounts,
          regions: input.regions,
          mode,
          settings,
          online: opts.offline ? undefined : online(config, region, input.rate),
          offlineIamTags: opts.principalTags
            ? iamTagsFromFile(readJsonFile(opts.principalTags, '--principal-tags'), opts.principalTags)
            : undefined,
          digests: keys ? new DigestLedger(source, keys) : undefined,
          checkpoint,
          readConcurrency: input.concurrency,
          onExplained: (e) => ctx.output.out(json ? JSON.stringify(e) : formatEvent(e)),
          progress: json ? undefined : progressBar(ctx.output, !!process.stderr.isTTY),
          signal: abort.signal,
        });
        // Offline, the summary is the last of the JSON lines, so it stays on one line and apart from the events.
        if (!json) ctx.output.out(formatSummary(summary));
        else if (mode === 'offline')
          ctx.output.out(JSON.stringify({ ...jsonHeader(ctx, BACKFILL_JSON_VERSION), summary }));
        else printJson(ctx, BACKFILL_JSON_VERSION, summary);
        exitFor(summary);
      } finally {
        process.off('SIGINT', stop);
      }
    });
};

/** The summary is printed either way; the exit code then says whether the run finished and every write succeeded. */
function exitFor(summary: BackfillSummary): void {
  if (!summary.complete) {
    throw new CliError(
      'backfill stopped before the end of the range: run it again with the same --checkpoint to resume',
      EXIT.incomplete,
    );
  }
  const failed = Object.values(summary.resources.failed).reduce((n, r) => n + r.count, 0);
  if (failed > 0)
    throw new CliError(`backfill: ${failed} resource(s) could not be tagged (see the summary)`, EXIT.failed);
}

interface Validated {
  since: Date;
  until: Date;
  accounts: string[];
  regions: string[];
  rate: number;
  concurrency: number;
}

function validate(opts: BackfillOptions): Validated {
  const date = (flag: string, v: string): Date => {
    const d = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) ? new Date(v) : new Date(Number.NaN);
    if (Number.isNaN(d.getTime()))
      throw new CliError(
        `${flag} must be an ISO 8601 date or time such as 2026-10-01 or 2026-10-01T12:00:00Z, received "${v}"`,
        EXIT.usage,
      );
    return d;
  };
  const since = date('--since', opts.since);
  const until = opts.until ? date('--until', opts.until) : new Date();
  if (until <= since)
    throw new CliError(`--until (${until.toISOString()}) must be after --since (${since.toISOString()})`, EXIT.usage);
  const list = (v: string | undefined) =>
    v
      ? v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : [];
  const accounts = list(opts.accounts);
  const badAccount = accounts.find((a) => !/^\d{12}$/.test(a));
  if (badAccount)
    throw new CliError(
      `--accounts takes 12-digit account ids separated by commas, received "${badAccount}"`,
      EXIT.usage,
    );
  const regions = list(opts.regions);
  const badRegion = regions.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r));
  if (badRegion)
    throw new CliError(
      `--regions takes region names such as eu-west-1 separated by commas, received "${badRegion}"`,
      EXIT.usage,
    );
  if (opts.offline && opts.apply)
    throw new CliError('--offline reads no AWS and so cannot --apply: drop one of them', EXIT.usage);
  if (opts.principalTags && !opts.offline)
    throw new CliError(
      '--principal-tags is for --offline; without it IAM tags are read through the tagger role',
      EXIT.usage,
    );
  if (opts.offline && opts.verifyDigests && !opts.publicKeys) {
    throw new CliError(
      '--verify-digests with --offline needs --public-keys FILE (the saved output of "aws cloudtrail list-public-keys"): offline, CloudTrail cannot be asked',
      EXIT.usage,
    );
  }
  if (opts.publicKeys && !opts.verifyDigests)
    throw new CliError('--public-keys is used only with --verify-digests', EXIT.usage);
  if (opts.offline && parseSourceArg(opts.source).kind === 's3')
    throw new CliError(
      '--offline reads no AWS: download the trail folder first (aws s3 sync) and pass the folder as --source',
      EXIT.usage,
    );
  const positive = (flag: string, v: string) => {
    const n = Number(v);
    if (!(n > 0) || !Number.isFinite(n))
      throw new CliError(`${flag} must be a positive number, received "${v}"`, EXIT.usage);
    return n;
  };
  return {
    since,
    until,
    accounts,
    regions,
    rate: positive('--rate', opts.rate),
    concurrency: Math.ceil(positive('--concurrency', opts.concurrency)),
  };
}

function makeSource(arg: string): TrailSource {
  const parsed = parseSourceArg(arg);
  if (parsed.kind === 'folder') return new FolderSource(parsed.dir);
  // The trail bucket's region need not be ours: the client follows S3's redirect to it. --profile selects the
  // credentials (often of the log-archive account); GetObject decrypts SSE-KMS objects with kms:Decrypt.
  return new S3Source(
    new S3Client({ ...RETRY_CONFIG, followRegionRedirects: true, region: process.env.AWS_REGION ?? 'us-east-1' }),
    parsed.bucket,
    parsed.prefix,
  );
}

function online(config: TagwardenConfig, region: string | undefined, rate: number) {
  const sts = new STSClient({ ...RETRY_CONFIG, region: callerRegion(region, config.homeRegion) });
  const clients = new ClientPool(new TaggerCredentials({ roleName: config.taggerRoleName, sts }));
  return {
    clients,
    iamTags: new IamTagReader({ clients, ttlSeconds: config.tagger.iamTagCacheSeconds }),
    limiter: new AccountRateLimiter(rate),
  };
}

/** CloudTrail's public keys: from a saved list, or from ListPublicKeys in each digest's region. */
function publicKeys(opts: BackfillOptions): PublicKeySource {
  if (opts.publicKeys) {
    try {
      return publicKeysFromList(
        JSON.parse(readFileSync(opts.publicKeys, 'utf8')) as unknown,
        `--public-keys ${opts.publicKeys}`,
      );
    } catch (e) {
      throw new CliError((e as Error).message, EXIT.usage);
    }
  }
  const clients = new Map<string, CloudTrailClient>();
  const cache = new Map<string, Promise<Map<string, ReturnType<typeof publicKeyFromDer>>>>();
  return {
    key: async (digestRegion, fingerprint, at) => {
      const day = at.toISOString().slice(0, 10);
      const id = `${digestRegion}/${day}`;
      let keys = cache.get(id);
      if (!keys) {
        let client = clients.get(digestRegion);
        if (!client)
          clients.set(digestRegion, (client = new CloudTrailClient({ ...RETRY_CONFIG, region: digestRegion })));
        const listing = client.send(
          new ListPublicKeysCommand({ StartTime: new Date(`${day}T00:00:00Z`), EndTime: new Date(`${day}T23:59:59Z`) }),
        );
        keys = listing.then(
          (out) =>
            new Map(
              (out.PublicKeyList ?? [])
                .filter((k) => k.Value && k.Fingerprint)
                .map((k) => [k.Fingerprint!, publicKeyFromDer(k.Value!)]),
            ),
        );
        cache.set(id, keys);
      }
      return (await keys).get(fingerprint);
    },
  };
}
