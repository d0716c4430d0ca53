import { TagwardenConfig } from '../../lib/config';
import { GeneratedPolicy } from '../../lib/policies';
import { exemptionSid } from '../../lib/policies/exemptions';
import { COMPONENT_TAG_KEY, forwarderRoleName, FORWARDER_RULE_NAME } from '../../lib/names';
import { SimOutcome, SimRequest } from './simulate';

/** A named request and what AWS must decide, with the statement(s) that decide it. */
export interface Scenario {
  name: string;
  group:
    | 'seed attack'
    | 'session tags'
    | 'tagwarden pieces'
    | 'case variant'
    | 'allowed flow'
    | 'evaluator limit'
    | 'holder'
    | 'admin principal'
    | 'attach scope'
    | 'stackset admin'
    | 'stackset stacks'
    | 'central'
    | 'credentials'
    | 'tagger grants'
    | 'hedge'
    | 'design';
  request: SimRequest;
  expected: Pick<SimOutcome, 'decision' | 'decidedBy'>;
  /** For evaluator limits: what AWS does, where the evaluator cannot say it. */
  awsBehaviour?: string;
}

const MEMBER = '333333333333';
const OUTSIDER = '999999999999';
const OTHER_ORG = 'o-otherorg999';

export const ADMIN_GRANT = 'AdministratorAccess#AdminEverything';
export const TRUST_GRANT = 'resource-policy#Trust';

/** `policy#Sid` of a generated statement, in whichever packed document holds it. */
export function decider(policies: GeneratedPolicy[], sid: string): string {
  const holders = policies.filter((p) => p.document.Statement.some((s) => s.Sid === sid));
  if (holders.length !== 1) throw new Error(`statement ${sid} is in ${holders.length} documents, expected exactly one`);
  return `${holders[0].name}#${sid}`;
}

const denied = (...decidedBy: string[]) => ({ decision: 'ExplicitlyDenied' as const, decidedBy: decidedBy.sort() });
const allowed = (...decidedBy: string[]) => ({ decision: 'Allowed' as const, decidedBy: decidedBy.sort() });

/**
 * Builds the matrix for a config and its packed documents; the example config's prefix is `scp-` and its exemption
 * key `scp-exempt-access-keys`.
 */
