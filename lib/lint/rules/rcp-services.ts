import { affectedActions, finding, LintRule, listed } from '../context';
import { Finding } from '../types';

/** RCPs govern only the services AWS lists as supporting them (in the AWS data); IAM, for one, needs an SCP. */
export const rcpUnsupportedService: LintRule = {
  id: 'rcp-unsupported-service',
  severity: 'error',
  summary: 'An RCP names actions of a service that RCPs do not govern (iam:TagRole, for one, needs an SCP).',
  check(ctx) {
    const out: Finding[] = [];
    if (ctx.type !== 'rcp') return out;
    for (const stmt of ctx.policy.statements) {
      const actions = affectedActions(ctx, stmt, (a) => !ctx.catalog.rcpServices.has(a.service));
      if (actions.length === 0) continue;
      out.push(
        finding(
          this,
          stmt,
          `RCPs do not apply to ${listed(actions)}, so this statement never takes effect for them`,
          'move these actions to an SCP; keep only actions of services that support RCPs here',
        ),
      );
    }
    return out;
  },
};
