import {
  DescribePolicyCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
  PolicyTypeStatus,
} from '@aws-sdk/client-organizations';
import { POLICY_OWNER_TAG_KEY } from '../names';
import { PolicyType } from './document';

/** The Organizations policy type of each document type. */
export const ORG_POLICY_TYPE = {
  SCP: 'SERVICE_CONTROL_POLICY',
  RCP: 'RESOURCE_CONTROL_POLICY',
} as const satisfies Record<PolicyType, string>;

/** Only policies with this name prefix can be tagwarden's; no other policy's tags are read. */
export const OWNED_NAME_PREFIX = 'tagwarden-';

export interface ExistingPolicy {
  id: string;
  name: string;
  type: PolicyType;
  description: string;
  /** Carries POLICY_OWNER_TAG_KEY: created by tagwarden. */
  owned: boolean;
  /** The document, read only for owned policies. */
  content?: string;
  /** Every root, OU and account it is attached to, read only for owned policies. */
  targets?: string[];
}

export interface AttachedPolicy {
  id: string;
  name: string;
  type: PolicyType;
}

/** What the attach plan needs to know about the org. */
export interface OrgState {
  rootId: string;
  enabledTypes: PolicyType[];
  /** Policies whose name starts with OWNED_NAME_PREFIX, by type. */
  candidates: ExistingPolicy[];
  /** Every policy attached directly to each target, of the types in use. */
  attached: Record<string, AttachedPolicy[]>;
}

/** Follows NextToken until the last page. */
async function allPages<T>(page: (token?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const r = await page(token);
    out.push(...r.items);
    token = r.next;
  } while (token);
  return out;
}

/** Reads the root and its enabled policy types. Separate, so a disabled type is refused before anything else is read. */
export async function readRoot(client: OrganizationsClient): Promise<Pick<OrgState, 'rootId' | 'enabledTypes'>> {
  const roots = await allPages(async (NextToken) => {
    const r = await client.send(new ListRootsCommand({ NextToken }));
    return { items: r.Roots ?? [], next: r.NextToken };
  });
  if (!roots[0]?.Id)
    throw new Error(
      'ListRoots returned no root: run this with credentials of the management account (or a delegated administrator)',
    );
  const enabled = (roots[0].PolicyTypes ?? []).filter((t) => t.Status === PolicyTypeStatus.ENABLED).map((t) => t.Type);
  const enabledTypes = (Object.keys(ORG_POLICY_TYPE) as PolicyType[]).filter((t) =>
    enabled.includes(ORG_POLICY_TYPE[t]),
  );
  return { rootId: roots[0].Id, enabledTypes };
}

/** Every target a policy is attached to. */
export async function policyTargets(client: OrganizationsClient, PolicyId: string): Promise<string[]> {
  const targets = await allPages(async (NextToken) => {
    const r = await client.send(new ListTargetsForPolicyCommand({ PolicyId, NextToken }));
    return { items: r.Targets ?? [], next: r.NextToken };
  });
  return targets.map((t) => t.TargetId!);
}

/** Reads tagwarden's candidate policies (owner tag, content) and what is attached to each target. */
export async function readPolicies(
  client: OrganizationsClient,
  types: PolicyType[],
  targets: string[],
): Promise<Pick<OrgState, 'candidates' | 'attached'>> {
  const candidates: ExistingPolicy[] = [];
  const attached: Record<string, AttachedPolicy[]> = {};
  for (const type of types) {
    const Filter = ORG_POLICY_TYPE[type];
    const summaries = await allPages(async (NextToken) => {
      const r = await client.send(new ListPoliciesCommand({ Filter, NextToken }));
      return { items: r.Policies ?? [], next: r.NextToken };
    });
    for (const s of summaries.filter((s) => !s.AwsManaged && s.Name?.startsWith(OWNED_NAME_PREFIX))) {
      const id = s.Id!;
      const tags = await allPages(async (NextToken) => {
        const r = await client.send(new ListTagsForResourceCommand({ ResourceId: id, NextToken }));
        return { items: r.Tags ?? [], next: r.NextToken };
      });
      const owned = tags.some((t) => t.Key === POLICY_OWNER_TAG_KEY);
      const content = owned
        ? (await client.send(new DescribePolicyCommand({ PolicyId: id }))).Policy?.Content
        : undefined;
      const targets = owned ? await policyTargets(client, id) : undefined;
      candidates.push({ id, name: s.Name!, type, description: s.Description ?? '', owned, content, targets });
    }
    for (const target of targets) {
      const onTarget = await allPages(async (NextToken) => {
        const r = await client.send(new ListPoliciesForTargetCommand({ TargetId: target, Filter, NextToken }));
        return { items: r.Policies ?? [], next: r.NextToken };
      });
      (attached[target] ??= []).push(...onTarget.map((p) => ({ id: p.Id!, name: p.Name!, type })));
    }
  }
  return { candidates, attached };
}
