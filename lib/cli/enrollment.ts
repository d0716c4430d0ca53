import { TagwardenConfig } from '../config';
import { listRoots, describeTargets, listTargetAccounts } from '../enrollment/org-accounts';
import {
  checkOrganizationTrail,
  checkPolicyTypes,
  checkStackSetsDelegatedAdmins,
  checkStackSetsTrustedAccess,
  PrerequisiteCheck,
} from '../enrollment/prerequisites';
import { buildReport, EnrollmentReport, InstanceCell, StackSetInput } from '../enrollment/report';
import { listStackInstances } from '../enrollment/stack-instances';
import { FORWARDER_STACKSET_NAME, TAGGER_ROLE_STACKSET_NAME } from '../names';
import { awsClients, callerRegion } from '../common/aws-clients';
import { CliError, EXIT } from '../common/cli-error';
import { Registrar } from './program';
import { formatCount as n, Progress, progressReporter } from '../common/progress';
import { renderTable } from '../common/table';

/** Exit code when the check ran but found missing or failed instances, or a failing prerequisite. */
export const ENROLLMENT_INCOMPLETE_EXIT = EXIT.incomplete;

/** `tagwarden enrollment status`: the target OUs' accounts against the StackSets' instances, plus the prerequisites. */
export const registerEnrollment: Registrar = (program, ctx) => {
  // program.command (not addCommand) so the subcommands inherit the output and exit handling of the root.
  const enrollment = program.command('enrollment').description('Check which accounts the member StackSets cover');
  enrollment
    .command('status')
    .description(
      'List the accounts of the target OUs with their stack instances per region (CURRENT / OUTDATED / FAILED / missing) and ' +
        `check the prerequisites; exits ${ENROLLMENT_INCOMPLETE_EXIT} when anything is missing or failed`,
    )
    .action(async () => {
      const report = await enrollmentReport(ctx.config(), ctx.globals().region, progressReporter(ctx.output, ctx.globals().json));
      ctx.output.out(ctx.globals().json ? JSON.stringify(report, null, 2) : renderReport(report));
      if (!report.ok) {
        const { MISSING, FAILED } = report.summary.instances;
        throw new CliError(
          `enrollment incomplete: ${MISSING} missing and ${FAILED} failed stack instance(s), ${report.summary.prerequisitesFailing} prerequisite(s) failing`,
          ENROLLMENT_INCOMPLETE_EXIT,
        );
      }
    });
};

export async function enrollmentReport(config: TagwardenConfig, regionFlag: string | undefined, progress: Progress): Promise<EnrollmentReport> {
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

export function renderReport(r: EnrollmentReport): string {
  const columns = r.stackSets.flatMap((s) => s.regions.map((region) => `${s.name.replace(/^tagwarden-/, '')} ${region}`));
  const lines = [renderTable(['ACCOUNT', 'NAME', 'OU', ...columns], r.accounts.map((a) => [a.id, a.name, a.ouPath, ...a.instances.map(cellText)]))];
  for (const a of r.accounts) {
    for (const c of a.instances.filter((i) => i.state === 'FAILED')) lines.push(`FAILED ${a.id} ${c.stackSet} ${c.region}: ${c.reason ?? c.detailedStatus ?? c.status}`);
  }
  if (r.skipped.length) lines.push('', 'skipped:', ...r.skipped.map((s) => `  ${s.id} ${s.name} (${s.ouPath}): ${s.note}`));
  if (r.unexpected.length) {
    lines.push('', 'stack instances outside the enrolled accounts and regions:');
    lines.push(...r.unexpected.map((u) => `  ${u.account} ${u.stackSet} ${u.region} ${u.status ?? ''}`.trimEnd()));
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
