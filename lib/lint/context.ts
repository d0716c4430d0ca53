import { ActionInfo, Catalog } from './catalog';
import { hasWildcard } from '../../lambda/core/glob';
import { Finding, Policy, PolicyStatement, PolicyType, Severity } from './types';

/** What every rule sees: the normalised policy, its type, the AWS data and the protected prefix. */
export interface RuleContext {
  policy: Policy;
  type: PolicyType;
  catalog: Catalog;
  protectedPrefix: string;
}

export interface LintRule {
  id: string;
  /** The severity of the rule's findings; a rule may lower or raise it per finding, and says so in `summary`. */
  severity: Severity;
  /** One line for `tagwarden lint --list-rules`. */
  summary: string;
  check(ctx: RuleContext): Finding[];
}

export function finding(
  rule: Pick<LintRule, 'id' | 'severity'>,
  stmt: PolicyStatement,
  message: string,
  fix: string,
  severity = rule.severity,
): Finding {
  return { rule: rule.id, severity, statement: stmt.label, statementIndex: stmt.index, message, fix };
}

/** The actions a statement grants or denies. A NotAction statement yields none: the rules only judge named actions. */
export function actionsOf(ctx: RuleContext, stmt: PolicyStatement): ActionInfo[] {
  if (stmt.notAction) return [];
  const seen = new Map<string, ActionInfo>();
  for (const pattern of stmt.actions) for (const a of ctx.catalog.expand(pattern)) seen.set(a.id, a);
  return [...seen.values()];
}

/**
 * The actions of a statement for which `affected` holds, as labels. A named action counts on its own; a wildcard
 * pattern counts only when every action it matches is affected, so `s3:*` is not blamed for what `s3:PutObject` does.
 */
export function affectedActions(
  ctx: RuleContext,
  stmt: PolicyStatement,
  affected: (a: ActionInfo) => boolean,
): string[] {
  if (stmt.notAction) return [];
  const labels: string[] = [];
  for (const pattern of stmt.actions) {
    const matches = ctx.catalog.expand(pattern);
    if (matches.length === 0) continue;
    if (!hasWildcard(pattern)) {
      if (affected(matches[0])) labels.push(matches[0].id);
    } else if (matches.every(affected)) {
      labels.push(pattern);
    }
  }
  return [...new Set(labels)];
}

/** `a, b, c and 4 more`: keeps a finding to one line. */
export function listed(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
