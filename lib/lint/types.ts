/** What the lint works on and what it reports. */

export type Severity = 'error' | 'warning' | 'info';

export const POLICY_TYPES = ['identity', 'scp', 'rcp', 'resource'] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

/** One entry of a Condition block, after normalisation: one operator, one key, its values as strings. */
export interface ConditionClause {
  /** The operator as written, e.g. `ForAllValues:StringNotEqualsIgnoreCase`. */
  operator: string;
  /** The operator without set prefix or IfExists suffix, canonical casing, e.g. `StringNotEqualsIgnoreCase`. */
  base: string;
  set?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
  /** StringNotEquals, ArnNotLike, NotIpAddress...: true when the key is missing. */
  negated: boolean;
  /** The condition key as written. */
  key: string;
  /** Lower-case key: condition key names are case-insensitive. */
  keyLower: string;
  values: string[];
}

export interface PolicyStatement {
  index: number;
  sid?: string;
  /** The Sid, or `Statement[i]` when there is none. */
  label: string;
  effect: 'Allow' | 'Deny';
  /** Action patterns as written; `notAction` tells whether they come from NotAction. */
  actions: string[];
  notAction: boolean;
  resources: string[];
  notResource: boolean;
  hasPrincipal: boolean;
  /** The Principal element is exactly `"*"` or `{"AWS": "*"}`. */
  principalIsStar: boolean;
  conditions: ConditionClause[];
}

export interface Policy {
  statements: PolicyStatement[];
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** Sid or `Statement[i]`. */
  statement: string;
  statementIndex: number;
  /** What is wrong, in one line. */
  message: string;
  /** How to fix it, in one line. */
  fix: string;
}

export interface LintOptions {
  /** Overrides the inferred type. */
  type?: PolicyType;
  /** The principal tag prefix guarded by the tagwarden SCP/RCP; default `scp-`. */
  protectedPrefix?: string;
  /** Findings to drop, each `rule` or `rule:statement` (Sid or `Statement[i]`): accepted exceptions. */
  ignore?: string[];
}

export interface LintResult {
  type: PolicyType;
  /** How the type was decided: given by the caller, or the reason it was inferred. */
  typeSource: string;
  findings: Finding[];
  /** The findings an `ignore` entry dropped, so a caller can say how many were accepted and which entries matched. */
  suppressed: { finding: Finding; by: string }[];
}
