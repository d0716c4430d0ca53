import {
  Account,
  DescribeOrganizationalUnitCommand,
  OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
  Root,
} from '@aws-sdk/client-organizations';
import { Progress, silentProgress } from '../common/progress';

/** An account found under a target OU, with the OU that directly holds it. */
export interface OrgAccount {
  id: string;
  name: string;
  /** ACTIVE, SUSPENDED, CLOSED, PENDING_CLOSURE, PENDING_ACTIVATION. */
  state: string;
  ouId: string;
  /** Names from the target OU (or root) down to the account's OU, joined by "/". */
  ouPath: string;
}

export async function listRoots(org: OrganizationsClient): Promise<Root[]> {
  const roots: Root[] = [];
  for await (const page of paginateListRoots({ client: org }, {})) roots.push(...(page.Roots ?? []));
  return roots;
}

/** The id and name of each target: roots are named from ListRoots, OUs are described. */
export async function describeTargets(
  org: OrganizationsClient,
  ids: string[],
  roots: Root[],
): Promise<{ id: string; name: string }[]> {
  const targets = [];
  for (const id of ids) {
    const root = roots.find((r) => r.Id === id);
    const name = root
      ? root.Name
      : (await org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id }))).OrganizationalUnit?.Name;
    targets.push({ id, name: name ?? id });
  }
  return targets;
}

/**
 * Every account under the target OUs, walking child OUs breadth-first. An account or OU reached twice (a target
 * inside another target) is listed once. Calls are sequential: Organizations allows only a few per second.
 */
export async function listTargetAccounts(
  org: OrganizationsClient,
  targets: { id: string; name: string }[],
  progress: Progress = silentProgress,
): Promise<OrgAccount[]> {
  const accounts = new Map<string, OrgAccount>();
  const visited = new Set<string>();
  const queue = targets.map((t) => ({ id: t.id, path: t.name }));
  while (queue.length > 0) {
    const parent = queue.shift()!;
    if (visited.has(parent.id)) continue;
    visited.add(parent.id);
    for await (const page of paginateListAccountsForParent({ client: org }, { ParentId: parent.id })) {
      for (const a of page.Accounts ?? []) {
        if (a.Id && !accounts.has(a.Id)) accounts.set(a.Id, toOrgAccount(a, parent.id, parent.path));
      }
      progress.update('listed', 'accounts', accounts.size);
    }
    for await (const page of paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: parent.id })) {
      for (const ou of page.OrganizationalUnits ?? []) {
        if (ou.Id) queue.push({ id: ou.Id, path: `${parent.path}/${ou.Name ?? ou.Id}` });
      }
    }
  }
  progress.finish('listed', 'accounts', accounts.size);
  return [...accounts.values()];
}

function toOrgAccount(a: Account, ouId: string, ouPath: string): OrgAccount {
  // `State` replaces the deprecated `Status`; older responses carry only `Status`.
  return { id: a.Id!, name: a.Name ?? '', state: a.State ?? a.Status ?? 'ACTIVE', ouId, ouPath };
}
