import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { TagwardenConfig } from '../config';
import {
  addLastEvents,
  DEFAULT_SILENT_AFTER_HOURS,
  HeartbeatSection,
  LastEvent,
  lastEventText,
} from '../enrollment/heartbeats';
import { listRoots, describeTargets, listTargetAccounts } from '../enrollment/org-accounts';
import {
  checkOrganizationTrail,
  checkPolicyTypes,
  checkStackSetsDelegatedAdmins,
  checkStackSetsTrustedAccess,
  PrerequisiteCheck,
} from '../enrollment/prerequisites';
import { buildReport, EnrollmentReport, InstanceCell, REPORT_VERSION, StackSetInput } from '../enrollment/report';
import { listStackInstances } from '../enrollment/stack-instances';
import { FORWARDER_STACKSET_NAME, TAGGER_ROLE_STACKSET_NAME } from '../names';
import { awsClients, callerRegion } from '../common/aws-clients';
import { CliError, EXIT } from '../common/cli-error';
import { CENTRAL_PROFILE_OPTION, centralAccess, CentralOptions } from './central-access';
import { printJson } from './json-output';
import { Registrar } from './program';
import { formatCount as n, Progress, progressReporter } from '../common/progress';
import { renderTable } from '../common/table';
import { COMMAND_SUMMARY } from './summaries';

/** Exit code when the check ran but found missing or failed instances, or a failing prerequisite. */
export const ENROLLMENT_INCOMPLETE_EXIT = EXIT.incomplete;

/** `tagwarden enrollment status`: the target OUs' accounts against the StackSets' instances, plus the prerequisites. */
export const registerEnrollment: Registrar = (program, ctx) => {
  // program.command (not addCommand) so the subcommands inherit the output and exit handling of the root.
  const enrollment = program.command('enrollment').description(COMMAND_SUMMARY.enrollment);
  enrollment
    .command('status')
    .description(
      'List the accounts of the target OUs with their stack instances per region (CURRENT / OUTDATED / FAILED / missing) and ' +
        `check the prerequisites; exits ${ENROLLMENT_INCOMPLETE_EXIT} when anything is missing or failed`,
    )
    .option(
      '--silent-after <hours>',
      'flag an enrolled (account, region) with no event for this long',
      String(DEFAULT_SILENT_AFTER_HOURS),
    )
    .option('--no-last-event', 'do not read the heartbeats in the central account')
    .option(...CENTRAL_PROFILE_OPTION)
    .action(async (opts: LastEventOptions) => {
      const silentAfter = Number(opts.silentAfter);
      if (!Number.isFinite(silentAfter) || silentAfter <= 0)
        throw new CliError(`--silent-after must be a positive number of hours, received "${opts.silentAfter}"`, 2);
      const base = await enrollmentReport(
        ctx.config(),
        ctx.globals().region,
        progressReporter(ctx.output, ctx.globals().json),
      );
      const report = opts.lastEvent ? await withLastEvents(ctx.config(), base, opts, silentAfter) : base;
      if (ctx.globals().json) printJson(ctx, REPORT_VERSION, report);
      else ctx.output.out(renderReport(report));
      if (!report.ok) {
        const { MISSING, FAILED } = report.summary.instances;
        throw new CliError(
          `enrollment incomplete: ${MISSING} missing and ${FAILED} failed stack instance(s), ${report.summary.prerequisitesFailing} prerequisite(s) failing`,
          ENROLLMENT_INCOMPLETE_EXIT,
        );
      }
    });
};

interface LastEventOptions extends CentralOptions {
  silentAfter: string;
  lastEvent: boolean;
}

type WithHeartbeat = Omit<EnrollmentReport, 'accounts'> & {
  heartbeat?: HeartbeatSection;
  accounts: (EnrollmentReport['accounts'][number] & { lastEvent?: LastEvent[] })[];
};

/**
 * The heartbeats, read from the central account through the operator role. Without access the report still
 * prints, with a note: enrolment is checked from the management account and does not depend on it.
 */
async function withLastEvents(
  config: TagwardenConfig,
  report: EnrollmentReport,
  opts: LastEventOptions,
  silentAfterHours: number,
): Promise<WithHeartbeat> {
  try {
    const central = await centralAccess(config, opts, 'enrollment');
    const items: Record<string, { S?: string }>[] = [];
    const dynamo = new DynamoDBClient(central.clientConfig);
    for await (const page of paginateScan({ client: dynamo }, { TableName: central.outputs.heartbeatTableName }))
      items.push(...(page.Items ?? []));
    return addLastEvents(report, items, Date.now(), silentAfterHours);
  } catch (e) {
    const note = `last event not read: ${(e as Error).message}`;
    return { ...report, heartbeat: { read: false, silentAfterHours, note, silentPairs: 0 } };
  }
}

