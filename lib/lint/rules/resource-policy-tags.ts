import { actionsOf, finding, LintRule, listed } from '../context';
import { SERVICES_WITHOUT_RESOURCE_TAG_IN_RESOURCE_POLICIES } from '../quirks';
import { isResourceTagKey } from '../tags';
import { Finding } from '../types';

export const resourcePolicyResourceTag: LintRule = {
  id: 'resource-policy-resource-tag',
  severity: 'error',
  summary: 'A resource policy of a service that ignores aws:ResourceTag there (SQS queue policies) decides by it.',
  check(ctx) {
    const out: Finding[] = [];
    if (ctx.type !== 'resource') return out;
    for (const stmt of ctx.policy.statements) {
      const c = stmt.conditions.find((x) => isResourceTagKey(x.key));
      if (!c) continue;
      const actions = actionsOf(ctx, stmt).filter((a) =>
        SERVICES_WITHOUT_RESOURCE_TAG_IN_RESOURCE_POLICIES.has(a.service),
      );
      if (actions.length === 0) continue;
      out.push(
        finding(
          this,
          stmt,
          `${actions[0].service.toUpperCase()} does not evaluate ${c.key} in its resource policies, so this condition does not limit ${listed(actions.map((a) => a.id))}`,
          `move the tag condition to the principals' identity policies, or limit the resource policy by principal and source instead`,
        ),
      );
    }
    return out;
  },
};
