import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteParameterCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { randomBytes } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
import { userInfo } from 'node:os';
import { partitionOf } from '../../lambda/core/aws-syntax';
import { supportedEvents } from '../../lambda/core/registry';
import { SESSION_TABLE } from '../../lambda/core/session';
import { TagwardenConfig } from '../config';
import { FORWARDER_RULE_NAME, OPERATOR_ROLE_NAME, TAGGER_FUNCTION_ROLE_NAME } from '../names';
import { sessionName } from '../principal-tags/iam-principal-tags';
import { awsClients, RETRY_CONFIG, TemporaryCredentials } from '../common/aws-clients';
import { CENTRAL_PROFILE_OPTION, centralAccess, CentralAccess, CentralOptions } from './central-access';
import { CliError, EXIT } from '../common/cli-error';
import { printJson } from './json-output';
import { Output, Registrar } from './program';
import { searchOutcome, TraceDeps } from './trace';
import { COMMAND_SUMMARY } from './summaries';

/** Exit code when a stage of the self-test failed (the report names it). */
export const SELFTEST_FAILED_EXIT = EXIT.incomplete;
/** Stages that fail before selftest has created anything. */
const BEFORE_CHANGE_STAGES: ReadonlySet<string> = new Set(['central', 'actor', 'create']);
/** Exit code after Ctrl-C, as shells report SIGINT. */
export const INTERRUPTED_EXIT = EXIT.interrupted;
/** Bumped when a field of `selftest --json` changes meaning or is removed. */
export const SELFTEST_JSON_VERSION = 1;
/** What selftest creates: a standard-tier String parameter, which is free, under this path. */
export const SELFTEST_PARAMETER_PREFIX = '/tagwarden-selftest/';
const POLL_MS = 5000;

