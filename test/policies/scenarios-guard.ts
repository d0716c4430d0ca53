import { TagwardenConfig } from '../../lib/config';
import { taggerGrantStatements } from '../../lib/constructs/tagger-grants';
import { GeneratedPolicy } from '../../lib/policies';
import { USER_CREDENTIAL_ACTIONS } from '../../lib/policies/protect-holders';
import { STACK_MUTATING_ACTIONS } from '../../lib/policies/protect-stacksets';
import { exemptionSid } from '../../lib/config/sid';
import {
  centralBusArn,
  COMPONENT_TAG_KEY,
  holderMarkerKey,
  OPERATOR_ROLE_NAME,
  TAGGER_FUNCTION_ROLE_COMPONENT,
  TAGGER_FUNCTION_ROLE_NAME,
  taggerFunctionRoleArn,
} from '../../lib/names';
import { OPERATOR_ROLE_COMPONENT } from '../../lib/constructs/operator-role';
import { ADMIN_GRANT, Scenario, TRUST_GRANT } from './scenarios';
import { SimRequest } from './simulate';

/*
 * The scenarios of the "lock every holder of guarded power" work: for each attack, the request and the statement
 * that denies it, and next to it the legitimate flow that must keep working. Deciding statements are named by Sid
 * and resolved to the document that holds them, so the matrix does not depend on how statements are packed.
 */

const MEMBER = '333333333333';
const OTHER_MEMBER = '444444444444';

/** `policy#Sid` of the generated statement with this Sid; throws when no document holds it. */
export function statementRef(policies: GeneratedPolicy[], sid: string): string {
  const holder = policies.find((p) => p.document.Statement.some((s) => s.Sid === sid));
  if (!holder) throw new Error(`no generated statement has Sid ${sid}`);
  return `${holder.name}#${sid}`;
}

