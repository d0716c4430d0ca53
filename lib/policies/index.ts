import { TagwardenConfig } from '../config';
import { GeneratedPolicy } from './document';
import { exemptions } from './exemptions';
import { protectPrincipalTags } from './protect-principal-tags';
import { protectSessionTags } from './protect-session-tags';
import { protectTagwarden } from './protect-tagwarden';

export * from './document';

/** Every SCP and RCP tagwarden generates from the config, in a stable order (SCPs first). Throws PolicySizeError. */
export function generatePolicies(config: TagwardenConfig): GeneratedPolicy[] {
  return [protectPrincipalTags(config), protectTagwarden(config), ...exemptions(config), protectSessionTags(config)];
}

/** The file each document is exported to, inside the output directory. */
export function policyFileName(policy: Pick<GeneratedPolicy, 'name'>): string {
  return `${policy.name}.json`;
}

/** The exact file text: the minified document and a final newline. */
export function policyFileText(policy: GeneratedPolicy): string {
  return `${policy.content}\n`;
}
