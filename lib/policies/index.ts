import { TagwardenConfig } from '../config';
import { Concern, CONCERNS } from './concerns';
import { GeneratedPolicy, PolicyType } from './document';
import { ConcernStatement, packStatements } from './pack';

export * from './document';

const TYPES: PolicyType[] = ['SCP', 'RCP'];

/** Every concern's statements of one type, in concern-list order. */
export function concernStatements(
  config: TagwardenConfig,
  type: PolicyType,
  concerns: Concern[] = CONCERNS,
): ConcernStatement[] {
  return concerns
    .filter((c) => c.type === type)
    .flatMap((c) =>
      c.statements(config).map((statement) => ({ concern: c.name, shrinkHint: c.shrinkHint, statement })),
    );
}

/**
 * Every SCP and RCP tagwarden generates from the config: the concerns' statements packed into the fewest
 * documents of each type, SCPs first. Throws PolicySizeError.
 */
export function generatePolicies(config: TagwardenConfig, concerns: Concern[] = CONCERNS): GeneratedPolicy[] {
  return TYPES.flatMap((type) => packStatements(type, concernStatements(config, type, concerns)));
}

/** The file each document is exported to, inside the output directory. */
export function policyFileName(policy: Pick<GeneratedPolicy, 'name'>): string {
  return `${policy.name}.json`;
}

/** The exact file text: the minified document and a final newline. */
export function policyFileText(policy: GeneratedPolicy): string {
  return `${policy.content}\n`;
}
