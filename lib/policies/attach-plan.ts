import { ACCOUNT_ID } from '../../lambda/core/aws-syntax';
import { POLICY_OWNER_TAG_KEY } from '../names';
import { GeneratedPolicy, PolicyType } from './document';
import { ORG_POLICY_TYPE, OrgState } from './org-state';

/** Organizations allows at most 5 SCPs and 5 RCPs attached directly to one root, OU or account (AWS-managed ones count). */
export const MAX_ATTACHED_PER_TARGET: Record<PolicyType, number> = { SCP: 5, RCP: 5 };

/** The value of the owner tag on the policies tagwarden creates. */
export const POLICY_OWNER_TAG_VALUE = 'tagwarden';

const TARGET_ID = { root: /^r-[0-9a-z]{4,32}$/, ou: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, account: ACCOUNT_ID };

export interface TargetOptions {
  /** The org's management account, which SCPs and RCPs never restrict. */
  managementAccountId: string;
  /** Attach to the management account anyway (it has no effect there); a warning is returned instead of a refusal. */
  allowManagementAccount?: boolean;
  /** Attach below the root (OUs or accounts only); a warning is returned instead of a refusal. */
  allowOu?: boolean;
}

/**
 * Why the guard belongs on the root: the RCP trusts a role named like the tagger in every account of the org, the
 * central bus trusts `tagwarden-forwarder-*` roles of every account, and the SCP's exceptions name roles by name.
 * An account the policies do not cover can create those roles freely and use that trust.
 */
export function belowRootWarning(targets: string[]): string {
  return (
    `warning: attaching to ${targets.join(', ')} and not the root: an account outside them can create a role ` +
    'named like the tagger, which the RCP lets pass protected session tags to the roles of every account, and ' +
    'tagwarden-forwarder-* roles, which the central bus trusts; attach to the root unless every account of the ' +
    'org is below these targets'
  );
}

/** The warning for a management account target: attaching there protects nothing. */
export function managementAccountWarning(accountId: string): string {
  return (
    `warning: ${accountId} is the management account: SCPs and RCPs do not apply to it, so these policies protect nothing there; ` +
    'its tagger role and forwarders are guarded only by who may sign in to it'
  );
}

/**
 * Checks target ids before anything is read; throws AttachRefused naming each bad id, and refuses the management
 * account unless allowed. Returns the warnings to print.
 */
export function validateTargets(targets: string[], options: TargetOptions): string[] {
  if (targets.length === 0) throw new AttachRefused('no target: pass --target with a root id (r-xxxx), an OU id (ou-xxxx-xxxxxxxx) or a 12-digit account id');
  const bad = targets.filter((t) => !Object.values(TARGET_ID).some((re) => re.test(t)));
  if (bad.length) {
    throw new AttachRefused(`invalid target id ${bad.map((b) => JSON.stringify(b)).join(', ')}: expected a root id (r-xxxx), an OU id (ou-xxxx-xxxxxxxx) or a 12-digit account id`);
  }
  const warnings: string[] = [];
  const belowRoot = targets.filter((t) => !TARGET_ID.root.test(t) && t !== options.managementAccountId);
  if (belowRoot.length > 0 && !targets.some((t) => TARGET_ID.root.test(t))) {
    if (!options.allowOu) {
      throw new AttachRefused(
        `${belowRoot.join(', ')} ${belowRoot.length === 1 ? 'is' : 'are'} below the root: accounts elsewhere in ` +
          'the org could create roles named like the tagger or the forwarders and use the trust the guard gives them ' +
          'by name; attach to the root (r-xxxx), or pass --allow-ou if every account of the org is below these targets',
      );
    }
    warnings.push(belowRootWarning(belowRoot));
  }
  if (!targets.includes(options.managementAccountId)) return warnings;
  if (!options.allowManagementAccount) {
    throw new AttachRefused(
      `${options.managementAccountId} is the management account: SCPs and RCPs do not apply to it, so attaching there protects nothing; ` +
        'attach to the root or the OUs instead, or pass --allow-management-account to attach anyway',
    );
  }
  return [...warnings, managementAccountWarning(options.managementAccountId)];
}

/** A reason the plan cannot be made; nothing has been changed. */
export class AttachRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttachRefused';
  }
}