export interface SelftestDeps extends TraceDeps {
  /** Calls `handler` on Ctrl-C until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
  runId(): string;
}

const realDeps: SelftestDeps = {
  sleep: (ms) => wait(ms),
  now: Date.now,
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
  runId: () => randomBytes(6).toString('hex'),
};

interface SelftestOptions extends CentralOptions {
  account: string;
  region?: string;
  role?: string;
  sessionTag: string[];
  timeout: string;
  apply?: boolean;
}

interface Plan {
  account: string;
  region: string;
  role?: string;
  sessionTags: Record<string, string>;
  timeoutSeconds: number;
  parameterName: string;
  parameterArn: string;
}

/** One stage as `selftest --json` gives it: its verdict, the seconds since the start and what it found. */
interface StageResult {
  stage: string;
  result: 'ok' | 'fail' | 'skip';
  seconds: number;
  detail: string;
}

/** How an applied selftest ended, for `--json`: `failedStage` is null when it passed or was interrupted. */
interface SelftestResult {
  passed: boolean;
  interrupted: boolean;
  failedStage: string | null;
  stages: StageResult[];
}

function planJson(p: Plan) {
  return {
    account: p.account,
    region: p.region,
    role: p.role ?? null,
    sessionTags: p.sessionTags,
    timeoutSeconds: p.timeoutSeconds,
    parameterName: p.parameterName,
    parameterArn: p.parameterArn,
  };
}

class Interrupted extends Error {}

class StageFailure extends Error {
  constructor(
    readonly stage: string,
    message: string,
    readonly causes: string[],
  ) {
    super(message);
  }
}

/** `tagwarden selftest`: proves the deployed pipeline with one real create event in one account. */
export function selftestCommand(deps: SelftestDeps): Registrar {
  return (program, ctx) => {
    program
      .command('selftest')
      .summary(COMMAND_SUMMARY.selftest)
      .description(
        `Create an SSM parameter (standard tier, free) under ${SELFTEST_PARAMETER_PREFIX} in an account, wait ` +
          `until tagwarden tags it, report each ` +
          `stage with its time, and delete it, even on failure or Ctrl-C. A dry run unless --apply; exits ` +
          `${SELFTEST_FAILED_EXIT} naming the failed stage (${EXIT.refused} when it failed before creating anything)`,
      )
      .requiredOption('--account <id>', 'the account to test in (12 digits)')
      .option('--role <arn>', 'create the parameter as this role (default: as the caller, who must be in --account)')
      .option(
        '--session-tag <key=value>',
        'pass this session tag when assuming --role (repeatable); its trust policy must allow sts:TagSession',
        collect,
        [],
      )
      .option('--timeout <seconds>', 'how long to wait for the tags', '180')
      .option('--apply', 'run the test; without it, print the plan and call nothing')
      .option(...CENTRAL_PROFILE_OPTION)
      .action(async (opts: SelftestOptions) => {
        const config = ctx.config();
        const plan = makePlan(
          config,
          { ...opts, region: opts.region ?? ctx.globals().region ?? config.homeRegion },
          deps.runId(),
        );
        const json = ctx.globals().json;
        if (!opts.apply) {
          if (json) printJson(ctx, SELFTEST_JSON_VERSION, { applied: false, plan: planJson(plan) });
          else ctx.output.out(renderPlan(config, plan));
          return;
        }
        // With --json the stage lines still go out as they happen, on stderr: a parameter left behind must be named
        // even when the run ends in an error object.
        const text: Output = json ? { out: (t) => ctx.output.err(t), err: (t) => ctx.output.err(t) } : ctx.output;
        const report = json
          ? (result: SelftestResult) =>
              printJson(ctx, SELFTEST_JSON_VERSION, { applied: true, plan: planJson(plan), ...result })
          : undefined;
        await runSelftest(config, plan, opts, deps, text, report);
      });
  };
}

export const registerSelftest = selftestCommand(realDeps);

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function makePlan(config: TagwardenConfig, opts: SelftestOptions & { region: string }, runId: string): Plan {
  if (!/^\d{12}$/.test(opts.account))
    throw new CliError(`--account must be a 12-digit account id, received "${opts.account}"`, EXIT.usage);
  const sessionTags: Record<string, string> = {};
  for (const t of opts.sessionTag) {
    const eq = t.indexOf('=');
    if (eq < 1) throw new CliError(`--session-tag must be key=value, received "${t}"`, EXIT.usage);
    const key = t.slice(0, eq);
    if (key.toLowerCase().startsWith(config.protectedTagPrefix.toLowerCase())) {
      throw new CliError(
        `--session-tag ${key}: keys starting with ${config.protectedTagPrefix} may be passed only by the tagger ` +
          `role; pick another key`,
        2,
      );
    }
    sessionTags[key] = t.slice(eq + 1);
  }
  if (Object.keys(sessionTags).length && !opts.role)
    throw new CliError('--session-tag needs --role: session tags are passed when assuming a role', EXIT.usage);
  if (opts.role) {
    const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/.exec(opts.role);
    if (!m)
      throw new CliError(
        `--role must be an IAM role ARN such as arn:aws:iam::${opts.account}:role/Developer, received "${opts.role}"`,
        2,
      );
    if (m[1] !== opts.account)
      throw new CliError(`--role ${opts.role} is in account ${m[1]}, not in --account ${opts.account}`, EXIT.usage);
    const name = m[2].toLowerCase();
    if ([config.taggerRoleName, TAGGER_FUNCTION_ROLE_NAME, OPERATOR_ROLE_NAME].some((r) => r.toLowerCase() === name)) {
      throw new CliError(
        `--role ${opts.role} is a tagwarden role: selftest must act as an ordinary creator, never as the tagger`,
        2,
      );
    }
  }
  const timeoutSeconds = Number(opts.timeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 10 || timeoutSeconds > 3600) {
    throw new CliError(
      `--timeout must be a whole number of seconds from 10 to 3600, received "${opts.timeout}"`,
      EXIT.usage,
    );
  }
  if (!config.governedRegions.includes(opts.region)) {
    throw new CliError(
      `region ${opts.region} is not in governedRegions (${config.governedRegions.join(', ')}): no forwarder runs there`,
      2,
    );
  }
  const covered = supportedEvents().some(
    (e) => e.eventSource === 'ssm.amazonaws.com' && e.eventNames.includes('PutParameter'),
  );
  if (!covered) throw new CliError('ssm:PutParameter is not a supported create event: selftest has nothing to create');
  const parameterName = `${SELFTEST_PARAMETER_PREFIX}${runId}`;
  const parameterArn = `arn:${partitionOf(opts.region)}:ssm:${opts.region}:${opts.account}:parameter${parameterName}`;
  return {
    account: opts.account,
    region: opts.region,
    role: opts.role,
    sessionTags,
    timeoutSeconds,
    parameterName,
    parameterArn,
  };
}

function tagList(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function withTags(tags: Record<string, string>): string {
  return ` with session tags ${tagList(tags)}; its trust policy must allow sts:TagSession`;
}

export function renderPlan(config: TagwardenConfig, p: Plan): string {
  const as = p.role
    ? `${p.role} (sts:AssumeRole${Object.keys(p.sessionTags).length ? withTags(p.sessionTags) : ''})`
    : 'the caller (its credentials must be in the account)';
  return [
    'selftest plan (dry run: nothing was called; pass --apply to run it)',
    `  1. central: assume ${OPERATOR_ROLE_NAME} in ${config.centralAccountId} (or use --central-profile) and read ` +
      `the central stack outputs`,
    `  2. actor: act in ${p.account} ${p.region} as ${as}`,
    `  3. create: ssm:PutParameter ${p.parameterName} (String, standard tier: free)`,
    `  4. tags: poll ssm:ListTagsForResource every ${POLL_MS / 1000} s for up to ${p.timeoutSeconds} s until it ` +
      `carries ${config.ownerTagKey}` +
      (Object.keys(p.sessionTags).length ? ` and ${tagList(p.sessionTags)}` : ''),
    `  5. session record: dynamodb:GetItem of the acting session's access key in the session table (role sessions ` +
      `only)`,
    `  6. outcome: the tagger's log line for ${p.parameterArn} (Logs Insights) or a DLQ message for it`,
    `  7. cleanup: ssm:DeleteParameter ${p.parameterName}, always, even on failure or Ctrl-C`,
  ].join('\n');
}

async function runSelftest(
  config: TagwardenConfig,
  plan: Plan,
  opts: SelftestOptions,
  deps: SelftestDeps,
  output: Output,
  report?: (result: SelftestResult) => void,
): Promise<void> {
  const started = deps.now();
  const stages: StageResult[] = [];
  let interrupted = false;
  const stopListening = deps.onInterrupt(() => {
    interrupted = true;
    output.err('interrupted: cleaning up');
  });
  const stage = (ok: boolean | 'skip', name: string, detail: string) => {
    const seconds = (deps.now() - started) / 1000;
    stages.push({ stage: name, result: ok === 'skip' ? 'skip' : ok ? 'ok' : 'fail', seconds, detail });
    output.out(
      `[${seconds.toFixed(1).padStart(6)} s] ${ok === 'skip' ? 'skip' : ok ? 'ok  ' : 'FAIL'}  ${name}: ${detail}`,
    );
  };
  const pause = async (ms: number) => {
    if (interrupted) throw new Interrupted();
    await deps.sleep(ms);
    if (interrupted) throw new Interrupted();
  };
  output.out(`selftest in ${plan.account} ${plan.region}, parameter ${plan.parameterName}`);
  let ssm: SSMClient | undefined;
  let created = false;
  let failure: StageFailure | Interrupted | undefined;
  try {
    const central = await atStage('central', () => centralAccess(config, opts, 'selftest'), [
      `your principal must be in adminPrincipals and the central stack deployed, or pass --central-profile`,
    ]);
    stage(true, 'central', 'operator access, stack outputs read');
    const actor = await atStage('actor', () => actAs(plan), []);
    stage(true, 'actor', actor.description);
    ssm = new SSMClient({
      ...RETRY_CONFIG,
      region: plan.region,
      ...(actor.credentials ? { credentials: actor.credentials } : {}),
    });
    const createdAt = deps.now();
    await atStage(
      'create',
      () =>
        ssm!.send(
          new PutParameterCommand({
            Name: plan.parameterName,
            Value: 'tagwarden selftest: deleted when the test ends',
            Type: 'String',
            Tier: 'Standard',
          }),
        ),
      ['the acting principal needs ssm:PutParameter (and ssm:AddTagsToResource is not needed: tagwarden tags it)'],
    );
    created = true;
    stage(true, 'create', plan.parameterName);
    const tags = await waitForTags(ssm, plan, config.ownerTagKey, deps, output, pause);
    const wanted = { [config.ownerTagKey]: undefined, ...plan.sessionTags };
    const missing = Object.entries(wanted).filter(([k, v]) => !(k in tags) || (v !== undefined && tags[k] !== v));
    const outcome = await searchOutcome(
      central,
      { kind: 'resource', arn: plan.parameterArn },
      Math.floor(createdAt / 1000) - 60,
      Math.ceil(deps.now() / 1000) + 60,
      deps,
      output,
    );
    if (missing.length) {
      stage(
        false,
        'tags',
        `missing ${missing.map(([k]) => k).join(', ')} after ${plan.timeoutSeconds} s; has ` +
          `${tagList(tags) || 'no tags'}`,
      );
    } else {
      stage(true, 'tags', tagList(tags));
    }
    const sessionFailure = await sessionStage(central, actor.credentials?.accessKeyId, plan, stage);
    const last = outcome.lines.at(-1);
    const outcomeText = last
      ? `${outcome.outcome} (log line at ${last.timestamp})`
      : outcome.parked.length
        ? `parked in the ${outcome.parked[0].queue} DLQ: ${outcome.parked[0].reason}`
        : 'no log line and no DLQ message';
    stage(outcome.outcome === 'tagged' ? true : missing.length ? false : 'skip', 'outcome', outcomeText);
    if (missing.length) {
      throw new StageFailure('tags', `the parameter was not tagged within ${plan.timeoutSeconds} s (${outcomeText})`, [
        `the forwarder rule ${FORWARDER_RULE_NAME} is missing or disabled in ${plan.account} ${plan.region}: ` +
          `tagwarden enrollment status`,
        `CloudTrail is not logging management events in ${plan.account} ${plan.region} (an organization trail must)`,
        `the event is in a DLQ or failed in the tagger: tagwarden dlq list; tagwarden trace ${plan.parameterArn}`,
        ...(Object.keys(plan.sessionTags).length
          ? ['the session event was not recorded: the STS rule must be ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS']
          : []),
      ]);
    }
    if (sessionFailure) throw sessionFailure;
  } catch (e) {
    if (e instanceof StageFailure || e instanceof Interrupted) failure = e;
    else throw e;
  } finally {
    stopListening();
    if (created && ssm) {
      try {
        await ssm.send(new DeleteParameterCommand({ Name: plan.parameterName }));
        stage(true, 'cleanup', `deleted ${plan.parameterName}`);
      } catch (e) {
        stage(false, 'cleanup', `could not delete ${plan.parameterName} (${(e as Error).message}): delete it by hand`);
      }
    }
  }
  // A stage that printed its own FAIL line is not printed again.
  if (failure instanceof StageFailure && !stages.some((x) => x.stage === failure.stage && x.result === 'fail'))
    stage(false, failure.stage, failure.message);
  report?.({
    passed: failure === undefined,
    interrupted: failure instanceof Interrupted,
    failedStage: failure instanceof StageFailure ? failure.stage : null,
    stages,
  });
  if (failure instanceof Interrupted)
    throw new CliError('selftest interrupted; what it created was deleted', INTERRUPTED_EXIT);
  if (failure) {
    // Before the parameter exists nothing was changed: a refusal. After it, the pipeline itself failed the check.
    const exit = BEFORE_CHANGE_STAGES.has(failure.stage) ? EXIT.refused : SELFTEST_FAILED_EXIT;
    throw new CliError(
      `selftest failed at stage ${failure.stage}: ${failure.message}${causesText(failure.causes)}`,
      exit,
    );
  }
  output.out('selftest passed');
}

function causesText(causes: string[]): string {
  return causes.length ? `\nlikely causes:\n${causes.map((c) => `  - ${c}`).join('\n')}` : '';
}

async function atStage<T>(stage: string, fn: () => Promise<T>, causes: string[]): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof StageFailure || e instanceof Interrupted) throw e;
    const err = e as Error;
    throw new StageFailure(stage, err instanceof CliError ? err.message : `${err.name}: ${err.message}`, causes);
  }
}

