import { TagwardenConfig } from './config';
import { partitionOf } from '../lambda/core/partition';

/**
 * Names shared by the stacks, the policies and the CLI. The SCPs protect resources by these names, and the member
 * StackSets must reference concrete names, so they are defined once, here.
 */
export const CENTRAL_BUS_NAME = 'tagwarden';
/** The EventBridge rule on each member account's default bus that forwards events to the central bus. */
export const FORWARDER_RULE_NAME = 'tagwarden-forward';
/** The role the forwarder rule uses to put events on the central bus, one per region: `tagwarden-forwarder-eu-west-1`. */
export const FORWARDER_ROLE_PREFIX = 'tagwarden-forwarder-';
/** The central tagger function's role: the only AWS principal, besides the admins, that the tagger role trusts. */
export const TAGGER_FUNCTION_ROLE_NAME = 'tagwarden-tagger-function';
/** The execution roles of service-managed StackSets in member accounts. */
export const STACKSET_EXEC_ROLE_PATTERN = 'stacksets-exec-*';
/** Service-managed StackSets of the member accounts. */
export const FORWARDER_STACKSET_NAME = 'tagwarden-forwarder';
export const TAGGER_ROLE_STACKSET_NAME = 'tagwarden-tagger-role';
/** The tag that marks the SCPs and RCPs tagwarden owns in AWS Organizations. */
export const POLICY_OWNER_TAG_KEY = 'tagwarden:managed-by';
/**
 * The tag the StackSets put on tagwarden's member roles (value: which piece). The SCP protects the roles that carry
 * it whatever letter case a call spells their name in; tag keys are case-insensitive in condition keys.
 */
export const COMPONENT_TAG_KEY = 'tagwarden:component';

export function forwarderRoleName(region: string): string {
  return `${FORWARDER_ROLE_PREFIX}${region}`;
}

export function centralBusArn(config: TagwardenConfig): string {
  return `arn:aws:events:${config.homeRegion}:${config.centralAccountId}:event-bus/${CENTRAL_BUS_NAME}`;
}

export function taggerFunctionRoleArn(config: TagwardenConfig): string {
  return `arn:aws:iam::${config.centralAccountId}:role/${TAGGER_FUNCTION_ROLE_NAME}`;
}

/**
 * The forwarding rules of one member region. A long registry needs more than one rule to stay under the pattern
 * size quota: `tagwarden-forward`, `tagwarden-forward-2`, ... so `tagwarden-forward*` covers them all.
 */
export function forwarderRuleName(index: number): string {
  return index === 0 ? FORWARDER_RULE_NAME : `${FORWARDER_RULE_NAME}-${index + 1}`;
}

/**
 * The role admins assume in the central account to operate tagwarden (trace, DLQ tools, the heartbeat column,
 * selftest's session lookup): read-only except for the redrive actions. The guard protects it like the tagger role.
 */
export const OPERATOR_ROLE_NAME = 'tagwarden-operator';
/** The tagger queue: named, so that its DLQ's redrive-allow policy can name it without a circular reference. */
export const TAGGER_QUEUE_NAME = 'tagwarden-tagger';
/** The central stack, whose outputs tell the CLI where the queues, tables and log groups are. */
export const CENTRAL_STACK_NAME = 'TagwardenCentral';

export function operatorRoleArn(config: TagwardenConfig): string {
  return `arn:${partitionOf(config.homeRegion)}:iam::${config.centralAccountId}:role/${OPERATOR_ROLE_NAME}`;
}
