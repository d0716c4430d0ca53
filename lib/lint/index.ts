import { loadCatalog } from './catalog';
import { RuleContext } from './context';
import { inferPolicyType } from './infer-type';
import { normalisePolicy } from './parse';
import { RULES } from './rules';
import { Finding, LintOptions, LintResult } from './types';

export { PolicyShapeError } from './parse';
export { RULES } from './rules';
export * from './types';

/** The prefix of principal tag keys that the tagwarden SCP/RCP guard, when no config says otherwise. */
export const DEFAULT_PROTECTED_PREFIX = 'scp-';

/** A policy whose type neither the document nor the caller tells. */
export class PolicyTypeUnknownError extends Error {
  constructor() {
    super(
      'cannot tell whether this is an identity policy, SCP, RCP or resource policy: pass --type identity|scp|rcp|resource',
    );
    this.name = 'PolicyTypeUnknownError';
  }
}

/**
 * Lints one IAM policy document (parsed JSON). Throws PolicyShapeError when the document is not a policy, and
 * PolicyTypeUnknownError when its type cannot be inferred and none is given. Findings come in statement order.
 */
export async function lintPolicy(doc: unknown, options: LintOptions = {}): Promise<LintResult> {
  const policy = normalisePolicy(doc);
  const inferred = options.type ? undefined : inferPolicyType(policy);
  const type = options.type ?? inferred?.type;
  if (!type) throw new PolicyTypeUnknownError();
  const patterns = policy.statements.flatMap((s) => s.actions);
  const keys = policy.statements.flatMap((s) => s.conditions.map((c) => c.key));
  const ctx: RuleContext = {
    policy,
    type,
    catalog: await loadCatalog(patterns, keys),
    protectedPrefix: options.protectedPrefix ?? DEFAULT_PROTECTED_PREFIX,
  };
  const ignored = new Set(options.ignore ?? []);
  const findings: Finding[] = [];
  const suppressed: LintResult['suppressed'] = [];
  for (const f of RULES.flatMap((rule) => rule.check(ctx)).sort((a, b) => a.statementIndex - b.statementIndex)) {
    const by = [`${f.rule}:${f.statement}`, f.rule].find((entry) => ignored.has(entry));
    if (by) suppressed.push({ finding: f, by });
    else findings.push(f);
  }
  return { type, typeSource: inferred ? `inferred: ${inferred.reason}` : 'given', findings, suppressed };
}
