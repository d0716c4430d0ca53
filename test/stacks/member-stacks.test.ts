import { Template } from 'aws-cdk-lib/assertions';
import { READ_ONLY_EVENTS_STATE } from '../../lib/constructs/cloudtrail-rule';
import { forwarderRules } from '../../lib/constructs/forwarder-pattern';
import { centralBusArn, COMPONENT_TAG_KEY } from '../../lib/names';
import { protectedKeyPatterns } from '../../lib/policies/patterns';
import { exampleConfig, synthApp } from '../support/cdk-app';

const config = exampleConfig();
const { stacks, template } = synthApp(config);
const roleNamed = (t: Template, name: unknown) => {
  const found = Object.values(t.findResources('AWS::IAM::Role')).filter(
    (r) => JSON.stringify(r.Properties.RoleName) === JSON.stringify(name),
  );
  expect(found).toHaveLength(1);
  return found[0].Properties;
};
const only = (t: Template, type: string) => {
  const found = Object.values(t.findResources(type));
  expect(found).toHaveLength(1);
  return found[0].Properties;
};

/** Checks one forwarder (StackSet template or management account stack) against the registry and the names. */
function expectForwarder(t: Template, region: string | { Ref: string }, account: string | { Ref: string }) {
  const role = roleNamed(
    t,
    typeof region === 'string'
      ? `tagwarden-forwarder-${region}`
      : { 'Fn::Join': ['', ['tagwarden-forwarder-', region]] },
  );
  expect(role.AssumeRolePolicyDocument.Statement).toEqual([
    expect.objectContaining({
      Action: 'sts:AssumeRole',
      Principal: { Service: 'events.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': expect.anything() },
        ArnLike: { 'aws:SourceArn': expect.anything() },
      },
    }),
  ]);
  // The component tag lets the SCP recognise the role whatever case a call spells its name in.
  expect(role.Tags).toEqual([{ Key: COMPONENT_TAG_KEY, Value: 'forwarder-role' }]);
  // The forwarder role's single permission: putting events on the central bus.
  expect(only(t, 'AWS::IAM::Policy').PolicyDocument.Statement).toEqual([
    { Effect: 'Allow', Action: 'events:PutEvents', Resource: centralBusArn(config) },
  ]);
  const rules = Object.values(t.findResources('AWS::Events::Rule')).map((r) => r.Properties);
  // The scope is whatever the template holds: pseudo parameters in a StackSet, literals in an ordinary stack.
  const expected = forwarderRules({ account, region } as never);
  expect(rules.map((r) => r.EventPattern)).toEqual(expected.map((r) => r.pattern));
  rules.forEach((r, i) => {
    // Only AWS-put, first-delivery events of this very account and region.
    expect(r.EventPattern).toEqual(
      expect.objectContaining({
        source: [{ prefix: 'aws.' }],
        'replay-name': [{ exists: false }],
        account: [account],
        region: [region],
      }),
    );
    // STS session events (AssumeRole is read-only) reach only a rule in the read-only state; create rules stay plain.
    const carriesSts = JSON.stringify(r.EventPattern).includes('sts.amazonaws.com');
    expect([i, carriesSts, r.State]).toEqual([
      i,
      expected[i].kind === 'session',
      carriesSts ? READ_ONLY_EVENTS_STATE : 'ENABLED',
    ]);
    expect(r.Name).toBe(i === 0 ? 'tagwarden-forward' : `tagwarden-forward-${i + 1}`);
    expect(r.EventBusName).toBeUndefined();
    expect(r.Targets).toEqual([
      { Arn: centralBusArn(config), Id: expect.any(String), RoleArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    ]);
  });
}