export async function enrollmentReport(
  config: TagwardenConfig,
  regionFlag: string | undefined,
  progress: Progress,
): Promise<EnrollmentReport> {
  const org = awsClients.organizations(callerRegion(regionFlag, config.homeRegion));
  // The StackSets live in the home region, where the management stack that owns them is deployed.
  const cfn = awsClients.cloudFormation(config.homeRegion);
  const roots = await listRoots(org);
  const accounts = await listTargetAccounts(org, await describeTargets(org, config.targetOus, roots), progress);
  const stackSets: StackSetInput[] = [];
  for (const [name, regions] of [
    [FORWARDER_STACKSET_NAME, config.governedRegions],
    [TAGGER_ROLE_STACKSET_NAME, [config.homeRegion]],
  ] as const) {
    stackSets.push({ name, regions: [...regions], instances: await listStackInstances(cfn, name, progress) });
  }
  const prerequisites: PrerequisiteCheck[] = [
    await checkOrganizationTrail(awsClients.cloudTrail, config.governedRegions, config.homeRegion),
    await checkStackSetsTrustedAccess(org, config.homeRegion),
    await checkStackSetsDelegatedAdmins(org),
    ...checkPolicyTypes(roots),
    ...stackSets
      .filter((s) => s.instances === undefined)
      .map((s) => ({
        id: 'stackset-deployed' as const,
        ok: false,
        message: `StackSet ${s.name} does not exist in ${config.homeRegion} (checked as the management account)`,
        fix: [`npx cdk deploy --all   # from the management account, with this config`],
      })),
  ];
  return buildReport({
    targetOus: config.targetOus,
    regions: config.governedRegions,
    managementAccountId: config.managementAccountId,
    excludedAccounts: config.excludedAccounts,
    accounts: [...accounts].sort((a, b) => a.ouPath.localeCompare(b.ouPath) || a.id.localeCompare(b.id)),
    stackSets,
    prerequisites,
  });
}

function cellText(c: InstanceCell): string {
  if (c.state === 'MISSING') return 'missing';
  return c.state === 'OUTDATED' && c.detailedStatus ? `OUTDATED (${c.detailedStatus})` : c.state;
}

export function renderReport(r: WithHeartbeat): string {
  const columns = r.stackSets.flatMap((s) =>
    s.regions.map((region) => `${s.name.replace(/^tagwarden-/, '')} ${region}`),
  );
  const withLast = r.heartbeat?.read === true;
  const now = Date.now();
  const lines = [
    renderTable(
      ['ACCOUNT', 'NAME', 'OU', ...columns, ...(withLast ? ['LAST EVENT'] : [])],
      r.accounts.map((a) => [
        a.id,
        a.name,
        a.ouPath,
        ...a.instances.map(cellText),
        ...(withLast ? [lastEventText(a.lastEvent ?? [], now)] : []),
      ]),
    ),
  ];
  for (const a of r.accounts) {
    for (const c of a.instances.filter((i) => i.state === 'FAILED'))
      lines.push(`FAILED ${a.id} ${c.stackSet} ${c.region}: ${c.reason ?? c.detailedStatus ?? c.status}`);
  }
  if (r.skipped.length)
    lines.push('', 'skipped:', ...r.skipped.map((s) => `  ${s.id} ${s.name} (${s.ouPath}): ${s.note}`));
  if (r.unexpected.length) {
    lines.push('', 'stack instances outside the enrolled accounts and regions:');
    lines.push(...r.unexpected.map((u) => `  ${u.account} ${u.stackSet} ${u.region} ${u.status ?? ''}`.trimEnd()));
  }
  if (r.heartbeat && !r.heartbeat.read) lines.push('', r.heartbeat.note ?? 'last event not read');
  if (r.heartbeat?.read && r.heartbeat.silentPairs > 0) {
    lines.push(
      '',
      `${r.heartbeat.silentPairs} (account, region) pair(s) SILENT for more than ${r.heartbeat.silentAfterHours} h: a quiet account, or a broken forwarder, ` +
        'a disabled rule or a trail that stopped (tagwarden selftest --account ID --region R tells them apart)',
    );
  }
  lines.push('', 'prerequisites:');
  for (const p of r.prerequisites) {
    lines.push(`  ${p.ok ? 'ok  ' : 'FAIL'} ${p.id}: ${p.message}`);
    lines.push(...p.fix.map((f) => `       fix: ${f}`));
  }
  const s = r.summary;
  const i = s.instances;
  lines.push(
    '',
    `${n(s.accounts)} account(s), ${n(s.fullyEnrolled)} fully enrolled; stack instances: ${n(i.CURRENT)} CURRENT, ${n(i.OUTDATED)} OUTDATED, ` +
      `${n(i.FAILED)} FAILED, ${n(i.MISSING)} missing; ${n(s.skipped)} skipped; ${s.prerequisitesFailing} prerequisite(s) failing`,
  );
  return lines.join('\n');
}
