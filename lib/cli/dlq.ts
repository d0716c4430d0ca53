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
      const failed = await redrive(central, messages, opts, ctx.output);
      if (failed > 0) throw new CliError(`${failed} message(s) not redriven: see above`);
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

/**
 * Moves the messages back, or says what it would move. A body that fails the parser checks is never sent: the
 * functions would reject it again. Returns the number that could not be moved.
 */
async function redrive(
  central: CentralAccess,
  messages: ParkedMessage[],
  opts: DlqOptions,
  output: Output,
): Promise<number> {
  const o = central.outputs;
  const sqs = new SQSClient(central.clientConfig);
  const verb = opts.apply ? 'redriving' : 'would redrive (dry run, pass --apply)';
  let failed = 0;
  const redrivable = messages.filter((m) => !m.notRedrivable);
  for (const m of messages.filter((x) => x.notRedrivable)) {
    output.out(`stays parked: ${m.queue} ${describe(m)}`);
    failed += 1;
  }
  const tagger = redrivable.filter((m) => m.queue === 'tagger');
  // The whole tagger DLQ moves in one SQS task; a filter by reason, or any unredrivable message in it,
  // needs the per-message path.
  const wholeQueue =
    !opts.reason && tagger.length > 0 && tagger.length === messages.filter((m) => m.queue === 'tagger').length;
  if (wholeQueue) {
    output.out(
      `${verb}: the tagger DLQ (${tagger.length} message(s) read) to the tagger queue by StartMessageMoveTask`,
    );
    if (opts.apply) {
      const { TaskHandle } = await sqs.send(
        new StartMessageMoveTaskCommand({ SourceArn: o.taggerDlqArn, DestinationArn: o.taggerQueueArn }),
      );
      output.out(`started message move task ${TaskHandle ?? ''}`.trimEnd());
    }
  }
  const lambda = new LambdaClient(central.clientConfig);
  for (const m of redrivable) {
    if (m.queue === 'tagger' && wholeQueue) continue;
    const target = m.queue === 'session' ? `the session recorder ${o.recorderFunctionName}` : 'the tagger queue';
    output.out(`${verb}: ${m.queue} ${describe(m)} -> ${target}`);
    if (!opts.apply) continue;
    try {
      if (m.queue === 'session') {
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
    } catch (e) {
      failed += 1;
      output.err(`not redriven: ${m.queue} ${m.messageId}: ${(e as Error).name}: ${(e as Error).message}`);
    }
  }
  if (redrivable.length === 0) output.out('nothing to redrive');
  return failed;
}
