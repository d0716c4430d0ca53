import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { ClientPool } from '../../lambda/aws/clients';
import { isAccountId } from '../../lambda/core/aws-syntax';
import { TaggerCredentials } from '../../lambda/aws/credentials';
import { IamTagReader } from '../../lambda/aws/iam-tags';
import { DynamoSessionStore } from '../../lambda/aws/session-store';
import { SessionStore } from '../../lambda/engine/ports';
import { TagwardenConfig } from '../config';
import { EXPLAIN_CONTRACT_VERSION, ExplainedEvent, ExplainReport } from '../explain/contract';
import { explainEvents, ExplainSources } from '../explain/explain';
import { readEvents, readJsonFile } from '../explain/input';
import { MemorySessionStore } from '../common/memory-session-store';
import { iamTagsFromFile, noIamTags, sessionsFromFile } from '../explain/offline-sources';
import { RETRY_CONFIG, callerRegion } from '../common/aws-clients';
import { excerpt } from '../excerpt';
import { CliError, EXIT } from '../common/cli-error';
import { jsonHeader } from './json-output';
import { Registrar } from './program';
import { COMMAND_SUMMARY } from './summaries';

interface ExplainOptions {
  principalTags?: string;
  sessions?: string;
  account?: string;
  live?: boolean;
  sessionTable?: string;
  sessionTableRegion?: string;
  allowPartial?: boolean;
}

export const registerExplain: Registrar = (program, ctx) => {
  program
    .command('explain')
    .description(COMMAND_SUMMARY.explain)
    .argument(
      '<file>',
      'an EventBridge event, a CloudTrail record, a CloudTrail log file (gzip too) or a JSON array; - for standard input',
    )
    .option(
      '--principal-tags <file>',
      'IAM tags of principals: {"arn:aws:iam::ACCOUNT:role/NAME": {"key": "value"}}; ' +
        'a role may be {"tags": {...}, "trustPolicy": {...}} to tell whether its sessions can carry tags',
    )
    .option(
      '--sessions <file>',
      'known session records: [{"accessKeyId": "ASIA...", "account": "ACCOUNT", "tags": {...}}]',
    )
    .option('--account <id>', 'the account of raw records that name none (the output marks it as assumed)')
    .option('--live', "read IAM tags through the tagger role of each event's account (needs AWS credentials)")
    .option('--session-table <name>', 'with --live: read session records from this session table')
    .option(
      '--session-table-region <region>',
      "with --live: the session table's region (default: the config's homeRegion)",
    )
    .option(
      '--allow-partial',
      'with --live: exit 0 even when some IAM tags could not be read (each such event says so)',
    )
    .addHelpText(
      'after',
      '\nThe --json output is a versioned contract: {"version": 1, "config", "events": [...], "summary"} (see docs/cli.md).',
    )
    .action(async (file: string, opts: ExplainOptions) => {
      // Offline, explain needs no organization: the built-in defaults serve. --live reads AWS and needs the real config.
      const config = opts.live ? ctx.config() : ctx.offlineConfig();
      if (opts.account !== undefined && !isAccountId(opts.account))
        throw new CliError(`--account must be a 12-digit account id, received ${excerpt(opts.account)}`, EXIT.usage);
      if (opts.sessionTable && !opts.live)
        throw new CliError('--session-table reads the deployed table and needs --live', EXIT.usage);
      if (opts.allowPartial && !opts.live) throw new CliError('--allow-partial only applies with --live', EXIT.usage);
      const events = readEvents(file);
      const sources = sourcesFor(config, opts, ctx.globals().region);
      const explained = await explainEvents(events, sources.sources);
      const summary = summarize(explained);
      const report: ExplainReport = { ...jsonHeader(ctx, EXPLAIN_CONTRACT_VERSION), events: explained, summary };
      if (ctx.globals().json) ctx.output.out(JSON.stringify(report, null, 2));
      else if (explained.length === 0) ctx.output.out(`no events in ${file === '-' ? 'standard input' : file}`);
      else ctx.output.out([...explained.map(formatEvent), summaryLine(summary, explained.length)].join('\n'));
      const unread = sources.unreadable();
      if (unread.length > 0 && !opts.allowPartial) {
        throw new CliError(
          `${unread.length} IAM tag read(s) failed, so the plan above may lack tags (first: ${unread[0]}); ` +
            'fix access to the tagger role, or pass --allow-partial to accept a partial answer',
        );
      }
    });
};

