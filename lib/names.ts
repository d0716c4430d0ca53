import { TagwardenConfig } from './config';

/**
 * Names shared by the stacks, the policies and the CLI. The SCPs protect resources by these names, so they are
 * defined once, here.
 */
export const CENTRAL_BUS_NAME = 'tagwarden';
export const FORWARDER_RULE_NAME = 'tagwarden-forward';
export const STACKSET_EXEC_ROLE_PATTERN = 'stacksets-exec-*';
export const POLICY_OWNER_TAG_KEY = 'tagwarden:managed-by';

export function centralBusArn(config: TagwardenConfig): string {
  return `arn:aws:events:${config.homeRegion}:${config.centralAccountId}:event-bus/${CENTRAL_BUS_NAME}`;
}
