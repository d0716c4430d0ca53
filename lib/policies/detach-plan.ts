import { ListPoliciesCommand, ListTagsForResourceCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { POLICY_OWNER_TAG_KEY } from '../names';
import { PlanStep } from './attach-plan';
import { PolicyType } from './document';
import { ORG_POLICY_TYPE, policyTargets } from './org-state';

/** A policy that carries tagwarden's ownership tag, with every target it is attached to. */
export interface OwnedPolicy {
  id: string;
  name: string;
  type: PolicyType;
  targets: string[];
}

/**
 * Reads every customer-managed SCP and RCP and keeps those carrying the ownership tag, whatever their name: the
 * tag, not the name, is what says tagwarden created a policy. `progress` is called after each policy's tags.
 */
export async function readOwnedPolicies(
  client: OrganizationsClient,
  progress: (read: number, total: number) => void = () => undefined,
): Promise<OwnedPolicy[]> {
  const summaries: { id: string; name: string; type: PolicyType }[] = [];
  for (const type of Object.keys(ORG_POLICY_TYPE) as PolicyType[]) {
    let NextToken: string | undefined;
    do {
      const r = await client.send(new ListPoliciesCommand({ Filter: ORG_POLICY_TYPE[type], NextToken }));
      for (const p of r.Policies ?? []) if (!p.AwsManaged) summaries.push({ id: p.Id!, name: p.Name!, type });
      NextToken = r.NextToken;
    } while (NextToken);
  }
  const owned: OwnedPolicy[] = [];
  for (const [i, s] of summaries.entries()) {
    let NextToken: string | undefined;
    let tagged = false;
    do {
      const r = await client.send(new ListTagsForResourceCommand({ ResourceId: s.id, NextToken }));
      tagged ||= (r.Tags ?? []).some((t) => t.Key === POLICY_OWNER_TAG_KEY);
      NextToken = r.NextToken;
    } while (NextToken);
    if (tagged) owned.push({ ...s, targets: await policyTargets(client, s.id) });
    progress(i + 1, summaries.length);
  }
  return owned;
}

/**
 * Uninstall: detach each owned policy from every target, then delete it (Organizations deletes only a policy that
 * is attached nowhere). Policies without the ownership tag are never in the plan.
 */
export function planDetach(owned: OwnedPolicy[]): PlanStep[] {
  const detaches = owned.flatMap((p) =>
    p.targets.map((targetId): PlanStep => ({
      kind: 'detach',
      name: p.name,
      type: p.type,
      policyId: p.id,
      targetId,
      reason: `uninstall (tagged ${POLICY_OWNER_TAG_KEY})`,
    })),
  );
  const deletes = owned.map((p): PlanStep => ({ kind: 'delete', name: p.name, type: p.type, policyId: p.id }));
  return [...detaches, ...deletes];
}
