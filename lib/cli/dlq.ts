import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, SendMessageCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { Option } from 'commander';
import { CentralOutputs } from '../central-outputs';
import { DLQ_DESCRIPTION, DLQ_NAMES, DlqName, groupByReason, ParkedMessage } from '../operations/dead-letters';
import { DEFAULT_PEEK_LIMIT, peekQueue } from '../operations/peek';
import { CENTRAL_PROFILE_OPTION, centralAccess, CentralAccess, CentralOptions } from './central-access';
import { CliError, EXIT } from '../common/cli-error';
import { printJson } from './json-output';
import { Output, Registrar } from './program';
import { COMMAND_SUMMARY } from './summaries';
import { excerpt } from '../excerpt';

/** Bumped when a field of `dlq list --json` changes meaning or is removed. */
export const DLQ_LIST_JSON_VERSION = 1;
/** Bumped when a field of `dlq redrive --json` changes meaning or is removed. */
export const DLQ_REDRIVE_JSON_VERSION = 1;

interface DlqOptions extends CentralOptions {
  queue?: DlqName;
  max: string;
  reason?: string;
  apply?: boolean;
}

const queueOption = () => new Option('--queue <name>', 'only this DLQ').choices([...DLQ_NAMES]);
const maxOption = () =>
  new Option('--max <n>', 'read at most this many messages per DLQ').default(String(DEFAULT_PEEK_LIMIT));

/** `tagwarden dlq list | redrive`: the three dead-letter queues of the central account. */
export const registerDlq: Registrar = (program, ctx) => {
  const dlq = program.command('dlq').description(COMMAND_SUMMARY.dlq);
  dlq
    .command('list')
    .description('List parked messages grouped by queue and reason, with their attributes, account and event name')
    .addOption(queueOption())
    .addOption(maxOption())
    .option(...CENTRAL_PROFILE_OPTION)
    .action(async (opts: DlqOptions) => {
      const limit = peekLimit(opts);
      const central = await centralAccess(ctx.config(), opts, 'dlq-list');
      const messages = await readQueues(central, opts, limit);
      if (ctx.globals().json)
        printJson(ctx, DLQ_LIST_JSON_VERSION, { messages: messages.map(({ receiptHandle: _r, ...m }) => m) });
      else ctx.output.out(renderList(messages));
    });
  dlq
    .command('redrive')
    .description(
      'Send parked events back through the pipeline: the tagger DLQ by StartMessageMoveTask (or, with --reason, ' +
        'message by message), ' +
        'the event-delivery DLQ to the tagger queue, the session DLQ to the recorder (asynchronous invoke). A dry ' +
        'run unless --apply',
    )
    .addOption(queueOption())
    .addOption(maxOption())
    .option('--reason <code>', 'only messages with this code (as `dlq list` shows it)')
    .option('--apply', 'move the messages; without it, print what would move and change nothing')
    .option(...CENTRAL_PROFILE_OPTION)
    .action(async (opts: DlqOptions) => {
      const limit = peekLimit(opts);
      const central = await centralAccess(ctx.config(), opts, 'dlq-redrive');
      const messages = (await readQueues(central, opts, limit)).filter((m) => !opts.reason || m.code === opts.reason);
      const { json } = ctx.globals();
      const report = await redrive(central, messages, opts, ctx.output, json);
      if (json) printJson(ctx, DLQ_REDRIVE_JSON_VERSION, report);
      const failed = report.messages.filter((m) => m.outcome !== 'redrive').length;
      if (failed > 0) throw new CliError(`${failed} message(s) not redriven: see ${json ? 'the result' : 'above'}`);
    });
};

/** Checked before the operator role is assumed: a bad argument is refused before any call. */
function peekLimit(opts: DlqOptions): number {
  const limit = Number(opts.max);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new CliError(`--max must be a positive whole number, received ${excerpt(opts.max)}`, EXIT.usage);
  }
  return limit;
}

async function readQueues(central: CentralAccess, opts: DlqOptions, limit: number): Promise<ParkedMessage[]> {
  const sqs = new SQSClient(central.clientConfig);
  const messages: ParkedMessage[] = [];
  for (const q of opts.queue ? [opts.queue] : DLQ_NAMES)
    messages.push(...(await peekQueue(sqs, queueUrl(central.outputs, q), q, limit)));
  return messages;
}

function queueUrl(o: CentralOutputs, q: DlqName): string {
  return q === 'tagger' ? o.taggerDlqUrl : q === 'session' ? o.sessionDlqUrl : o.deliveryDlqUrl;
}

function describe(m: ParkedMessage): string {
  const parts = [m.eventId ?? '(no event id)', m.account ?? '?', m.eventName ?? '?'];
  if (m.receiveCount !== undefined) parts.push(`receives=${m.receiveCount}`);
  if (m.notRedrivable) parts.push(`NOT REDRIVABLE: ${m.notRedrivable}`);
  return parts.join('  ');
}

