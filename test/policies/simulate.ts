import { getDenialReasons, getGrantReasons, runSimulation } from '@cloud-copilot/iam-simulate';
import { GeneratedPolicy } from '../../lib/policies';

/** What one simulated request needs. Context keys are passed as given: the evaluator derives none of them. */
export interface SimRequest {
  principal: string;
  action: string;
  resource: string;
  resourceAccount: string;
  context: Record<string, string | string[]>;
  /** The principal's account is in the org, so the org's SCPs apply to it. */
  principalInOrg: boolean;
  /** A SAML or OIDC caller: it has no identity policies of its own, only the role's trust policy. */
  federated?: boolean;
  /** The resource's own policy (a role's trust policy for sts:TagSession). */
  resourcePolicy?: unknown;
  /** The caller's own policies, when it is not an account admin (the tagger role's grants, say). */
  identityPolicies?: { name: string; policy: unknown }[];
  /** The guard is attached to OUs that do not hold the caller's account: only FullAWSAccess applies to it. */
  outsideAttachment?: boolean;
}

export interface SimOutcome {
  decision: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  /** `policy#Sid` of every explicit deny that matched, or, when allowed, of the identity/resource grants. */
  decidedBy: string[];
  ignoredContextKeys: string[];
}

const allowAll = (sid: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: sid, Effect: 'Allow', Action: '*', Resource: '*' }],
});

/** The AWS-managed allow that every SCP level needs. */
export const FULL_AWS_ACCESS = { name: 'FullAWSAccess', policy: allowAll('FullAWSAccess') };
/** The caller is an admin of its account: only the guard stands between it and the call. */
const ADMIN = { name: 'AdministratorAccess', policy: allowAll('AdminEverything') };

/**
 * Evaluates a request as AWS would in an org whose root carries `policies` (SCPs with FullAWSAccess, RCPs with the
 * RCPFullAWSAccess the evaluator adds itself) and whose member account level carries FullAWSAccess only.
 */
export async function simulate(policies: GeneratedPolicy[], req: SimRequest): Promise<SimOutcome> {
  const named = (type: 'SCP' | 'RCP') =>
    policies.filter((p) => p.type === type).map((p) => ({ name: p.name, policy: p.document }));
  const result = await runSimulation(
    {
      request: {
        principal: req.principal,
        action: req.action,
        resource: { resource: req.resource, accountId: req.resourceAccount },
        contextVariables: req.context,
      },
      identityPolicies: req.federated ? [] : (req.identityPolicies ?? [ADMIN]),
      serviceControlPolicies: req.principalInOrg
        ? [
            { orgIdentifier: 'r-root', policies: [FULL_AWS_ACCESS, ...(req.outsideAttachment ? [] : named('SCP'))] },
            { orgIdentifier: req.principal.split(':')[4], policies: [FULL_AWS_ACCESS] },
          ]
        : [],
      resourceControlPolicies: [{ orgIdentifier: 'r-root', policies: named('RCP') }],
      resourcePolicy: req.resourcePolicy,
    },
    {},
  );
  if (result.resultType !== 'single') throw new Error(`simulation did not run: ${JSON.stringify(result)}`);
  const analysis = result.result.analysis;
  const denials = getDenialReasons(analysis).flatMap((d) =>
    d.denialType === 'Explicit' ? [`${d.policyIdentifier}#${d.statementId}`] : [],
  );
  const grants = getGrantReasons(analysis).flatMap((g) =>
    g.policyType === 'identity'
      ? [`${g.policyIdentifier}#${g.statementId}`]
      : g.policyType === 'resource'
        ? [`resource-policy#${g.statementId}`]
        : [],
  );
  return {
    decision: result.overallResult,
    decidedBy: (result.overallResult === 'Allowed' ? grants : denials).sort(),
    ignoredContextKeys: result.result.ignoredContextKeys ?? [],
  };
}
