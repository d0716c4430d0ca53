import { Exemption, TagwardenConfig } from '../config';
import { Statement } from './document';
import { exemptionSid } from '../config/sid';

export { exemptionSid };

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

/** SCP statements for the configured exemption use cases, one each. */
export function exemptions(config: TagwardenConfig): Statement[] {
  return config.exemptions.map(exemptionStatement);
}