interface Actor {
  credentials?: TemporaryCredentials;
  description: string;
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** The caller, checked to be in the account, or the role, assumed with the session tags asked for. */
async function actAs(plan: Plan): Promise<Actor> {
  const sts = awsClients.sts(plan.region);
  if (!plan.role) {
    const { Account, Arn } = await sts.send(new GetCallerIdentityCommand({}));
    if (Account !== plan.account) {
      throw new StageFailure('actor', `you are ${Arn} in account ${Account}, not in ${plan.account}`, [
        `pass --role arn:aws:iam::${plan.account}:role/NAME`,
      ]);
    }
    return { description: `the caller ${Arn}` };
  }
  const tags = Object.entries(plan.sessionTags).map(([Key, Value]) => ({ Key, Value }));
  const assume = (withTags: boolean) =>
    sts.send(
      new AssumeRoleCommand({
        RoleArn: plan.role,
        RoleSessionName: sessionName('selftest', localUser()),
        DurationSeconds: 900,
        ...(withTags ? { Tags: tags } : {}),
      }),
    );
  try {
    const { Credentials: c } = await assume(tags.length > 0);
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
      throw new Error(`AssumeRole on ${plan.role} returned no credentials`);
    const sessionTagsNote = tags.length ? `, session tags ${tagList(plan.sessionTags)}` : '';
    return {
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      },
      description: `${plan.role} (session ${c.AccessKeyId}${sessionTagsNote})`,
    };
  } catch (e) {
    const denied = (e as Error).name === 'AccessDenied' || (e as Error).name === 'AccessDeniedException';
    if (!denied) throw e;
    if (tags.length) {
      // Without the tags: if that works, the trust policy lacks sts:TagSession (OrganizationAccountAccessRole's does).
      const untagged = await assume(false).then(
        () => true,
        () => false,
      );
      if (untagged) {
        throw new StageFailure('actor', `${plan.role} may be assumed, but not with session tags`, [
          `its trust policy must allow sts:TagSession for you (the default OrganizationAccountAccessRole does not)`,
        ]);
      }
    }
    throw new StageFailure('actor', `cannot assume ${plan.role}: ${(e as Error).message}`, [
      'its trust policy must allow you to assume it',
    ]);
  }
}