/** Checks one tagger role (StackSet template or management account stack). */
function expectTaggerRole(t: Template) {
  const role = roleNamed(t, config.taggerRoleName);
  expect(role.Tags).toEqual([{ Key: COMPONENT_TAG_KEY, Value: 'tagger-role' }]);
  const trust = role.AssumeRolePolicyDocument.Statement;
  expect(trust).toHaveLength(1);
  expect(trust[0].Action).toBe('sts:AssumeRole');
  expect(trust[0].Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': config.organizationId } });
  expect([trust[0].Principal.AWS].flat().sort()).toEqual(
    [`arn:aws:iam::${config.centralAccountId}:role/tagwarden-tagger-function`, ...config.adminPrincipals].sort(),
  );
  const statements = role.Policies.flatMap(
    (p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement,
  );
  const actions = statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
  expect(actions).toEqual(
    expect.arrayContaining([
      'tag:TagResources',
      'iam:GetRole',
      'iam:ListRoleTags',
      'iam:ListUserTags',
      's3:TagResource',
      's3:GetObjectTagging',
      's3:PutObjectTagging',
      'ec2:CreateTags',
      'ssm:AddTagsToResource',
      'autoscaling:CreateOrUpdateTags',
      'iam:TagRole',
      'iam:UntagRole',
      'iam:TagUser',
      'iam:UntagUser',
      'iam:ListRoles',
    ]),
  );
  for (const a of actions) expect(a).not.toMatch(/\*/);
  // Removing tags is only for the protected-tag grants on IAM principals.
  expect(actions.filter((a: string) => /:(Untag|Delete|Remove)/.test(a)).sort()).toEqual([
    'iam:UntagRole',
    'iam:UntagUser',
  ]);
  const grants = statements.find((s: { Sid: string }) => s.Sid === 'GrantProtectedPrincipalTags');
  expect(JSON.stringify(grants.Resource)).toMatch(/:role\/\*.*:user\/\*/);
  expect(grants.Condition['ForAllValues:StringLike']['aws:TagKeys']).toEqual(protectedKeyPatterns(config));
  const reads = statements.find((s: { Sid: string }) => s.Sid === 'ReadPrincipals');
  expect([...reads.Action].sort()).toEqual([
    'iam:GetRole',
    'iam:ListAttachedRolePolicies',
    'iam:ListRoleTags',
    'iam:ListUserTags',
  ]);
}

describe('member templates', () => {
  it("forward the registry's events in every region through a role that may only put events on the central bus", () => {
    expectForwarder(template(stacks.management.forwarderTemplate), { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' });
  });

  it('create the tagger role trusted by exactly the central tagger function and the admins, inside the org', () => {
    const t = template(stacks.management.taggerRoleTemplate);
    expectTaggerRole(t);
    expect(Object.keys(t.findResources('AWS::IAM::Role'))).toHaveLength(1);
    expect(Object.keys(t.findResources('AWS::IAM::Policy'))).toHaveLength(0);
  });

  it('hold no Lambda code (StackSet templates have no asset buckets)', () => {
    for (const s of [stacks.management.forwarderTemplate, stacks.management.taggerRoleTemplate]) {
      expect(Object.keys(template(s).findResources('AWS::Lambda::Function'))).toHaveLength(0);
    }
  });
});

describe('management account member stacks', () => {
  it('exist in every governed region of the management account, after the central stack', () => {
    expect(stacks.managementMembers.map((s) => [s.account, s.region])).toEqual(
      config.governedRegions.map((r) => [config.managementAccountId, r]),
    );
    for (const s of [stacks.management, ...stacks.managementMembers]) expect(s.dependencies).toContain(stacks.central);
  });

  it('repeat the forwarder in each region and the tagger role in the home region only', () => {
    for (const s of stacks.managementMembers) {
      const t = template(s);
      const roles = Object.values(t.findResources('AWS::IAM::Role')).map((r) => r.Properties.RoleName);
      expectForwarder(t, s.region, config.managementAccountId);
      if (s.region === config.homeRegion) {
        expectTaggerRole(t);
        expect(roles).toHaveLength(2);
      } else {
        expect(roles).toHaveLength(1);
      }
    }
  });
});
