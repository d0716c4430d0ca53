import { StackInstanceSummary } from '@aws-sdk/client-cloudformation';
import { OrgAccount } from './org-accounts';
import { PrerequisiteCheck } from './prerequisites';

/*
 * The `tagwarden enrollment status --json` contract: the CLI's header (REPORT_VERSION and the config), then the
 * report. REPORT_VERSION changes only when a field is removed or changes meaning; new fields may be added within a
 * version.
 */
export const REPORT_VERSION = 1;

export type InstanceState = 'CURRENT' | 'OUTDATED' | 'FAILED' | 'MISSING';

/** One expected stack instance: a StackSet in a region of an account. */
export interface InstanceCell {
  stackSet: string;
  region: string;
  state: InstanceState;
  /** CloudFormation's StackInstanceStatus (CURRENT | OUTDATED | INOPERABLE), absent when MISSING. */
  status?: string;
  /** CloudFormation's StackInstanceStatus.DetailedStatus (SUCCEEDED, FAILED, RUNNING, ...). */
  detailedStatus?: string;
  reason?: string;
}

export interface AccountRow {
  id: string;
  name: string;
  ouId: string;
  ouPath: string;
  instances: InstanceCell[];
}

export interface SkippedAccount {
  id: string;
  name: string;
  ouPath: string;
  reason: 'excluded' | 'suspended' | 'management-account';
  note: string;
}

/** A stack instance in an account the StackSets should not cover (excluded, suspended, or outside the target OUs). */
export interface UnexpectedInstance {
  stackSet: string;
  account: string;
  region: string;
  status?: string;
}

export interface EnrollmentReport {
  ok: boolean;
  targetOus: string[];
  regions: string[];
  /** The StackSets and the regions each must cover. */
  stackSets: { name: string; regions: string[]; found: boolean }[];
  accounts: AccountRow[];
  skipped: SkippedAccount[];
  unexpected: UnexpectedInstance[];
  prerequisites: PrerequisiteCheck[];
  summary: {
    accounts: number;
    fullyEnrolled: number;
    skipped: number;
    instances: Record<InstanceState, number>;
    prerequisitesFailing: number;
  };
}

/** Where each StackSet must have an instance, and what it has. `instances` is undefined when the StackSet is absent. */
export interface StackSetInput {
  name: string;
  regions: string[];
  instances: StackInstanceSummary[] | undefined;
}

export interface ReportInput {
  targetOus: string[];
  regions: string[];
  managementAccountId: string;
  excludedAccounts: string[];
  accounts: OrgAccount[];
  stackSets: StackSetInput[];
  prerequisites: PrerequisiteCheck[];
}

const FAILED_DETAIL = new Set(['FAILED', 'CANCELLED', 'INOPERABLE', 'FAILED_IMPORT']);

/** CURRENT, OUTDATED or FAILED for a stack instance; MISSING when there is none. */
export function instanceState(summary: StackInstanceSummary | undefined): InstanceState {
  if (!summary) return 'MISSING';
  const detail = summary.StackInstanceStatus?.DetailedStatus;
  if (summary.Status === 'INOPERABLE' || (detail && FAILED_DETAIL.has(detail))) return 'FAILED';
  return summary.Status === 'CURRENT' ? 'CURRENT' : 'OUTDATED';
}

export function buildReport(input: ReportInput): EnrollmentReport {
  const skipped: SkippedAccount[] = [];
  const enrolled: OrgAccount[] = [];
  for (const a of input.accounts) {
    const skip = skipReason(a, input);
    if (skip) skipped.push({ id: a.id, name: a.name, ouPath: a.ouPath, ...skip });
    else enrolled.push(a);
  }
  const index = new Map<string, StackInstanceSummary>();
  for (const s of input.stackSets)
    for (const i of s.instances ?? []) index.set(`${s.name}|${i.Account}|${i.Region}`, i);

  const counts: Record<InstanceState, number> = { CURRENT: 0, OUTDATED: 0, FAILED: 0, MISSING: 0 };
  const accounts = enrolled.map((a) => {
    const instances = input.stackSets.flatMap((s) =>
      s.regions.map((region) => {
        const summary = index.get(`${s.name}|${a.id}|${region}`);
        const cell: InstanceCell = { stackSet: s.name, region, state: instanceState(summary) };
        if (summary?.Status) cell.status = summary.Status;
        if (summary?.StackInstanceStatus?.DetailedStatus)
          cell.detailedStatus = summary.StackInstanceStatus.DetailedStatus;
        if (summary?.StatusReason) cell.reason = summary.StatusReason;
        counts[cell.state]++;
        return cell;
      }),
    );
    return { id: a.id, name: a.name, ouId: a.ouId, ouPath: a.ouPath, instances };
  });

  const expected = new Set(enrolled.map((a) => a.id));
  const unexpected = input.stackSets.flatMap((s) =>
    (s.instances ?? [])
      .filter((i) => !expected.has(i.Account ?? '') || !s.regions.includes(i.Region ?? ''))
      .map((i) => ({
        stackSet: s.name,
        account: i.Account ?? '',
        region: i.Region ?? '',
        ...(i.Status ? { status: i.Status } : {}),
      })),
  );
  const prerequisitesFailing = input.prerequisites.filter((p) => !p.ok).length;
  return {
    ok: counts.MISSING === 0 && counts.FAILED === 0 && prerequisitesFailing === 0,
    targetOus: input.targetOus,
    regions: input.regions,
    stackSets: input.stackSets.map((s) => ({ name: s.name, regions: s.regions, found: s.instances !== undefined })),
    accounts,
    skipped,
    unexpected,
    prerequisites: input.prerequisites,
    summary: {
      accounts: accounts.length,
      fullyEnrolled: accounts.filter((a) => a.instances.every((c) => c.state === 'CURRENT')).length,
      skipped: skipped.length,
      instances: counts,
      prerequisitesFailing,
    },
  };
}

function skipReason(a: OrgAccount, input: ReportInput): Pick<SkippedAccount, 'reason' | 'note'> | undefined {
  if (a.id === input.managementAccountId) {
    return {
      reason: 'management-account',
      note: 'service-managed StackSets never deploy to the management account; its own stack covers it',
    };
  }
  if (input.excludedAccounts.includes(a.id)) return { reason: 'excluded', note: 'listed in excludedAccounts' };
  if (a.state !== 'ACTIVE' && a.state !== 'PENDING_ACTIVATION') {
    return { reason: 'suspended', note: `account is ${a.state}: StackSets skip it until it is active again` };
  }
  return undefined;
}
