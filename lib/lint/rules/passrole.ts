import { actionsOf, finding, LintRule } from '../context';
import { PASSROLE_ACTION } from '../quirks';
import { isResourceTagKey } from '../tags';
import { Finding } from '../types';

export const passRoleByTag: LintRule = {
  id: 'passrole-resource-tag',
  severity: 'error',
  summary: 'iam:PassRole is limited by tags on the role, which does not control which roles can be passed.',
  check(ctx) {
    const out: Finding[] = [];
    for (const stmt of ctx.policy.statements) {
      if (!actionsOf(ctx, stmt).some((a) => a.id === PASSROLE_ACTION)) continue;
      const c = stmt.conditions.find((x) => isResourceTagKey(x.key));
      if (!c) continue;
      out.push(
        finding(
          this,
          stmt,
          `iam:PassRole cannot be limited by tags on the role: ${c.key} does not decide which roles this statement lets the principal pass`,
          'limit iam:PassRole by role ARN in Resource (a path or name prefix) and by iam:PassedToService',
        ),
      );
    }
    return out;
  },
};