function summarize(events: ExplainedEvent[]): ExplainReport['summary'] {
  const summary: ExplainReport['summary'] = {};
  for (const e of events) summary[e.action] = (summary[e.action] ?? 0) + 1;
  return summary;
}

function summaryLine(summary: ExplainReport['summary'], total: number): string {
  const parts = Object.entries(summary).map(([action, n]) => `${n} ${action}`);
  return `${total} event(s): ${parts.join(', ')}`;
}

/** The sources, and the IAM reads that failed: with --live, a failed read makes the answer partial. */
function sourcesFor(
  config: TagwardenConfig,
  opts: ExplainOptions,
  regionFlag: string | undefined,
): { sources: ExplainSources; unreadable: () => string[] } {
  const settings = {
    protectedTagPrefix: config.protectedTagPrefix,
    ownerTagKey: config.ownerTagKey,
    propagation: config.propagation,
    conflict: config.conflict,
    crossAccountCreators: config.crossAccountCreators,
  };
  const known = opts.sessions ? sessionsFromFile(readJsonFile(opts.sessions, '--sessions'), opts.sessions) : [];
  const offlineIam = opts.principalTags
    ? iamTagsFromFile(readJsonFile(opts.principalTags, '--principal-tags'), opts.principalTags)
    : noIamTags;
  if (!opts.live)
    return {
      sources: { settings, sessions: new MemorySessionStore(known), iamTags: offlineIam, defaultAccount: opts.account },
      unreadable: () => [],
    };

  const sts = new STSClient({ ...RETRY_CONFIG, region: callerRegion(regionFlag, config.homeRegion) });
  const iamTags = new IamTagReader({
    clients: new ClientPool(new TaggerCredentials({ roleName: config.taggerRoleName, sts })),
    ttlSeconds: config.tagger.iamTagCacheSeconds,
  });
  const sessions = opts.sessionTable
    ? readOnly(
        new DynamoSessionStore(
          new DynamoDBClient({ ...RETRY_CONFIG, region: opts.sessionTableRegion ?? config.homeRegion }),
          opts.sessionTable,
          config.tagger.sessionDeliveryWindowSeconds,
        ),
      )
    : new MemorySessionStore(known);
  const failed: string[] = [];
  const watchedIam: ExplainSources['iamTags'] = {
    read: async (ref) => {
      const result = await iamTags.read(ref);
      if (result.status === 'unavailable') failed.push(result.reason);
      return result;
    },
  };
  return {
    sources: { settings, sessions, iamTags: watchedIam, defaultAccount: opts.account },
    unreadable: () => failed,
  };
}

/** Explain never writes: the deployed table is only read, and "would record" is the answer for an STS event. */
function readOnly(store: SessionStore): SessionStore {
  return {
    lookup: (account, identity, now) => store.lookup(account, identity, now),
    put: async () => ({ status: 'written' }),
  };
}

export function formatEvent(e: ExplainedEvent): string {
  const lines = [
    `#${e.index} ${e.eventSource ?? '?'} ${e.eventName ?? '?'} in ${e.account ?? '?'}${e.accountAssumed ? ' (assumed)' : ''} ${e.region ?? ''}: ${e.action.toUpperCase()}`,
    `  ${e.reason}`,
  ];
  if (e.principal)
    lines.push(
      `  principal: ${e.principal.type} ${e.principal.arn}${e.principal.sessionKey ? ` (session ${e.principal.sessionKey})` : ''}`,
    );
  // The id is the ARN for many services: print it once.
  for (const r of e.resources)
    lines.push(`  resource: ${r.service} ${r.type} ${r.id}${r.id === r.arn ? '' : `  ${r.arn}`}`);
  for (const [key, value] of Object.entries(e.tags)) lines.push(`  tag: ${key}=${value}  [${e.tagSources[key]}]`);
  for (const s of e.skipped) lines.push(`  skipped: ${s.key} (${s.reason}) ${s.detail}`);
  for (const w of e.warnings) lines.push(`  warning: ${w}`);
  if (e.sessionWait) {
    lines.push(`  session wait: ${e.sessionWait.waits ? 'waits' : 'does not wait'} (${e.sessionWait.reason})`);
  }
  if (e.session) {
    const s = e.session;
    lines.push(`  session: ${s.accessKeyId} ${s.sessionArn} expires ${s.expiresAt}`);
    lines.push(`  session tags: ${JSON.stringify(s.tags)}  transitive: ${s.transitiveTagKeys.join(', ') || '(none)'}`);
  }
  return lines.join('\n');
}
