import { AttachedPolicy, GetRoleCommand, IAMClient, paginateListAttachedRolePolicies, Role } from '@aws-sdk/client-iam';
import { HOLDER_MARKER_VALUE, holderMarkerKey } from '../names';
import { TagChange } from './validate';

/*
 * What `grant` adds to the tags an admin asks for, and which roles it refuses. The SCP freezes every role and user
 * that carries the holder marker (lib/policies/protect-holders.ts); these checks close what the SCP cannot see.
 */

/** The key of `current` that IAM treats as `key` (keys ignore case), if any. */
function sameKey(current: Map<string, string>, key: string): string | undefined {
  return [...current.keys()].find((k) => k.toLowerCase() === key.toLowerCase());
}

/** Grant: the marker joins the changes when the principal does not carry it yet. */
export function withHolderMarker(changes: TagChange[], current: Map<string, string>, prefix: string): TagChange[] {
  const marker = holderMarkerKey(prefix);
  const existing = sameKey(current, marker);
  if (existing !== undefined && current.get(existing) === HOLDER_MARKER_VALUE) return changes;
  const before = existing === undefined ? null : current.get(existing)!;
  return [...changes, { key: existing ?? marker, before, after: HOLDER_MARKER_VALUE }];
}

/** Revoke: the marker goes with the last protected key, and the principal is no longer frozen. */
export function withoutHolderMarker(changes: TagChange[], current: Map<string, string>, prefix: string): TagChange[] {
  const marker = sameKey(current, holderMarkerKey(prefix));
  if (marker === undefined) return changes;
  const removed = new Set(changes.map((c) => c.key.toLowerCase()));
  const remaining = [...current.keys()].filter(
    (k) => k.toLowerCase().startsWith(prefix.toLowerCase()) && k !== marker && !removed.has(k.toLowerCase()),
  );
  return remaining.length > 0 ? changes : [...changes, { key: marker, before: current.get(marker)!, after: null }];
}

/**
 * Whether the guard freezes a principal with these protected tags: it does only when the marker is there. A holder
 * granted before the marker existed has protected tags without it until it is granted again.
 */
export function isFrozenHolder(tags: Record<string, string>, prefix: string): boolean {
  const marker = sameKey(new Map(Object.entries(tags)), holderMarkerKey(prefix));
  return marker !== undefined && tags[marker] === HOLDER_MARKER_VALUE;
}

/** The marker is tagwarden's own: an admin neither grants nor revokes it by hand. */
export function isHolderMarker(key: string, prefix: string): boolean {
  return key.toLowerCase() === holderMarkerKey(prefix).toLowerCase();
}

type Principals = string | Record<string, string | string[]>;
interface TrustStatement {
  Effect?: string;
  Principal?: Principals;
  NotPrincipal?: Principals;
}

/** Why one trusted principal could let this account's admins become the role; undefined when it cannot. */
function unsafePrincipal(kind: string, p: string, account: string): string | undefined {
  const ownAccount = p === account || p.split(':')[4] === account;
  if (kind === 'AWS' && p === '*') return 'it trusts every principal ("*")';
  if (kind === 'AWS' && ownAccount) return `it trusts ${p} of its own account, which the account's admins control`;
  if (kind === 'Service') {
    const why = "and PassRole cannot be limited by the role's tags";
    return `it trusts the service ${p}: whoever may pass the role to that service uses it, ${why}`;
  }
  if (kind === 'Federated' && (ownAccount || p === 'cognito-identity.amazonaws.com')) {
    return `it trusts the identity provider ${p}, which the account's admins can reconfigure`;
  }
  return undefined;
}

/** Why each principal the trust policy allows could let this account's admins become the role. */
function trustProblems(trustPolicy: string, account: string): string[] {
  const doc = JSON.parse(decodeURIComponent(trustPolicy)) as { Statement?: TrustStatement | TrustStatement[] };
  const problems: string[] = [];
  for (const st of [doc.Statement ?? []].flat()) {
    if (st.Effect !== 'Allow') continue;
    if (st.NotPrincipal !== undefined) {
      problems.push('it allows NotPrincipal, i.e. every principal but those named');
      continue;
    }
    const principals = st.Principal === '*' ? { AWS: '*' } : (st.Principal ?? {});
    for (const [kind, values] of Object.entries(principals)) {
      for (const p of [values].flat()) {
        const why = unsafePrincipal(kind, p, account);
        if (why) problems.push(why);
      }
    }
  }
  return problems;
}

/** Customer-managed policies can be rewritten with CreatePolicyVersion, which acts on the policy, not the role. */
function customerManaged(arn: string): boolean {
  return arn.split(':')[4] !== 'aws';
}

/** Every reason a role cannot hold a protected tag safely; empty when it can. */
export function holderRoleProblems(role: Role, attached: AttachedPolicy[], account: string): string[] {
  const problems = trustProblems(role.AssumeRolePolicyDocument ?? '{}', account);
  const own = attached.map((a) => a.PolicyArn ?? '').filter(customerManaged);
  if (own.length) {
    problems.push(
      `it has customer-managed policies attached (${own.join(', ')}), ` +
        "which the account's admins can rewrite with CreatePolicyVersion",
    );
  }
  const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
  if (boundary && customerManaged(boundary)) {
    problems.push(`its permissions boundary ${boundary} is customer-managed, which the account's admins can rewrite`);
  }
  return problems;
}

/** Reads the role's trust policy, boundary and attached policies (with the tagger role's credentials). */
export async function readHolderRole(
  iam: IAMClient,
  roleName: string,
): Promise<{ role: Role; attached: AttachedPolicy[] }> {
  const { Role: role } = await iam.send(new GetRoleCommand({ RoleName: roleName }));
  const attached: AttachedPolicy[] = [];
  for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName })) {
    attached.push(...(page.AttachedPolicies ?? []));
  }
  if (!role) throw new Error(`GetRole returned no role for ${roleName}`);
  return { role, attached };
}
