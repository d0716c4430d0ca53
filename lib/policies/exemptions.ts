import { Exemption, TagwardenConfig } from '../config';
import { finalizePolicy, GeneratedPolicy, Statement } from './document';
import { exemptionSid } from '../config/sid';

export { exemptionSid };

export const EXEMPTIONS_POLICY = 'tagwarden-exemptions';

/**
 * One deny per use case, each keyed on its own principal tag. The key lookup is case-insensitive in IAM, and the
 * value comparison (StringNotEquals) is case-sensitive; only the tagger can set the key in any case (see patterns.ts).
 */
function exemptionStatement(e: Exemption): Statement {
  return {
    Sid: exemptionSid(e.useCase),
    Effect: 'Deny',
    Action: e.actions,
    Resource: '*',
    Condition: { StringNotEquals: { [`aws:PrincipalTag/${e.tagKey}`]: e.tagValue } },
  };
}

/** SCP with the configured exemption use cases; none when the config lists no exemption (an SCP needs a statement). */
export function exemptions(config: TagwardenConfig): GeneratedPolicy[] {
  if (config.exemptions.length === 0) return [];
  return [
    finalizePolicy({
      name: EXEMPTIONS_POLICY,
      type: 'SCP',
      description: `Deny ${config.exemptions.map((e) => e.useCase).join(', ')} unless the principal carries the use case's exemption tag`,
      shrinkHint: 'list fewer exemptions or fewer actions per exemption (an action wildcard such as "iam:Create*" counts once)',
      statements: config.exemptions.map(exemptionStatement),
    }),
  ];
}
