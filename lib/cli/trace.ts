import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { SQSClient } from '@aws-sdk/client-sqs';
import { setTimeout as wait } from 'node:timers/promises';
import { DLQ_NAMES, ParkedMessage } from '../operations/dead-letters';
import { peekQueue } from '../operations/peek';
import { TraceTarget, traceQuery, traceTarget } from '../operations/trace-query';
import { buildTraceReport, renderTrace, TraceLine, traceLine, TraceReport } from '../operations/trace-report';
import { CENTRAL_PROFILE_OPTION, centralAccess, CentralAccess, CentralOptions } from './central-access';
import { CliError, EXIT } from '../common/cli-error';
import { printJson } from './json-output';
import { Output, Registrar } from './program';
import { COMMAND_SUMMARY } from './summaries';

/** Bumped when a field of `trace --json` changes meaning or is removed. */
export const TRACE_JSON_VERSION = 1;
/** Exit code when the event or resource was never seen in the window. */
export const NEVER_SEEN_EXIT = EXIT.incomplete;
const POLL_MS = 1000;
/** Logs Insights queries run for at most 60 minutes; the CLI gives up long before. */
const QUERY_TIMEOUT_MS = 5 * 60 * 1000;

export interface TraceDeps {
  sleep(ms: number): Promise<unknown>;
  now(): number;
}

const realDeps: TraceDeps = { sleep: (ms) => wait(ms), now: Date.now };

interface TraceOptions extends CentralOptions {
  hours: string;
}

/** `tagwarden trace <event id | resource ARN>`. */
export function traceCommand(deps: TraceDeps): Registrar {
  return (program, ctx) => {
    program
      .command('trace')
      .argument('<event-id-or-arn>', 'an EventBridge or CloudTrail event id, or the ARN of a resource')
      .summary(COMMAND_SUMMARY.trace)
      .description(
        "What happened to one event or resource: queries the functions' logs (CloudWatch Logs Insights) " +
          'for its outcome and peeks at ' +
          `the DLQs. Prints tagged (with the tags), skipped, retried, dead-lettered or never seen; exits ` +
          `${NEVER_SEEN_EXIT} when never seen`,
      )
      .option('--hours <n>', 'how far back to search', '24')
      .option(...CENTRAL_PROFILE_OPTION)
      .action(async (arg: string, opts: TraceOptions) => {
        const target = traceTarget(arg);
        if ('error' in target) throw new CliError(target.error, EXIT.usage);
        const hours = Number(opts.hours);
        if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 90)
          throw new CliError(
            `--hours must be a number of hours from 1 to 2160 (the log retention), received "${opts.hours}"`,
            2,
          );
        const central = await centralAccess(ctx.config(), opts, 'trace');
        const report = await trace(central, target, hours, deps, ctx.output);
        if (ctx.globals().json) {
          const parked = report.parked.map(({ receiptHandle: _r, ...p }) => p);
          printJson(ctx, TRACE_JSON_VERSION, { ...report, parked });
        } else ctx.output.out(renderTrace(report));
        if (report.outcome === 'never-seen')
          throw new CliError(`${arg} was never seen in the last ${hours} hour(s)`, NEVER_SEEN_EXIT);
      });
  };
}

export const registerTrace = traceCommand(realDeps);

async function trace(
  central: CentralAccess,
  target: TraceTarget,
  hours: number,
  deps: TraceDeps,
  output: Output,
): Promise<TraceReport> {
  const end = Math.floor(deps.now() / 1000);
  return searchOutcome(central, target, end - Math.round(hours * 3600), end, deps, output);
}

/**
 * The outcome lines of the functions for `target` between `start` and `end` (epoch seconds), and its parked
 * messages.
 */
export async function searchOutcome(
  central: CentralAccess,
  target: TraceTarget,
  start: number,
  end: number,
  deps: TraceDeps,
  output: Output,
): Promise<TraceReport> {
  const logGroups = [central.outputs.taggerLogGroup, central.outputs.recorderLogGroup];
  const lines = await runQuery(
    new CloudWatchLogsClient(central.clientConfig),
    logGroups,
    traceQuery(target),
    start,
    end,
    deps,
    output,
  );
  const sqs = new SQSClient(central.clientConfig);
  const urls = {
    tagger: central.outputs.taggerDlqUrl,
    session: central.outputs.sessionDlqUrl,
    delivery: central.outputs.deliveryDlqUrl,
  };
  const parked: ParkedMessage[] = [];
  for (const q of DLQ_NAMES) {
    const messages = await peekQueue(sqs, urls[q], q);
    parked.push(
      ...messages.filter((m) => (target.kind === 'event' ? m.eventId === target.id : m.body.includes(target.arn))),
    );
  }
  const iso = (s: number) => new Date(s * 1000).toISOString();
  return buildTraceReport(target, { start: iso(start), end: iso(end), logGroups }, lines, parked);
}

async function runQuery(
  logs: CloudWatchLogsClient,
  logGroupNames: string[],
  queryString: string,
  startTime: number,
  endTime: number,
  deps: TraceDeps,
  output: Output,
): Promise<TraceLine[]> {
  const { queryId } = await logs.send(new StartQueryCommand({ logGroupNames, queryString, startTime, endTime }));
  if (!queryId) throw new CliError('CloudWatch Logs started no query');
  const began = deps.now();
  for (;;) {
    const r = await logs.send(new GetQueryResultsCommand({ queryId }));
    if (r.status === 'Complete') {
      return (r.results ?? []).map((row) => {
        const get = (name: string) => row.find((c) => c.field === name)?.value;
        return traceLine({ timestamp: get('@timestamp'), log: get('@log'), message: get('@message') });
      });
    }
    if (r.status !== 'Running' && r.status !== 'Scheduled')
      throw new CliError(`the Logs Insights query ended ${r.status ?? 'without a status'}`);
    if (deps.now() - began > QUERY_TIMEOUT_MS)
      throw new CliError(
        `the Logs Insights query ${queryId} did not finish within ${QUERY_TIMEOUT_MS / 60000} minutes`,
      );
    output.err(`querying the function logs: ${r.status}, ${r.statistics?.recordsScanned ?? 0} records scanned`);
    await deps.sleep(POLL_MS);
  }
}
