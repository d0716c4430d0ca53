import { GeneratedPolicy, PolicyType } from './document';

/**
 * Organizations allows at most 5 SCPs and 5 RCPs attached directly to one root, OU or account (AWS-managed ones
 * count).
 */
export const MAX_ATTACHED_PER_TARGET: Record<PolicyType, number> = { SCP: 5, RCP: 5 };

/** The AWS-managed policy of each type that holds a slot: FullAWSAccess can be detached, RCPFullAWSAccess cannot. */
export const AWS_MANAGED_FULL_ACCESS: Record<PolicyType, string> = { SCP: 'FullAWSAccess', RCP: 'RCPFullAWSAccess' };

/** How many documents of each type the guard takes: one attachment slot each on every target. */
export function slotsNeeded(policies: Pick<GeneratedPolicy, 'type'>[]): Record<PolicyType, number> {
  return { SCP: policies.filter((p) => p.type === 'SCP').length, RCP: policies.filter((p) => p.type === 'RCP').length };
}

const plural = (n: number, type: PolicyType) => `${n} ${type} slot${n === 1 ? '' : 's'}`;

/** One line: the slots the documents take on each target, out of what is left beside the AWS-managed policies. */
export function describeSlots(policies: Pick<GeneratedPolicy, 'type'>[]): string {
  const needed = slotsNeeded(policies);
  const types = Object.keys(needed) as PolicyType[];
  const of = types
    .map((t) => `${MAX_ATTACHED_PER_TARGET[t] - 1} ${t}s besides ${AWS_MANAGED_FULL_ACCESS[t]}`)
    .join(', ');
  const takes = types.map((t) => plural(needed[t], t)).join(' and ');
  return `slots: takes ${takes} on each target (a target has room for ${of})`;
}