export function guardScenarios(config: TagwardenConfig, policies: GeneratedPolicy[]): Scenario[] {
  const ref = (sid: string) => statementRef(policies, sid);
  const denied = (...sids: string[]) => ({ decision: 'ExplicitlyDenied' as const, decidedBy: sids.map(ref).sort() });
  const allowed = (...grants: string[]) => ({ decision: 'Allowed' as const, decidedBy: grants.sort() });
  const implicit = { decision: 'ImplicitlyDenied' as const, decidedBy: [] as string[] };
  const org = config.organizationId;
  const prefix = config.protectedTagPrefix;
  const exempt = config.exemptions.find((e) => e.useCase === 'access-keys')!;
  const marker = holderMarkerKey(prefix);
  const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
  const dev = role(MEMBER, 'developer');
  const tagger = role(MEMBER, config.taggerRoleName);
  const execRole = role(MEMBER, 'stacksets-exec-0123456789abcdef0123456789abcdef');
  const holder = role(MEMBER, 'app-deployer');
  const holderUser = `arn:aws:iam::${MEMBER}:user/ci-bot`;
  const plainUser = `arn:aws:iam::${MEMBER}:user/alice`;
  const central = config.centralAccountId;
  const centralAdmin = role(central, 'Administrator');
  const cfnExec = role(central, `cdk-hnb659fds-cfn-exec-role-${central}-${config.homeRegion}`);
  const orgAdmin = config.adminPrincipals[0];

  const inOrg = (
    action: string,
    resource: string,
    extra: Record<string, string | string[]> = {},
    who = dev,
    account = MEMBER,
  ): SimRequest => ({
    principal: who,
    action,
    resource,
    resourceAccount: account,
    principalInOrg: true,
    context: { 'aws:PrincipalArn': who, 'aws:PrincipalOrgID': org, 'aws:ResourceOrgID': org, ...extra },
  });
  const markedWith = (key = marker) => ({ [`aws:ResourceTag/${key}`]: 'true' });
  const exemptCaller = { [`aws:PrincipalTag/${exempt.tagKey}`]: exempt.tagValue };
  const trust = (principal: Record<string, string | string[]>, condition?: Record<string, Record<string, string>>) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Trust',
        Effect: 'Allow',
        Principal: principal,
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
  /** The tagger role's trust as the StackSet writes it (lib/constructs/tagger-role.ts). */
  const taggerTrust = trust(
    { AWS: [taggerFunctionRoleArn(config), ...config.adminPrincipals] },
    { StringEquals: { 'aws:PrincipalOrgID': org } },
  );
  const assume = (who: string, target: string, trustPolicy: unknown, inOrgScps = true): SimRequest => ({
    ...inOrg('sts:AssumeRole', target, {}, who),
    principalInOrg: inOrgScps,
    resourcePolicy: trustPolicy,
  });

  const holderRoleActions: string[] = [
    'iam:UpdateAssumeRolePolicy',
    'iam:PutRolePolicy',
    'iam:DeleteRolePolicy',
    'iam:AttachRolePolicy',
    'iam:DetachRolePolicy',
    'iam:PutRolePermissionsBoundary',
    'iam:DeleteRolePermissionsBoundary',
    'iam:UpdateRole',
    'iam:DeleteRole',
  ];
  const stackArn = (stackSet: string) =>
    `arn:aws:cloudformation:${config.homeRegion}:${MEMBER}:stack/StackSet-${stackSet}-0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f/8f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b`;
  const forwarderStack = stackArn('tagwarden-forwarder');
  const taggerGrants = [
    {
      name: 'tagger-role-grants',
      policy: { Version: '2012-10-17', Statement: taggerGrantStatements(config, 'aws', MEMBER) },
    },
  ];
  const asTaggerGrants = (action: string, keys: string[]): SimRequest => ({
    ...inOrg(action, holder, { 'aws:TagKeys': keys }, tagger),
    identityPolicies: taggerGrants,
  });
  const GRANTS = 'tagger-role-grants#GrantProtectedPrincipalTags';
  const longS = `\u017F${prefix.slice(1)}`;
  const longSUpper = `\u017F${prefix.slice(1).toUpperCase()}`;

  return [
    // 1. Exemption holders: the marker grant sets freezes the role and the user's credentials.
    ...holderRoleActions.map((action): Scenario => ({
      name: `member admin calls ${action} on a holder role (${marker}=true)`,
      group: 'holder',
      request: inOrg(action, holder, markedWith()),
      expected: denied('DenyHolderRoleChanges'),
    })),
    {
      name: `member admin rewrites the trust of a holder whose marker the tagger spelled ${marker.toUpperCase()}`,
      group: 'holder',
      request: inOrg('iam:UpdateAssumeRolePolicy', holder, markedWith(marker.toUpperCase())),
      expected: denied('DenyHolderRoleChanges'),
    },
    {
      name: `member admin removes ${marker} from a holder role`,
      group: 'holder',
      request: inOrg('iam:UntagRole', holder, { ...markedWith(), 'aws:TagKeys': [marker] }),
      expected: denied('DenyProtectedPrincipalTagsExceptTagger'),
    },
    {
      name: 'stacksets-exec role updates a holder role its StackSet owns',
      group: 'holder',
      request: inOrg('iam:PutRolePolicy', holder, markedWith(), execRole),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'the SCP leaves holder roles to the tagger role (its own policy grants it no such call)',
      group: 'holder',
      request: inOrg('iam:DetachRolePolicy', holder, markedWith(), tagger),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'member admin updates the trust of a role that holds nothing',
      group: 'holder',
      request: inOrg('iam:UpdateAssumeRolePolicy', role(MEMBER, 'workload')),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'member admin assumes a holder that trusts only a management-account principal (the only trust grant accepts)',
      group: 'holder',
      request: assume(dev, holder, trust({ AWS: orgAdmin })),
      expected: implicit,
    },
    {
      name: 'member admin assumes a holder that trusts its account root: why grant refuses such roles',
      group: 'design',
      request: assume(dev, holder, trust({ AWS: `arn:aws:iam::${MEMBER}:root` })),
      expected: allowed(ADMIN_GRANT, TRUST_GRANT),
      awsBehaviour:
        'No SCP can stop it: the trust already lets the account in. Closed by grant, which refuses such roles (test/cli/grant.test.ts).',
    },
    {
      name: 'member admin passes a holder role to a service: the guard does not rely on the role tag for PassRole',
      group: 'design',
      request: inOrg('iam:PassRole', holder, { ...markedWith(), 'iam:PassedToService': 'lambda.amazonaws.com' }),
      expected: allowed(ADMIN_GRANT),
      awsBehaviour:
        "IAM does not reliably evaluate the passed role's tags for PassRole, so no statement relies on them. grant refuses roles whose trust names a service, so no service can assume a holder whoever passes it (test/cli/grant.test.ts).",
    },
    {
      name: 'member admin changes a customer-managed policy (CreatePolicyVersion): acts on the policy, not the role',
      group: 'design',
      request: inOrg('iam:CreatePolicyVersion', `arn:aws:iam::${MEMBER}:policy/app-access`),
      expected: allowed(ADMIN_GRANT),
      awsBehaviour:
        'The policy carries no marker. Closed by grant, which refuses roles with customer-managed policies or boundaries (test/cli/grant.test.ts).',
    },
    ...USER_CREDENTIAL_ACTIONS.map((action): Scenario => ({
      name: `admin holding the ${exempt.useCase} exemption calls ${action} on a holder user`,
      group: 'holder',
      request: inOrg(action, holderUser, { ...exemptCaller, ...markedWith() }),
      expected: denied('DenyHolderUserCredentials'),
    })),
    {
      name: 'admin without the exemption creates an access key for a holder user: both statements deny',
      group: 'holder',
      request: inOrg('iam:CreateAccessKey', holderUser, markedWith()),
      expected: denied('DenyHolderUserCredentials', exemptionSid(exempt.useCase)),
    },
    {
      name: `admin holding the ${exempt.useCase} exemption creates an access key for a user that holds nothing`,
      group: 'holder',
      request: inOrg('iam:CreateAccessKey', plainUser, exemptCaller),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: `the SCP leaves a holder user's credentials to the tagger role (carrying the ${exempt.useCase} exemption)`,
      group: 'holder',
      request: inOrg('iam:CreateAccessKey', holderUser, { ...exemptCaller, ...markedWith() }, tagger),
      expected: allowed(ADMIN_GRANT),
    },

    // 2. Admin principals: only management-account principals are trusted (config rule), the trust is locked.
    {
      name: 'admin of a member account assumes the tagger role (config refuses member admin principals)',
      group: 'admin principal',
      request: assume(role(OTHER_MEMBER, 'Admin'), tagger, taggerTrust),
      expected: implicit,
    },
    {
      name: 'member admin rewrites the tagger role trust to let itself in',
      group: 'admin principal',
      request: inOrg('iam:UpdateAssumeRolePolicy', tagger),
      expected: denied('DenyTagwardenRoleChanges'),
    },
    {
      name: 'management-account admin principal assumes the tagger role (SCPs do not apply to the management account)',
      group: 'admin principal',
      request: assume(orgAdmin, tagger, taggerTrust, false),
      expected: allowed(ADMIN_GRANT, TRUST_GRANT),
    },
    {
      name: 'the central tagger function assumes the tagger role',
      group: 'central',
      request: assume(taggerFunctionRoleArn(config), tagger, taggerTrust),
      expected: allowed(ADMIN_GRANT, TRUST_GRANT),
    },

    // 3. Attaching below the root: an uncovered account makes look-alikes that the guard trusts by name.
    {
      name: `attached to OUs only: an admin outside them creates a role named ${config.taggerRoleName}`,
      group: 'attach scope',
      request: {
        ...inOrg(
          'iam:CreateRole',
          role(OTHER_MEMBER, config.taggerRoleName),
          {},
          role(OTHER_MEMBER, 'Admin'),
          OTHER_MEMBER,
        ),
        outsideAttachment: true,
      },
      expected: allowed(ADMIN_GRANT),
      awsBehaviour:
        'Why policies attach refuses targets below the root without --allow-ou (test/cli/policies.test.ts).',
    },
    {
      name: `attached to OUs only: that look-alike passes ${prefix}* session tags to a role of an enrolled account`,
      group: 'attach scope',
      request: {
        ...inOrg(
          'sts:TagSession',
          role(MEMBER, 'workload'),
          { 'aws:TagKeys': [exempt.tagKey] },
          role(OTHER_MEMBER, config.taggerRoleName),
        ),
        resourcePolicy: trust({ AWS: role(OTHER_MEMBER, config.taggerRoleName) }),
        outsideAttachment: true,
      },
      expected: allowed(ADMIN_GRANT, TRUST_GRANT),
      awsBehaviour:
        'The RCP trusts every role of the org named like the tagger: the name is only safe where the SCP reserves it.',
    },
    {
      name: `attached to the root: any admin creates a role named ${config.taggerRoleName}`,
      group: 'attach scope',
      request: inOrg(
        'iam:CreateRole',
        role(OTHER_MEMBER, config.taggerRoleName),
        {},
        role(OTHER_MEMBER, 'Admin'),
        OTHER_MEMBER,
      ),
      expected: denied('DenyTagwardenRoleChanges'),
    },
    {
      name: 'attached to the root: any admin creates a tagwarden-forwarder-* role, which the central bus trusts',
      group: 'attach scope',
      request: inOrg(
        'iam:CreateRole',
        role(OTHER_MEMBER, 'tagwarden-forwarder-eu-west-1'),
        {},
        role(OTHER_MEMBER, 'Admin'),
        OTHER_MEMBER,
      ),
      expected: denied('DenyTagwardenRoleChanges'),
    },

    // 4. StackSets delegated administrators: their StackSets run as the exempted execution role.
    {
      name: "a StackSets delegated admin's own StackSet, running as stacksets-exec-*, rewrites the tagger role trust",
      group: 'stackset admin',
      request: inOrg('iam:UpdateAssumeRolePolicy', tagger, {}, execRole),
      expected: allowed(ADMIN_GRANT),
      awsBehaviour:
        "No SCP can tell a delegated admin's StackSet from the management account's: both run as stacksets-exec-*. Closed by enrollment status, which fails while any delegated admin for StackSets exists (test/cli/enrollment.test.ts).",
    },
    {
      name: `even as stacksets-exec-*, setting ${prefix}* tags is left to the tagger role`,
      group: 'stackset admin',
      request: inOrg('iam:TagRole', holder, { 'aws:TagKeys': [exempt.tagKey] }, execRole),
      expected: denied('DenyProtectedPrincipalTagsExceptTagger'),
    },

    // 5. StackSet-managed stacks change only through their StackSet.
    ...STACK_MUTATING_ACTIONS.map((action): Scenario => ({
      name: `member admin calls ${action} on the StackSet-tagwarden-forwarder stack`,
      group: 'stackset stacks',
      request: inOrg(action, forwarderStack),
      expected: denied('DenyStackSetInstanceChanges'),
    })),
    {
      name: 'member admin deletes the StackSet-tagwarden-tagger-role stack',
      group: 'stackset stacks',
      request: inOrg('cloudformation:DeleteStack', stackArn('tagwarden-tagger-role')),
      expected: denied('DenyStackSetInstanceChanges'),
    },
    {
      name: 'stacksets-exec role updates the StackSet-tagwarden-forwarder stack',
      group: 'stackset stacks',
      request: inOrg('cloudformation:UpdateStack', forwarderStack, {}, execRole),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'member admin deletes its own stack',
      group: 'stackset stacks',
      request: inOrg('cloudformation:DeleteStack', `arn:aws:cloudformation:${config.homeRegion}:${MEMBER}:stack/app/1`),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'member admin deletes a stack of another StackSet',
      group: 'stackset stacks',
      request: inOrg('cloudformation:DeleteStack', stackArn('platform-baseline')),
      expected: allowed(ADMIN_GRANT),
    },

    // 6. The central account: trusted design; its roles change only by a deploy, and the deploy and the functions work.
    {
      name: `central admin rewrites the trust of ${TAGGER_FUNCTION_ROLE_NAME}`,
      group: 'central',
      request: inOrg('iam:UpdateAssumeRolePolicy', role(central, TAGGER_FUNCTION_ROLE_NAME), {}, centralAdmin, central),
      expected: denied('DenyCentralRoleChanges'),
    },
    {
      name: `central admin attaches a policy to ${OPERATOR_ROLE_NAME}`,
      group: 'central',
      request: inOrg('iam:AttachRolePolicy', role(central, OPERATOR_ROLE_NAME), {}, centralAdmin, central),
      expected: denied('DenyCentralRoleChanges'),
    },
    {
      name: `member admin creates a role named ${TAGGER_FUNCTION_ROLE_NAME}`,
      group: 'central',
      request: inOrg('iam:CreateRole', role(MEMBER, TAGGER_FUNCTION_ROLE_NAME)),
      expected: denied('DenyCentralRoleChanges'),
    },
    {
      name: `the central deploy (CloudFormation as the CDK exec role) updates ${TAGGER_FUNCTION_ROLE_NAME}`,
      group: 'central',
      request: inOrg('iam:PutRolePolicy', role(central, TAGGER_FUNCTION_ROLE_NAME), {}, cfnExec, central),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: `the central deploy creates ${OPERATOR_ROLE_NAME}`,
      group: 'central',
      request: inOrg('iam:CreateRole', role(central, OPERATOR_ROLE_NAME), {}, cfnExec, central),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: `the central deploy updates ${OPERATOR_ROLE_NAME}, which carries the component tag`,
      group: 'central',
      request: inOrg(
        'iam:PutRolePolicy',
        role(central, OPERATOR_ROLE_NAME),
        { [`aws:ResourceTag/${COMPONENT_TAG_KEY}`]: OPERATOR_ROLE_COMPONENT },
        cfnExec,
        central,
      ),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: `the central deploy updates ${TAGGER_FUNCTION_ROLE_NAME}, which carries the component tag`,
      group: 'central',
      request: inOrg(
        'iam:AttachRolePolicy',
        role(central, TAGGER_FUNCTION_ROLE_NAME),
        { [`aws:ResourceTag/${COMPONENT_TAG_KEY}`]: TAGGER_FUNCTION_ROLE_COMPONENT },
        cfnExec,
        central,
      ),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: `central admin spells ${TAGGER_FUNCTION_ROLE_NAME} in upper case to rewrite its trust`,
      group: 'central',
      request: inOrg(
        'iam:UpdateAssumeRolePolicy',
        role(central, TAGGER_FUNCTION_ROLE_NAME.toUpperCase()),
        { [`aws:ResourceTag/${COMPONENT_TAG_KEY}`]: TAGGER_FUNCTION_ROLE_COMPONENT },
        centralAdmin,
        central,
      ),
      expected: denied('DenyMarkedRoleChanges'),
    },
    {
      name: 'a role named like the CDK exec role in a member account gets no exception',
      group: 'central',
      request: inOrg(
        'iam:PutRolePolicy',
        tagger,
        { [`aws:ResourceTag/${COMPONENT_TAG_KEY}`]: 'tagger-role' },
        role(MEMBER, `cdk-hnb659fds-cfn-exec-role-${MEMBER}-${config.homeRegion}`),
      ),
      expected: denied('DenyMarkedRoleChanges', 'DenyTagwardenRoleChanges'),
    },
    {
      name: 'the central deploy updates the tagwarden-central stack',
      group: 'central',
      request: inOrg(
        'cloudformation:UpdateStack',
        `arn:aws:cloudformation:${config.homeRegion}:${central}:stack/tagwarden-central/1`,
        {},
        cfnExec,
        central,
      ),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'the session recorder writes a session record',
      group: 'central',
      request: inOrg(
        'dynamodb:PutItem',
        `arn:aws:dynamodb:${config.homeRegion}:${central}:table/tagwarden-sessions`,
        {},
        role(central, 'tagwarden-central-SessionRecorderRole'),
        central,
      ),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'the tagger role tags a resource a member principal created',
      group: 'central',
      request: inOrg(
        'ec2:CreateTags',
        `arn:aws:ec2:${config.homeRegion}:${MEMBER}:volume/vol-0123456789abcdef0`,
        { 'aws:TagKeys': ['team', 'Owner'] },
        tagger,
      ),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'a member forwarder role puts events on the central bus',
      group: 'central',
      request: {
        ...inOrg('events:PutEvents', centralBusArn(config), {}, role(MEMBER, 'tagwarden-forwarder-eu-west-1'), central),
        // The central bus's policy (lib/stacks/central-stack.ts): any principal of the org.
        resourcePolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'OrgPutEvents',
              Effect: 'Allow',
              Principal: '*',
              Action: 'events:PutEvents',
              Resource: centralBusArn(config),
              Condition: { StringEquals: { 'aws:PrincipalOrgID': org } },
            },
          ],
        },
      },
      expected: allowed(ADMIN_GRANT, 'resource-policy#OrgPutEvents'),
    },
    {
      name: 'central admin assumes the CDK deploy role: trusted by design',
      group: 'design',
      request: assume(
        centralAdmin,
        role(central, `cdk-hnb659fds-deploy-role-${central}-${config.homeRegion}`),
        trust({ AWS: `arn:aws:iam::${central}:root` }),
      ),
      expected: allowed(ADMIN_GRANT, TRUST_GRANT),
      awsBehaviour:
        'The trusted-central-account design: central admins are as trusted as the management account (docs/threat-model.md).',
    },

    // 7. Long-term credentials: the access-keys use case covers every API that mints or changes one.
    ...exempt.actions.map((action): Scenario => ({
      name: `non-exempt admin calls ${action} on an ordinary user`,
      group: 'credentials',
      request: inOrg(action, plainUser),
      expected: denied(exemptionSid(exempt.useCase)),
    })),
    {
      name: 'exempt principal uploads an SSH public key for an ordinary user',
      group: 'credentials',
      request: inOrg('iam:UploadSSHPublicKey', plainUser, exemptCaller),
      expected: allowed(ADMIN_GRANT),
    },
    {
      name: 'exempt principal resets a service-specific credential',
      group: 'credentials',
      request: inOrg('iam:ResetServiceSpecificCredential', plainUser, exemptCaller),
      expected: allowed(ADMIN_GRANT),
    },

    // 8. The tagger role's own grants: protected keys only.
    {
      name: `tagger role grants ${exempt.tagKey}`,
      group: 'tagger grants',
      request: asTaggerGrants('iam:TagRole', [exempt.tagKey, marker]),
      expected: allowed(GRANTS),
    },
    {
      name: `tagger role revokes a key spelled ${longS}x`,
      group: 'tagger grants',
      request: asTaggerGrants('iam:UntagRole', [`${longS}x`]),
      expected: allowed(GRANTS),
    },
    {
      name: 'a stolen tagger session tags a role with an unprotected key',
      group: 'tagger grants',
      request: asTaggerGrants('iam:TagRole', ['team']),
      expected: implicit,
    },
    {
      name: `a stolen tagger session removes ${COMPONENT_TAG_KEY} next to a protected key`,
      group: 'tagger grants',
      request: asTaggerGrants('iam:UntagRole', [exempt.tagKey, COMPONENT_TAG_KEY]),
      expected: implicit,
    },

    // 9. The ſ hedge: AWS does not document how it folds tag keys; Java-style folding makes ſ an s.
    {
      name: `hedge: non-tagger sets ${longS}exempt-access-keys (U+017F) on a role`,
      group: 'hedge',
      request: inOrg('iam:TagRole', holder, { 'aws:TagKeys': [`${longS}exempt-access-keys`] }),
      expected: denied('DenyProtectedPrincipalTagsExceptTagger'),
    },
    {
      name: `hedge: outsider role named ${config.taggerRoleName} passes ${longSUpper}x session tags`,
      group: 'hedge',
      request: {
        principal: role('999999999999', config.taggerRoleName),
        action: 'sts:TagSession',
        resource: role(MEMBER, 'workload'),
        resourceAccount: MEMBER,
        principalInOrg: false,
        context: {
          'aws:PrincipalArn': role('999999999999', config.taggerRoleName),
          'aws:PrincipalOrgID': 'o-otherorg999',
          'aws:ResourceOrgID': org,
          'aws:TagKeys': [`${longSUpper}x`],
        },
        resourcePolicy: trust({ AWS: role('999999999999', config.taggerRoleName) }),
      },
      expected: denied('DenyProtectedSessionTagsOutsideOrg'),
    },
    {
      name: 'hedge: in-org role passes a session tag that merely contains ſ',
      group: 'hedge',
      request: {
        ...inOrg('sts:TagSession', role(MEMBER, 'workload'), { 'aws:TagKeys': ['maſter'] }),
        resourcePolicy: trust({ AWS: dev }),
      },
      expected: allowed(ADMIN_GRANT, TRUST_GRANT),
    },
  ];
}
