import { Policy, PolicyType } from './types';

export interface InferredType {
  type: PolicyType;
  reason: string;
}

/**
 * Guesses the kind of policy from its shape. Principals mean a resource policy, or an RCP when every statement is a
 * Deny with Principal "*" (the only form RCPs allow). Without principals, a document of Deny statements (plus at
 * most a FullAWSAccess allow) reads as an SCP, anything else as an identity policy. Undefined when the shape says
 * nothing (no statements) or contradicts itself (some statements with a Principal, some without).
 */
export function inferPolicyType(policy: Policy): InferredType | undefined {
  const all = policy.statements;
  if (all.length === 0) return undefined;
  const withPrincipal = all.filter((s) => s.hasPrincipal).length;
  if (withPrincipal > 0 && withPrincipal < all.length) return undefined;
  if (withPrincipal === all.length) {
    return all.every((s) => s.effect === 'Deny' && s.principalIsStar)
      ? { type: 'rcp', reason: 'every statement is a Deny with Principal "*"' }
      : { type: 'resource', reason: 'its statements name a Principal' };
  }
  const fullAccess = (s: (typeof all)[number]) =>
    s.effect === 'Allow' && !s.notAction && s.actions.length === 1 && s.actions[0] === '*' && s.conditions.length === 0;
  if (all.every((s) => s.effect === 'Deny' || fullAccess(s))) {
    return { type: 'scp', reason: 'no Principal and only Deny statements (besides FullAWSAccess)' };
  }
  return { type: 'identity', reason: 'no Principal and it grants named actions' };
}
