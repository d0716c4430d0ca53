import { formatArn, iamArn, partitionOf } from '../lambda/core/aws-syntax';

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
/** The value of the component tag on the tagger function's role. */
export const TAGGER_FUNCTION_ROLE_COMPONENT = 'tagger-function-role';
/**
 * The role admins assume in the central account to operate tagwarden (trace, DLQ tools, the heartbeat column,
 * selftest's session lookup): read-only except for the redrive actions. The guard protects it like the tagger role.
 */
export const OPERATOR_ROLE_NAME = 'tagwarden-operator';
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

/**
 * The marker `tagwarden grant` sets, next to the granted keys, on every role and user that holds a protected tag:
 * an SCP condition tests one exact tag key, so the SCP locks every holder by this one key (value: `true`).
 */
export function holderMarkerKey(protectedTagPrefix: string): string {
  return `${protectedTagPrefix}tagwarden-holder`;
}
export const HOLDER_MARKER_VALUE = 'true';

/**
 * Service-managed StackSets name each stack instance `StackSet-<stack set name>-<uuid>`, so this covers the
 * instances of both member StackSets.
 */
export const STACKSET_INSTANCE_PATTERN = 'StackSet-tagwarden-*';

export function forwarderRoleName(region: string): string {
  return `${FORWARDER_ROLE_PREFIX}${region}`;
}

/**
 * The central bus, in the home region and so in the org's partition (`arn:aws-us-gov:events:us-gov-west-1:...`).
 * Takes the config's placement fields only, so that the names depend on nothing else in lib/.
 */
export function centralBusArn(config: { homeRegion: string; centralAccountId: string }): string {
  const region = config.homeRegion;
  return formatArn({
    partition: partitionOf(region),
    service: 'events',
    region,
    account: config.centralAccountId,
    resource: `event-bus/${CENTRAL_BUS_NAME}`,
  });
}

export function taggerFunctionRoleArn(config: { homeRegion: string; centralAccountId: string }): string {
  return iamArn(partitionOf(config.homeRegion), config.centralAccountId, `role/${TAGGER_FUNCTION_ROLE_NAME}`);
}

/**
 * The forwarding rules of one member region. A long registry needs more than one rule to stay under the pattern
 * size quota: `tagwarden-forward`, `tagwarden-forward-2`, ... so `tagwarden-forward*` covers them all.
 */
export function forwarderRuleName(index: number): string {
  return index === 0 ? FORWARDER_RULE_NAME : `${FORWARDER_RULE_NAME}-${index + 1}`;
}

/** The tagger queue: named, so that its DLQ's redrive-allow policy can name it without a circular reference. */
export const TAGGER_QUEUE_NAME = 'tagwarden-tagger';
/** The central stack, whose outputs tell the CLI where the queues, tables and log groups are. */
export const CENTRAL_STACK_NAME = 'TagwardenCentral';

export function operatorRoleArn(config: { homeRegion: string; centralAccountId: string }): string {
  return iamArn(partitionOf(config.homeRegion), config.centralAccountId, `role/${OPERATOR_ROLE_NAME}`);
}