async function waitForTags(
  ssm: SSMClient,
  plan: Plan,
  ownerKey: string,
  deps: SelftestDeps,
  output: Output,
  pause: (ms: number) => Promise<void>,
): Promise<Record<string, string>> {
  const began = deps.now();
  for (;;) {
    const { TagList = [] } = await ssm.send(
      new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: plan.parameterName }),
    );
    const tags = Object.fromEntries(TagList.map((t) => [t.Key ?? '', t.Value ?? '']));
    const done = ownerKey in tags && Object.entries(plan.sessionTags).every(([k, v]) => tags[k] === v);
    const waited = Math.round((deps.now() - began) / 1000);
    if (done || waited >= plan.timeoutSeconds) return tags;
    output.err(`waiting for tags: ${waited}/${plan.timeoutSeconds} s`);
    await pause(POLL_MS);
  }
}

/** Prints the session record stage; returns its failure, which ends the run once the outcome stage is printed. */
async function sessionStage(
  central: CentralAccess,
  accessKeyId: string | undefined,
  plan: Plan,
  stage: (ok: boolean | 'skip', name: string, detail: string) => void,
): Promise<StageFailure | undefined> {
  if (!accessKeyId) {
    stage('skip', 'session record', 'acting as the caller: no session of this test to look up');
    return undefined;
  }
  const dynamo = new DynamoDBClient(central.clientConfig);
  const { Item } = await dynamo.send(
    new GetItemCommand({
      TableName: central.outputs.sessionTableName,
      Key: { [SESSION_TABLE.partitionKey]: { S: accessKeyId } },
    }),
  );
  if (!Item) {
    const detail = `none for ${accessKeyId}: the STS event was not recorded (yet)`;
    if (Object.keys(plan.sessionTags).length === 0) {
      stage('skip', 'session record', detail);
      return undefined;
    }
    // The test asked for session tags, so their record is part of what it proves.
    stage(false, 'session record', detail);
    return new StageFailure('session record', detail, [
      'the organization trail does not log read-only management events, so AssumeRole never reaches EventBridge',
      `the STS forwarder rule ${FORWARDER_RULE_NAME}* is missing, disabled or not in the read-only-events state in ` +
        `${plan.account} ${plan.region}: tagwarden enrollment status`,
      'the session DLQ holds the event: tagwarden dlq list --queue session',
    ]);
  }
  const tags = Item.tags?.M
    ? Object.entries(Item.tags.M)
        .map(([k, v]) => `${k}=${v.S ?? ''}`)
        .join(', ')
    : '';
  stage(true, 'session record', `${accessKeyId} recorded${tags ? ` with ${tags}` : ''}`);
  return undefined;
}