export function scenarios(config: TagwardenConfig, policies: GeneratedPolicy[]): Scenario[] {
  const at = (sid: string) => decider(policies, sid);
  const by = {
    principalTags: at('DenyProtectedPrincipalTagsExceptTagger'),
    roles: at('DenyTagwardenRoleChanges'),
    markedRoles: at('DenyMarkedRoleChanges'),
    rules: at('DenyForwarderRuleChanges'),
    sessionNonTagger: at('DenyProtectedSessionTagsNonTagger'),
    sessionOutsideOrg: at('DenyProtectedSessionTagsOutsideOrg'),
    sessionNoOrg: at('DenyProtectedSessionTagsNoOrg'),
    accessKeys: at(exemptionSid('access-keys')),
  };
  const org = config.organizationId;
  const prefix = config.protectedTagPrefix;
  const upper = prefix.toUpperCase();
  const mixed = prefix.charAt(0).toUpperCase() + prefix.slice(1);
  const exemptKey = config.exemptions[0].tagKey;
  const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
  const tagger = role(MEMBER, config.taggerRoleName);
  const dev = role(MEMBER, 'developer');
  const execRole = role(MEMBER, 'stacksets-exec-0123456789abcdef0123456789abcdef');
  const target = role(MEMBER, 'workload');
  const user = `arn:aws:iam::${MEMBER}:user/alice`;
  const ruleArn = `arn:aws:events:eu-west-1:${MEMBER}:rule/${FORWARDER_RULE_NAME}`;

  /** An admin of a member account (or `who`) calling an IAM or EventBridge API in its own account. */
  const inOrg = (
    action: string,
    resource: string,
    extra: Record<string, string | string[]> = {},
    who = dev,
  ): SimRequest => ({
    principal: who,
    action,
    resource,
    resourceAccount: MEMBER,
    principalInOrg: true,
    context: { 'aws:PrincipalArn': who, 'aws:PrincipalOrgID': org, 'aws:ResourceOrgID': org, ...extra },
  });
  const tagKeys = (...keys: string[]) => ({ 'aws:TagKeys': keys });
  /** The component tag the StackSets put on the tagger and forwarder roles, as the target role's tag. */
  const marked = (component: string, extra: Record<string, string | string[]> = {}) => ({
    [`aws:ResourceTag/${COMPONENT_TAG_KEY}`]: component,
    ...extra,
  });
  const TAGGER_UPPER = config.taggerRoleName.toUpperCase();
  const forwarderUpper = forwarderRoleName('eu-west-1').toUpperCase();
  /** Calls that name a marked role in another letter case: the ARN patterns miss, the component tag does not. */
  const spelledInOtherCase: [string, string, string, Record<string, string | string[]>][] = [
    [
      'UpdateAssumeRolePolicy on the tagger role',
      'iam:UpdateAssumeRolePolicy',
      role(MEMBER, TAGGER_UPPER),
      marked('tagger-role'),
    ],
    ['AttachRolePolicy on the tagger role', 'iam:AttachRolePolicy', role(MEMBER, TAGGER_UPPER), marked('tagger-role')],
    ['PutRolePolicy on the tagger role', 'iam:PutRolePolicy', role(MEMBER, TAGGER_UPPER), marked('tagger-role')],
    ['DeleteRole on the tagger role', 'iam:DeleteRole', role(MEMBER, TAGGER_UPPER), marked('tagger-role')],
    [
      'PutRolePermissionsBoundary on the tagger role',
      'iam:PutRolePermissionsBoundary',
      role(MEMBER, TAGGER_UPPER),
      marked('tagger-role'),
    ],
    [
      `UntagRole removing ${COMPONENT_TAG_KEY.toUpperCase()} from the tagger role`,
      'iam:UntagRole',
      role(MEMBER, TAGGER_UPPER),
      marked('tagger-role', tagKeys(COMPONENT_TAG_KEY.toUpperCase())),
    ],
    [
      'UpdateAssumeRolePolicy on a forwarder role',
      'iam:UpdateAssumeRolePolicy',
      role(MEMBER, forwarderUpper),
      marked('forwarder-role'),
    ],
    [
      'DeleteRolePolicy on a forwarder role',
      'iam:DeleteRolePolicy',
      role(MEMBER, forwarderUpper),
      marked('forwarder-role'),
    ],
  ];

  /** Passing session tags while assuming `target`, whose trust policy lets `trusted` in. */
  const trust = (trusted: Record<string, string>) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Trust',
        Effect: 'Allow',
        Principal: trusted,
        Action: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
      },
    ],
  });
  const sessionFromRole = (caller: string, callerOrg: string | undefined, keys: string[]): SimRequest => ({
    principal: caller,
    action: 'sts:TagSession',
    resource: target,
    resourceAccount: MEMBER,
    principalInOrg: callerOrg === org,
    context: {
      'aws:PrincipalArn': caller,
      ...(callerOrg ? { 'aws:PrincipalOrgID': callerOrg } : {}),
      'aws:ResourceOrgID': org,
      ...tagKeys(...keys),
    },
    resourcePolicy: trust({ AWS: caller }),
  });
  /** A SAML or OIDC identity provider's user: no aws:PrincipalArn and no aws:PrincipalOrgID exist for it. */
  const sessionFromIdp = (provider: string, keys: string[]): SimRequest => ({
    principal: provider,
    action: 'sts:TagSession',
    resource: target,
    resourceAccount: MEMBER,
    principalInOrg: false,
    federated: true,
    context: { 'aws:ResourceOrgID': org, ...tagKeys(...keys) },
    resourcePolicy: trust({ Federated: provider }),
  });
  const saml = `arn:aws:iam::${MEMBER}:saml-provider/CorpIdP`;
  const oidc = 'token.actions.githubusercontent.com';
  const outsiderTagger = role(OUTSIDER, config.taggerRoleName);

  const seedAttacks: [string, string, string][] = [
    ['iam:TagRole', target, 'sets'],
    ['iam:TagUser', user, 'sets'],
    ['iam:UntagRole', target, 'removes'],
    ['iam:UntagUser', user, 'removes'],
    ['iam:CreateRole', role(MEMBER, 'new-role'), 'creates a role with'],
    ['iam:CreateUser', `arn:aws:iam::${MEMBER}:user/new-user`, 'creates a user with'],
  ];
  const pieces: [string, string, string][] = [
    ['changes the tagger role: UpdateAssumeRolePolicy', 'iam:UpdateAssumeRolePolicy', tagger],
    ['changes the tagger role: AttachRolePolicy', 'iam:AttachRolePolicy', tagger],
    ['changes the tagger role: DeleteRole', 'iam:DeleteRole', tagger],
    ['changes a stacksets-exec role: PutRolePolicy', 'iam:PutRolePolicy', execRole],
    ['creates a role named stacksets-exec-*', 'iam:CreateRole', role(MEMBER, 'stacksets-exec-mine')],
    ['changes the forwarder rule: DisableRule', 'events:DisableRule', ruleArn],
    ['changes the forwarder rule: PutRule', 'events:PutRule', ruleArn],
    ['changes the forwarder rule targets: PutTargets', 'events:PutTargets', ruleArn],
    ['changes the forwarder rule targets: RemoveTargets', 'events:RemoveTargets', ruleArn],
    ['changes the second forwarder rule (pattern split by size): DeleteRule', 'events:DeleteRule', `${ruleArn}-2`],
    [
      'changes a forwarder role: UpdateAssumeRolePolicy',
      'iam:UpdateAssumeRolePolicy',
      role(MEMBER, forwarderRoleName('eu-west-1')),
    ],
  ];
  const pieceDecider = (action: string) => (action.startsWith('events:') ? by.rules : by.roles);

  return [
    ...seedAttacks.map(([action, resource, verb]): Scenario => ({
      name: `non-tagger ${verb} ${exemptKey} (${action})`,
      group: 'seed attack',
      request: inOrg(action, resource, tagKeys(exemptKey)),
      expected: denied(by.principalTags),
    })),
    ...seedAttacks.map(([action, resource, verb]): Scenario => ({
      name: `non-tagger ${verb} ${upper}exempt-access-keys next to an ordinary key (${action})`,
      group: 'case variant',
      request: inOrg(action, resource, tagKeys('team', `${upper}exempt-access-keys`)),
      expected: denied(by.principalTags),
    })),
    {
      name: `a role named "${config.taggerRoleName.toUpperCase()}" (not the tagger) sets ${exemptKey}`,
      group: 'case variant',
      request: inOrg('iam:TagRole', target, tagKeys(exemptKey), role(MEMBER, config.taggerRoleName.toUpperCase())),
      expected: denied(by.principalTags),
    },

    {
      name: `outsider role named ${config.taggerRoleName} passes ${prefix}* session tags`,
      group: 'session tags',
      request: sessionFromRole(outsiderTagger, OTHER_ORG, [exemptKey]),
      expected: denied(by.sessionOutsideOrg),
    },
    {
      name: `in-org non-tagger passes ${prefix}* session tags`,
      group: 'session tags',
      request: sessionFromRole(dev, org, [exemptKey]),
      expected: denied(by.principalTags, by.sessionNonTagger),
    },
    {
      name: `SAML federation passes ${prefix}* session tags`,
      group: 'session tags',
      request: sessionFromIdp(saml, [exemptKey]),
      expected: denied(by.sessionNonTagger, by.sessionNoOrg),
    },
    {
      name: `OIDC federation passes ${prefix}* session tags`,
      group: 'session tags',
      request: sessionFromIdp(oidc, [exemptKey]),
      expected: denied(by.sessionNonTagger, by.sessionNoOrg),
    },
    {
      name: `outsider role named ${config.taggerRoleName} passes ${upper}* session tags`,
      group: 'case variant',
      request: sessionFromRole(outsiderTagger, OTHER_ORG, ['team', `${upper}exempt-access-keys`]),
      expected: denied(by.sessionOutsideOrg),
    },
    {
      name: `in-org non-tagger passes ${mixed}* session tags`,
      group: 'case variant',
      request: sessionFromRole(dev, org, [`${mixed}exempt-access-keys`]),
      expected: denied(by.principalTags, by.sessionNonTagger),
    },
    {
      name: `SAML federation passes ${upper}* session tags`,
      group: 'case variant',
      request: sessionFromIdp(saml, [`${upper}exempt-access-keys`]),
      expected: denied(by.sessionNonTagger, by.sessionNoOrg),
    },
    {
      name: `OIDC federation passes ${mixed}* session tags`,
      group: 'case variant',
      request: sessionFromIdp(oidc, [`${mixed}exempt-access-keys`]),
      expected: denied(by.sessionNonTagger, by.sessionNoOrg),
    },

    ...pieces.map(([what, action, resource]): Scenario => ({
      name: `member admin ${what}`,
      group: 'tagwarden pieces',
      request: inOrg(action, resource),
      expected: denied(pieceDecider(action)),
    })),
    ...pieces
      .filter(
        ([, action]) =>
          action.startsWith('events:') || action === 'iam:UpdateAssumeRolePolicy' || action === 'iam:PutRolePolicy',
      )
      .map(([what, action, resource]): Scenario => ({
        name: `a role named "${config.taggerRoleName.toUpperCase()}" ${what}`,
        group: 'case variant',
        request: inOrg(action, resource, {}, role(MEMBER, config.taggerRoleName.toUpperCase())),
        expected: denied(pieceDecider(action)),
      })),
    ...spelledInOtherCase.map(([what, action, resource, context]): Scenario => ({
      name: `member admin calls ${what}, naming it in upper case`,
      group: 'case variant',
      request: inOrg(action, resource, context),
      expected: denied(by.markedRoles),
    })),
    {
      name: 'member admin changes the tagger role by its own name: both role statements deny',
      group: 'tagwarden pieces',
      request: inOrg('iam:PutRolePolicy', tagger, marked('tagger-role')),
      expected: denied(by.roles, by.markedRoles),
    },
    {
      name: `member admin changes the tagger role, naming it "${TAGGER_UPPER}", as if the StackSet had not tagged it`,
      group: 'evaluator limit',
      request: inOrg('iam:UpdateAssumeRolePolicy', role(MEMBER, TAGGER_UPPER)),
      expected: allowed(ADMIN_GRANT),
      awsBehaviour:
        'IAM names are unique regardless of case and Resource ARNs match case-sensitively; whether IAM authorizes such a call against the stored ARN or the spelled one is not documented. The StackSets always tag the tagger and forwarder roles, so DenyMarkedRoleChanges decides either way; this row shows the ARN patterns alone would not.',
    },
    {
      name: `member admin tags the tagger role with ${upper}x`,
      group: 'case variant',
      request: inOrg('iam:TagRole', tagger, tagKeys(`${upper}x`)),
      expected: denied(by.principalTags, by.roles),
    },
    {
      name: `the tagger role tags a stacksets-exec role with ${mixed}x`,
      group: 'case variant',
      request: inOrg('iam:TagRole', execRole, tagKeys(`${mixed}x`), tagger),
      expected: denied(by.roles),
    },

    {
      name: `tagger role sets ${exemptKey} on a role`,
      group: 'allowed flow',
      request: inOrg('iam:TagRole', target, tagKeys(exemptKey), tagger),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: `tagger role removes ${exemptKey} from a user`,
      group: 'allowed flow',
      request: inOrg('iam:UntagUser', user, tagKeys(exemptKey), tagger),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: `tagger role passes ${prefix}* session tags to an org role`,
      group: 'allowed flow',
      request: sessionFromRole(tagger, org, [exemptKey]),
      expected: allowed(ADMIN_GRANT, TRUST_GRANT),
    },
    {
      name: 'in-org admin tags a role with non-protected keys',
      group: 'allowed flow',
      request: inOrg('iam:TagRole', target, tagKeys('team', 'cost-centre')),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'in-org admin creates a user with non-protected keys',
      group: 'allowed flow',
      request: inOrg('iam:CreateUser', user, tagKeys('team')),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'in-org role passes non-protected session tags',
      group: 'allowed flow',
      request: sessionFromRole(dev, org, ['team']),
      expected: allowed(ADMIN_GRANT, TRUST_GRANT),
    },
    {
      name: 'SAML federation passes non-protected session tags',
      group: 'allowed flow',
      request: sessionFromIdp(saml, ['team']),
      expected: allowed(TRUST_GRANT),
    },
    {
      name: `exempt principal (${exemptKey}=true) creates an access key`,
      group: 'allowed flow',
      request: inOrg('iam:CreateAccessKey', user, { [`aws:PrincipalTag/${exemptKey}`]: 'true' }),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: `exempt principal whose tag the tagger spelled ${exemptKey.toUpperCase()} creates an access key`,
      group: 'allowed flow',
      request: inOrg('iam:CreateAccessKey', user, { [`aws:PrincipalTag/${exemptKey.toUpperCase()}`]: 'true' }),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'non-exempt principal creates an access key',
      group: 'seed attack',
      request: inOrg('iam:CreateAccessKey', user),
      expected: denied(by.accessKeys),
    },
    {
      name: `principal with ${exemptKey}=TRUE (value in another case) creates a login profile`,
      group: 'case variant',
      request: inOrg('iam:CreateLoginProfile', user, { [`aws:PrincipalTag/${exemptKey}`]: 'TRUE' }),
      expected: denied(by.accessKeys),
    },
    {
      name: 'stacksets-exec role updates the tagger role trust policy',
      group: 'allowed flow',
      request: inOrg('iam:UpdateAssumeRolePolicy', tagger, {}, execRole),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'stacksets-exec role creates the tagger role',
      group: 'allowed flow',
      request: inOrg('iam:CreateRole', tagger, {}, execRole),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'stacksets-exec role puts targets on the forwarder rule',
      group: 'allowed flow',
      request: inOrg('events:PutTargets', ruleArn, {}, execRole),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: `stacksets-exec role updates the tagger role named "${TAGGER_UPPER}"`,
      group: 'allowed flow',
      request: inOrg('iam:UpdateAssumeRolePolicy', role(MEMBER, TAGGER_UPPER), marked('tagger-role'), execRole),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'member admin changes an unrelated role',
      group: 'allowed flow',
      request: inOrg('iam:PutRolePolicy', target),
      expected: allowed(ADMIN_GRANT),
    },

    {
      name: `no-org principal: role named ${config.taggerRoleName} in an account of no org passes ${prefix}* session tags`,
      group: 'evaluator limit',
      request: sessionFromRole(outsiderTagger, undefined, [exemptKey]),
      expected: denied(by.sessionNoOrg),
      awsBehaviour:
        'AWS denies with DenyProtectedSessionTagsOutsideOrg AND DenyProtectedSessionTagsNoOrg: an unresolvable ${aws:PrincipalOrgID} makes the negated StringNotEquals match. The evaluator treats the variable as never matching, so only the Null statement shows; without it the evaluator would allow (see the seed-only case in the test).',
    },
    {
      name: `service-linked role sets ${exemptKey} on a role`,
      group: 'evaluator limit',
      request: inOrg(
        'iam:TagRole',
        target,
        tagKeys(exemptKey),
        `arn:aws:iam::${MEMBER}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`,
      ),
      expected: denied(by.principalTags),
      awsBehaviour:
        'AWS does not apply SCPs or RCPs to service-linked roles, so AWS would allow this; no service-linked role is known to set principal tags or pass session tags. The evaluator does not model the exemption and reports the SCP deny.',
    },
  ];
}