export function renderList(messages: ParkedMessage[]): string {
  if (messages.length === 0) return 'no parked messages';
  const lines: string[] = [];
  let queue: string | undefined;
  for (const [key, group] of groupByReason(messages)) {
    const [q, code] = key.split('|');
    if (q !== queue) lines.push(`${queue ? '\n' : ''}${DLQ_DESCRIPTION[q as DlqName]}`);
    queue = q;
    lines.push(`  ${code} (${group.length}): ${group[0].reason}`);
    for (const m of group)
      lines.push(`    ${describe(m)}${m.reason !== group[0].reason ? `  reason: ${m.reason}` : ''}`);
  }
  lines.push('', `${messages.length} message(s)`);
  return lines.join('\n');
}

/** Where a redriven message goes. */
type RedriveTarget = 'move-task' | 'tagger-queue' | 'session-recorder';

/** What became, or in a dry run would become, of one message read: the `dlq redrive --json` entries. */
interface RedriveEntry {
  queue: DlqName;
  messageId: string;
  eventId?: string;
  code: string;
  outcome: 'redrive' | 'stays-parked' | 'failed';
  to?: RedriveTarget;
  /** Why it stays parked, or the error that kept it from being sent. */
  detail?: string;
}

interface RedriveReport {
  applied: boolean;
  /** The SQS task that moves the whole tagger DLQ; its handle once started. */
  moveTask: { taskHandle: string | null } | null;
  messages: RedriveEntry[];
}

const entryOf = (m: ParkedMessage, outcome: RedriveEntry['outcome'], extra: Partial<RedriveEntry>): RedriveEntry => ({
  queue: m.queue,
  messageId: m.messageId,
  ...(m.eventId !== undefined ? { eventId: m.eventId } : {}),
  code: m.code,
  outcome,
  ...extra,
});

/**
 * Moves the messages back, or says what it would move. A body that fails the parser checks is never sent: the
 * functions would reject it again. Prints each step as text unless `json`; returns what happened to each message.
 */
async function redrive(
  central: CentralAccess,
  messages: ParkedMessage[],
  opts: DlqOptions,
  output: Output,
  json: boolean | undefined,
): Promise<RedriveReport> {
  const o = central.outputs;
  const sqs = new SQSClient(central.clientConfig);
  const say = (line: string) => (json ? undefined : output.out(line));
  const verb = opts.apply ? 'redriving' : 'would redrive (dry run, pass --apply)';
  const report: RedriveReport = { applied: !!opts.apply, moveTask: null, messages: [] };
  const redrivable = messages.filter((m) => !m.notRedrivable);
  for (const m of messages.filter((x) => x.notRedrivable)) {
    say(`stays parked: ${m.queue} ${describe(m)}`);
    report.messages.push(entryOf(m, 'stays-parked', { detail: m.notRedrivable }));
  }
  const tagger = redrivable.filter((m) => m.queue === 'tagger');
  // The whole tagger DLQ moves in one SQS task; a filter by reason, or any unredrivable message in it,
  // needs the per-message path.
  const wholeQueue =
    !opts.reason && tagger.length > 0 && tagger.length === messages.filter((m) => m.queue === 'tagger').length;
  if (wholeQueue) {
    say(`${verb}: the tagger DLQ (${tagger.length} message(s) read) to the tagger queue by StartMessageMoveTask`);
    report.moveTask = { taskHandle: null };
    if (opts.apply) {
      const { TaskHandle } = await sqs.send(
        new StartMessageMoveTaskCommand({ SourceArn: o.taggerDlqArn, DestinationArn: o.taggerQueueArn }),
      );
      report.moveTask.taskHandle = TaskHandle ?? null;
      say(`started message move task ${TaskHandle ?? ''}`.trimEnd());
    }
    report.messages.push(...tagger.map((m) => entryOf(m, 'redrive', { to: 'move-task' })));
  }
  const lambda = new LambdaClient(central.clientConfig);
  for (const m of redrivable) {
    if (m.queue === 'tagger' && wholeQueue) continue;
    const toRecorder = m.queue === 'session';
    const target = toRecorder ? `the session recorder ${o.recorderFunctionName}` : 'the tagger queue';
    const to: RedriveTarget = toRecorder ? 'session-recorder' : 'tagger-queue';
    say(`${verb}: ${m.queue} ${describe(m)} -> ${target}`);
    if (!opts.apply) {
      report.messages.push(entryOf(m, 'redrive', { to }));
      continue;
    }
    try {
      if (toRecorder) {
        await lambda.send(
          new InvokeCommand({
            FunctionName: o.recorderFunctionName,
            InvocationType: 'Event',
            Payload: new TextEncoder().encode(m.body),
          }),
        );
      } else {
        await sqs.send(new SendMessageCommand({ QueueUrl: o.taggerQueueUrl, MessageBody: m.body }));
      }
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl(o, m.queue), ReceiptHandle: m.receiptHandle }));
      report.messages.push(entryOf(m, 'redrive', { to }));
    } catch (e) {
      const error = `${(e as Error).name}: ${(e as Error).message}`;
      output.err(`not redriven: ${m.queue} ${m.messageId}: ${error}`);
      report.messages.push(entryOf(m, 'failed', { to, detail: error }));
    }
  }
  if (redrivable.length === 0) say('nothing to redrive');
  return report;
}