export type PlanStep =
  | { kind: 'create'; policy: GeneratedPolicy }
  | { kind: 'update'; policy: GeneratedPolicy; policyId: string; changes: ('content' | 'description')[] }
  | { kind: 'detach'; name: string; type: PolicyType; policyId: string; targetId: string }
  | { kind: 'attach'; name: string; type: PolicyType; policyId?: string; targetId: string };

/** Refuses when a policy type the documents need is not enabled on the root, with the command that enables it. */
export function checkPolicyTypes(policies: GeneratedPolicy[], rootId: string, enabledTypes: PolicyType[]): void {
  const missing = [...new Set(policies.map((p) => p.type))].filter((t) => !enabledTypes.includes(t));
  if (missing.length) {
    const commands = missing.map((t) => `aws organizations enable-policy-type --root-id ${rootId} --policy-type ${ORG_POLICY_TYPE[t]}`);
    throw new AttachRefused(`${missing.join(' and ')} policies are not enabled in this organization; enable them first: ${commands.join(' && ')}`);
  }
}

/** Same document regardless of whitespace and key layout as returned by Organizations. */
function sameDocument(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/**
 * The changes that bring the org to the generated documents, attached to every target: creates and updates of
 * owned policies, detaches of owned policies the config no longer produces, then attaches. Empty when up to date.
 */
export function planAttach(policies: GeneratedPolicy[], state: OrgState, targets: string[]): PlanStep[] {
  const steps: PlanStep[] = [];
  const ids = new Map<string, string>();
  for (const policy of policies) {
    const existing = state.candidates.find((c) => c.name === policy.name && c.type === policy.type);
    if (!existing) {
      steps.push({ kind: 'create', policy });
      continue;
    }
    if (!existing.owned) {
      throw new AttachRefused(
        `${policy.type} "${policy.name}" (${existing.id}) exists but has no ${POLICY_OWNER_TAG_KEY} tag, so tagwarden did not create it and will not change it: rename or delete it, or tag it ${POLICY_OWNER_TAG_KEY}=${POLICY_OWNER_TAG_VALUE} to hand it over`,
      );
    }
    ids.set(policy.name, existing.id);
    const changes: ('content' | 'description')[] = [];
    if (!sameDocument(existing.content, policy.content)) changes.push('content');
    if (existing.description !== policy.description) changes.push('description');
    if (changes.length) steps.push({ kind: 'update', policy, policyId: existing.id, changes });
  }
  const generated = new Set(policies.map((p) => p.name));
  const stale = new Map(state.candidates.filter((c) => c.owned && !generated.has(c.name)).map((c) => [c.id, c]));

  for (const targetId of targets) {
    const attached = state.attached[targetId] ?? [];
    const detach = attached.filter((a) => stale.has(a.id));
    const attach = policies.filter((p) => !attached.some((a) => a.name === p.name && a.type === p.type));
    for (const type of Object.keys(MAX_ATTACHED_PER_TARGET) as PolicyType[]) {
      const now = attached.filter((a) => a.type === type);
      const after = now.length - detach.filter((d) => d.type === type).length + attach.filter((p) => p.type === type).length;
      if (after > MAX_ATTACHED_PER_TARGET[type]) {
        throw new AttachRefused(
          `${targetId} would have ${after} ${type}s attached, over the limit of ${MAX_ATTACHED_PER_TARGET[type]} (attached now: ${now.map((a) => a.name).join(', ')}): detach ${after - MAX_ATTACHED_PER_TARGET[type]} of them, or attach tagwarden's to a parent OU or the root instead`,
        );
      }
    }
    for (const d of detach) steps.push({ kind: 'detach', name: d.name, type: d.type, policyId: d.id, targetId });
    for (const p of attach) steps.push({ kind: 'attach', name: p.name, type: p.type, policyId: ids.get(p.name), targetId });
  }
  return steps;
}

/** One line per step, as the dry run prints it. */
export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'create':
      return `create ${step.policy.type} ${step.policy.name} (${step.policy.size} chars) tagged ${POLICY_OWNER_TAG_KEY}=${POLICY_OWNER_TAG_VALUE}`;
    case 'update':
      return `update ${step.policy.type} ${step.policy.name} (${step.policyId}): ${step.changes.join(' and ')}`;
    case 'detach':
      return `detach ${step.type} ${step.name} (${step.policyId}) from ${step.targetId}: the config no longer produces it`;
    case 'attach':
      return `attach ${step.type} ${step.name}${step.policyId ? ` (${step.policyId})` : ''} to ${step.targetId}`;
  }
}
