import { ACCOUNT_ID } from '../../lambda/core/aws-syntax';
import { POLICY_OWNER_TAG_KEY } from '../names';
import { GeneratedPolicy, POLICY_SIZE_LIMIT, PolicyType, policySize, Statement } from './document';
import { ExistingPolicy, ORG_POLICY_TYPE, OrgState } from './org-state';
import { MAX_ATTACHED_PER_TARGET } from './slots';

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
  if (targets.length === 0)
    throw new AttachRefused(
      'no target: pass --target with a root id (r-xxxx), an OU id (ou-xxxx-xxxxxxxx) or a 12-digit account id',
    );
  const bad = targets.filter((t) => !Object.values(TARGET_ID).some((re) => re.test(t)));
  if (bad.length) {
    throw new AttachRefused(
      `invalid target id ${bad.map((b) => JSON.stringify(b)).join(', ')}: expected a root id (r-xxxx), an OU id (ou-xxxx-xxxxxxxx) or a 12-digit account id`,
    );
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

export type UpdateField = 'content' | 'name' | 'description';

export type PlanStep =
  | { kind: 'create'; policy: GeneratedPolicy }
  | {
      kind: 'update';
      policy: GeneratedPolicy;
      policyId: string;
      /** The policy's name before this plan, when it is renamed. */
      fromName?: string;
      changes: UpdateField[];
      /** Sids the document gains. */
      receives: string[];
      /** Sids the document keeps for now although they belong elsewhere, until their new document has them. */
      keeps: string[];
      /** Content sent by this step: the final content, or the interim one that still holds `keeps`. */
      content: string;
      size: number;
    }
  | { kind: 'detach'; name: string; type: PolicyType; policyId: string; targetId: string; reason: string }
  | { kind: 'attach'; name: string; type: PolicyType; policyId?: string; targetId: string }
  | { kind: 'delete'; name: string; type: PolicyType; policyId: string };

/** The slots of one policy type on one target: now, at the fullest point of the plan, and after it. */
export interface SlotUse {
  targetId: string;
  type: PolicyType;
  /** Names of the policies of this type attached now (AWS-managed ones included). */
  attachedNow: string[];
  /** Documents of tagwarden's this plan leaves attached. */
  tagwarden: number;
  /** Attachments while the plan runs: attaches come before the retired documents are detached. */
  peak: number;
  after: number;
  limit: number;
}

export interface AttachPlan {
  steps: PlanStep[];
  slots: SlotUse[];
  /** Retired documents left in place because they are attached to targets outside this run. */
  notes: string[];
}

/** Refuses when a policy type the documents need is not enabled on the root, with the command that enables it. */
export function checkPolicyTypes(policies: GeneratedPolicy[], rootId: string, enabledTypes: PolicyType[]): void {
  const missing = [...new Set(policies.map((p) => p.type))].filter((t) => !enabledTypes.includes(t));
  if (missing.length) {
    const commands = missing.map(
      (t) => `aws organizations enable-policy-type --root-id ${rootId} --policy-type ${ORG_POLICY_TYPE[t]}`,
    );
    throw new AttachRefused(
      `${missing.join(' and ')} policies are not enabled in this organization; enable them first: ${commands.join(' && ')}`,
    );
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

/** The statements of an existing document; none when it cannot be read as a policy. */
function statementsOf(content: string | undefined): Statement[] {
  try {
    const doc = JSON.parse(content ?? '') as { Statement?: unknown };
    return Array.isArray(doc.Statement)
      ? doc.Statement.filter((s): s is Statement => typeof (s as Statement)?.Sid === 'string')
      : [];
  } catch {
    return [];
  }
}

const sidsOf = (statements: Statement[]) => statements.map((s) => s.Sid);

/**
 * Which owned policy each generated document becomes: the one of the same name, else the unclaimed owned policy
 * of its type that holds most of its statements (then the one attached to most targets, then by name), renamed.
 * Reusing a policy keeps its attachments, so moving to fewer documents needs no new slot.
 */
function matchExisting(
  policies: GeneratedPolicy[],
  owned: ExistingPolicy[],
  targets: string[],
  state: OrgState,
): Map<string, ExistingPolicy> {
  const match = new Map<string, ExistingPolicy>();
  const free = [...owned];
  const claim = (name: string, e: ExistingPolicy) => {
    match.set(name, e);
    free.splice(free.indexOf(e), 1);
  };
  for (const p of policies) {
    const same = free.find((e) => e.name === p.name && e.type === p.type);
    if (same) claim(p.name, same);
  }
  const onTargets = (e: ExistingPolicy) =>
    targets.filter((t) => (state.attached[t] ?? []).some((a) => a.id === e.id)).length;
  for (const p of policies.filter((x) => !match.has(x.name))) {
    const wanted = new Set(sidsOf(p.document.Statement));
    const overlap = (e: ExistingPolicy) => sidsOf(statementsOf(e.content)).filter((s) => wanted.has(s)).length;
    const best = free
      .filter((e) => e.type === p.type)
      .sort((a, b) => overlap(b) - overlap(a) || onTargets(b) - onTargets(a) || a.name.localeCompare(b.name))[0];
    if (best) claim(p.name, best);
  }
  return match;
}

/**
 * Orders the updates of one type so that a statement is always in force on every target: a document that receives
 * a statement is updated before the one that gives it up. When documents swap statements, the first receiver is
 * first updated to hold both its old and its new statements (the headroom leaves room for that), and trimmed later.
 */
function orderUpdates(policies: GeneratedPolicy[], match: Map<string, ExistingPolicy>): PlanStep[] {
  const home = new Map(policies.flatMap((p) => sidsOf(p.document.Statement).map((sid) => [sid, p.name] as const)));
  const old = new Map(policies.map((p) => [p.name, statementsOf(match.get(p.name)?.content)]));
  /** Documents whose current content already holds all their final statements. */
  const holdsFinal = new Set(policies.filter((p) => !match.has(p.name)).map((p) => p.name));
  const has = (name: string, sid: string) => holdsFinal.has(name) || sidsOf(old.get(name) ?? []).includes(sid);
  const interim = new Set<string>();
  const pending = policies.filter((p) => {
    const e = match.get(p.name);
    return e && (!sameDocument(e.content, p.content) || e.name !== p.name || e.description !== p.description);
  });
  const steps: PlanStep[] = [];
  const gives = (p: GeneratedPolicy) => {
    const final = new Set(sidsOf(p.document.Statement));
    return (old.get(p.name) ?? []).filter((s) => !final.has(s.Sid));
  };
  const receives = (p: GeneratedPolicy) =>
    sidsOf(p.document.Statement).filter((sid) => !sidsOf(old.get(p.name) ?? []).includes(sid));
  const step = (p: GeneratedPolicy, keeps: Statement[]): Extract<PlanStep, { kind: 'update' }> => {
    const e = match.get(p.name)!;
    const content = keeps.length
      ? JSON.stringify({ ...p.document, Statement: [...p.document.Statement, ...keeps] })
      : p.content;
    const changes: UpdateField[] = [];
    if (interim.has(p.name)) changes.push('content');
    else {
      if (!sameDocument(e.content, content)) changes.push('content');
      if (e.name !== p.name) changes.push('name');
      if (e.description !== p.description) changes.push('description');
    }
    const fromName = !interim.has(p.name) && e.name !== p.name ? e.name : undefined;
    const received = interim.has(p.name) ? [] : receives(p);
    return {
      kind: 'update',
      policy: p,
      policyId: e.id,
      fromName,
      changes,
      receives: received,
      keeps: sidsOf(keeps),
      content,
      size: policySize(content),
    };
  };
  while (pending.length) {
    const ready = pending.find((p) => gives(p).every((s) => !home.has(s.Sid) || has(home.get(s.Sid)!, s.Sid)));
    if (ready) {
      steps.push(step(ready, []));
      holdsFinal.add(ready.name);
      pending.splice(pending.indexOf(ready), 1);
      continue;
    }
    const widen = pending.find(
      (p) => !interim.has(p.name) && receives(p).length > 0 && step(p, gives(p)).size <= POLICY_SIZE_LIMIT,
    );
    if (!widen) {
      throw new AttachRefused(
        `${pending.map((p) => p.name).join(', ')} trade statements and none of them can hold its old and new ` +
          `statements at once within ${POLICY_SIZE_LIMIT} characters, so there is no order that keeps every ` +
          'statement in force: detach tagwarden from the targets first (policies detach), then attach again',
      );
    }
    steps.push(step(widen, gives(widen)));
    holdsFinal.add(widen.name);
    interim.add(widen.name);
  }
  return steps;
}

/**
 * The changes that bring the org to the generated documents, attached to every target, in an order that never
 * leaves a target without a statement it had: creates, then attaches, then updates in place (receivers before
 * givers, renaming owned documents of earlier layouts), then detaches and deletes of owned documents no longer
 * used. Refuses, before any change, when a target would have more than the allowed policies of a type.
 */
export function planAttach(policies: GeneratedPolicy[], state: OrgState, targets: string[]): AttachPlan {
  for (const policy of policies) {
    const existing = state.candidates.find((c) => c.name === policy.name && c.type === policy.type);
    if (existing && !existing.owned) {
      throw new AttachRefused(
        `${policy.type} "${policy.name}" (${existing.id}) exists but has no ${POLICY_OWNER_TAG_KEY} tag, so tagwarden did not create it and will not change it: rename or delete it, or tag it ${POLICY_OWNER_TAG_KEY}=${POLICY_OWNER_TAG_VALUE} to hand it over`,
      );
    }
  }
  const types = Object.keys(MAX_ATTACHED_PER_TARGET) as PolicyType[];
  const owned = state.candidates.filter((c) => c.owned);
  const match = matchExisting(policies, owned, targets, state);
  const used = new Set([...match.values()].map((e) => e.id));
  const retired = owned.filter((e) => !used.has(e.id));
  const idOf = (p: GeneratedPolicy) => match.get(p.name)?.id;

  const creates: PlanStep[] = policies.filter((p) => !match.has(p.name)).map((policy) => ({ kind: 'create', policy }));
  const attaches: PlanStep[] = [];
  const detaches: PlanStep[] = [];
  const slots: SlotUse[] = [];
  for (const targetId of targets) {
    const attached = state.attached[targetId] ?? [];
    const attach = policies.filter((p) => !attached.some((a) => a.id === idOf(p)));
    const detach = retired.filter((e) => attached.some((a) => a.id === e.id));
    for (const type of types) {
      const now = attached.filter((a) => a.type === type);
      const peak = now.length + attach.filter((p) => p.type === type).length;
      const after = peak - detach.filter((d) => d.type === type).length;
      const limit = MAX_ATTACHED_PER_TARGET[type];
      slots.push({
        targetId,
        type,
        attachedNow: now.map((a) => a.name),
        tagwarden: policies.filter((p) => p.type === type).length,
        peak,
        after,
        limit,
      });
      if (peak > limit) {
        const during = after <= limit ? ' while the guard moves to its new documents' : '';
        throw new AttachRefused(
          `${targetId} would have ${peak} ${type}s attached${during}, over the limit of ${limit} ` +
            `(attached now: ${now.map((a) => a.name).join(', ')}): detach ${peak - limit} of them, ` +
            "or attach tagwarden's to a parent OU or the root instead",
        );
      }
    }
    attaches.push(
      ...attach.map((p): PlanStep => ({ kind: 'attach', name: p.name, type: p.type, policyId: idOf(p), targetId })),
    );
    for (const e of detach) {
      const moved = sidsOf(statementsOf(e.content)).flatMap((sid) =>
        policies.filter((p) => p.type === e.type && sidsOf(p.document.Statement).includes(sid)).map((p) => p.name),
      );
      const reason = moved.length
        ? `retired, its statements are in ${[...new Set(moved)].join(', ')} now`
        : 'the config no longer produces it';
      detaches.push({ kind: 'detach', name: e.name, type: e.type, policyId: e.id, targetId, reason });
    }
  }
  const updates = types.flatMap((type) =>
    orderUpdates(
      policies.filter((p) => p.type === type),
      match,
    ),
  );
  const deletes: PlanStep[] = [];
  const notes: string[] = [];
  for (const e of retired) {
    const elsewhere = (e.targets ?? []).filter((t) => !targets.includes(t));
    if (elsewhere.length === 0) deletes.push({ kind: 'delete', name: e.name, type: e.type, policyId: e.id });
    else
      notes.push(
        `kept ${e.type} ${e.name} (${e.id}): still attached to ${elsewhere.join(', ')}, which this run does not ` +
          `attach to; include ${elsewhere.length === 1 ? 'it' : 'them'} in --target to retire it`,
      );
  }
  return { steps: [...creates, ...attaches, ...updates, ...detaches, ...deletes], slots, notes };
}

/** One line per target and type: the slots used now, the ones tagwarden will use, and the result. */
export function describeSlotUse(slot: SlotUse): string {
  const peak = slot.peak > Math.max(slot.after, slot.attachedNow.length) ? `, ${slot.peak} while moving` : '';
  const now = `${slot.attachedNow.length}/${slot.limit} used now (${slot.attachedNow.join(', ') || 'none'})`;
  return `${slot.targetId} ${slot.type}: ${now}; tagwarden will use ${slot.tagwarden}; ${slot.after}/${slot.limit} after${peak}`;
}

/** One line per step, as the dry run prints it. */
export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'create':
      return `create ${step.policy.type} ${step.policy.name} (${step.policy.size} chars) tagged ${POLICY_OWNER_TAG_KEY}=${POLICY_OWNER_TAG_VALUE}`;
    case 'update': {
      const renamed = step.fromName ? ` (renamed from ${step.fromName})` : '';
      const receives = step.receives.length ? `; receives ${step.receives.join(', ')}` : '';
      const keeps = step.keeps.length ? `; keeps ${step.keeps.join(', ')} until their new document has them` : '';
      const what = `${step.changes.join(' and ')}${renamed}${receives}${keeps}`;
      return `update ${step.policy.type} ${step.policy.name} (${step.policyId}): ${what} (${step.size} chars)`;
    }
    case 'detach':
      return `detach ${step.type} ${step.name} (${step.policyId}) from ${step.targetId}: ${step.reason}`;
    case 'attach':
      return `attach ${step.type} ${step.name}${step.policyId ? ` (${step.policyId})` : ''} to ${step.targetId}`;
    case 'delete':
      return `delete ${step.type} ${step.name} (${step.policyId}): owned by tagwarden and attached nowhere`;
  }
}
