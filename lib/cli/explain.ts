import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { ClientPool } from '../../lambda/aws/clients';
import { TaggerCredentials } from '../../lambda/aws/credentials';
import { IamTagReader } from '../../lambda/aws/iam-tags';
import { DynamoSessionStore, SessionStore } from '../../lambda/aws/session-store';
import { TagwardenConfig } from '../config';
import { EXPLAIN_CONTRACT_VERSION, ExplainedEvent, ExplainReport } from '../explain/contract';
import { explainEvents, ExplainSources } from '../explain/explain';
import { readEvents, readJsonFile } from '../explain/input';
import { MemorySessionStore } from '../explain/memory-session-store';
import { iamTagsFromFile, noIamTags, sessionsFromFile } from '../explain/offline-sources';
import { RETRY_CONFIG, callerRegion } from './aws-clients';
import { CliError } from './errors';
import { Registrar } from './program';

interface ExplainOptions {
  principalTags?: string;
  sessions?: string;
  account?: string;
  live?: boolean;
  sessionTable?: string;
  sessionTableRegion?: string;
}

export const registerExplain: Registrar = (program, ctx) => {
  program
    .command('explain')
    .description('Show what tagwarden would do with CloudTrail events (offline unless --live)')
    .argument('<file>', 'an EventBridge event, a CloudTrail record, a CloudTrail log file (gzip too) or a JSON array; - for standard input')
    .option('--principal-tags <file>', 'IAM tags of principals: {"arn:aws:iam::ACCOUNT:role/NAME": {"key": "value"}}')
    .option('--sessions <file>', 'known session records: [{"accessKeyId": "ASIA...", "account": "ACCOUNT", "tags": {...}}]')
    .option('--account <id>', 'the account of raw records that name none (the output marks it as assumed)')
    .option('--live', 'read IAM tags through the tagger role of each event\'s account (needs AWS credentials)')
    .option('--session-table <name>', 'with --live: read session records from this session table')
    .option('--session-table-region <region>', 'with --live: the session table\'s region (default: the config\'s homeRegion)')
    .addHelpText('after', '\nThe --json output is a versioned contract: {"version": 1, "events": [...]}, one object per event (see README).')
    .action(async (file: string, opts: ExplainOptions) => {
      const config = ctx.config();
      if (opts.account !== undefined && !/^\d{12}$/.test(opts.account)) throw new CliError(`--account must be a 12-digit account id, received "${opts.account}"`, 2);
      if (opts.sessionTable && !opts.live) throw new CliError('--session-table reads the deployed table and needs --live', 2);
      const events = readEvents(file);
      const explained = await explainEvents(events, sourcesFor(config, opts, ctx.globals().region));
      const report: ExplainReport = { version: EXPLAIN_CONTRACT_VERSION, events: explained };
      ctx.output.out(ctx.globals().json ? JSON.stringify(report, null, 2) : explained.map(formatEvent).join('\n'));
    });
};

function sourcesFor(config: TagwardenConfig, opts: ExplainOptions, regionFlag: string | undefined): ExplainSources {
  const settings = { protectedTagPrefix: config.protectedTagPrefix, ownerTagKey: config.ownerTagKey, propagation: config.propagation, conflict: config.conflict };
  const known = opts.sessions ? sessionsFromFile(readJsonFile(opts.sessions, '--sessions'), opts.sessions) : [];
  const offlineIam = opts.principalTags ? iamTagsFromFile(readJsonFile(opts.principalTags, '--principal-tags'), opts.principalTags) : noIamTags;
  if (!opts.live) return { settings, sessions: new MemorySessionStore(known), iamTags: offlineIam, defaultAccount: opts.account };

  const sts = new STSClient({ ...RETRY_CONFIG, region: callerRegion(regionFlag, config.homeRegion) });
  const iamTags = new IamTagReader({ clients: new ClientPool(new TaggerCredentials({ roleName: config.taggerRoleName, sts })), ttlSeconds: config.tagger.iamTagCacheSeconds });
  const sessions = opts.sessionTable
    ? readOnly(new DynamoSessionStore(new DynamoDBClient({ ...RETRY_CONFIG, region: opts.sessionTableRegion ?? config.homeRegion }), opts.sessionTable, config.tagger.sessionDeliveryWindowSeconds))
    : new MemorySessionStore(known);
  return { settings, sessions, iamTags, defaultAccount: opts.account };
}

/** Explain never writes: the deployed table is only read, and "would record" is the answer for an STS event. */
function readOnly(store: SessionStore): SessionStore {
  return { lookup: (account, identity, now) => store.lookup(account, identity, now), put: async () => ({ status: 'written' }) };
}

export function formatEvent(e: ExplainedEvent): string {
  const lines = [`#${e.index} ${e.eventSource ?? '?'} ${e.eventName ?? '?'} in ${e.account ?? '?'}${e.accountAssumed ? ' (assumed)' : ''} ${e.region ?? ''}: ${e.action.toUpperCase()}`, `  ${e.reason}`];
  if (e.principal) lines.push(`  principal: ${e.principal.type} ${e.principal.arn}${e.principal.sessionKey ? ` (session ${e.principal.sessionKey})` : ''}`);
  for (const r of e.resources) lines.push(`  resource: ${r.service} ${r.type} ${r.id}  ${r.arn}`);
  for (const [key, value] of Object.entries(e.tags)) lines.push(`  tag: ${key}=${value}  [${e.tagSources[key]}]`);
  for (const s of e.skipped) lines.push(`  skipped: ${s.key} (${s.reason}) ${s.detail}`);
  for (const w of e.warnings) lines.push(`  warning: ${w}`);
  if (e.session) {
    const s = e.session;
    lines.push(`  session: ${s.accessKeyId} ${s.sessionArn} expires ${s.expiresAt}`);
    lines.push(`  session tags: ${JSON.stringify(s.tags)}  transitive: ${s.transitiveTagKeys.join(', ') || '(none)'}`);
  }
  return lines.join('\n');
}
