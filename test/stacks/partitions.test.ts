import { generatePolicies } from '../../lib/policies';
import { exampleConfig, synthApp } from '../support/cdk-app';

/*
 * A GovCloud and a China org synthesize with their own partition everywhere: the central stack, the StackSet templates
 * the member accounts run, the management account's own member stacks, and the SCPs/RCPs.
 */

const CENTRAL = '222222222222';

describe.each([
  ['aws-us-gov', 'us-gov-west-1', ['us-gov-west-1', 'us-gov-east-1']],
  ['aws-cn', 'cn-north-1', ['cn-north-1', 'cn-northwest-1']],
])('a %s organization', (partition, homeRegion, governedRegions) => {
  const config = exampleConfig({
    homeRegion,
    governedRegions,
    adminPrincipals: [`arn:${partition}:iam::111111111111:role/OrgAdmin`],
  });
  const { stacks, template } = synthApp(config);
  const all = [
    stacks.central,
    stacks.management,
    stacks.management.forwarderTemplate,
    stacks.management.taggerRoleTemplate,
    ...stacks.managementMembers,
  ];
  const json = (s: (typeof all)[number]) => template(s).toJSON();
  const busArn = `arn:${partition}:events:${homeRegion}:${CENTRAL}:event-bus/tagwarden`;

  test('no template names an ARN of another partition', () => {
    const foreign = ['aws', 'aws-us-gov', 'aws-cn'].filter((p) => p !== partition);
    for (const stack of all) {
      const text = JSON.stringify(json(stack));
      for (const other of foreign) expect(text).not.toContain(`arn:${other}:`);
    }
  });

  test('every forwarder (StackSet and management account) puts events on the central bus of the partition', () => {
    for (const stack of [stacks.management.forwarderTemplate, ...stacks.managementMembers]) {
      const rules = Object.values(template(stack).findResources('AWS::Events::Rule'));
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: busArn })]);
      const grants = Object.values(template(stack).findResources('AWS::IAM::Policy')).flatMap(
        (p) => p.Properties.PolicyDocument.Statement,
      );
      expect(grants).toContainEqual(expect.objectContaining({ Action: 'events:PutEvents', Resource: busArn }));
    }
  });

  test("the tagger role trusts the central function's role and the admins by their ARNs in the partition", () => {
    const roles = Object.values(template(stacks.management.taggerRoleTemplate).findResources('AWS::IAM::Role'));
    const tagger = roles.find((r) => r.Properties.RoleName === config.taggerRoleName)!;
    expect([tagger.Properties.AssumeRolePolicyDocument.Statement[0].Principal.AWS].flat().sort()).toEqual(
      [
        `arn:${partition}:iam::${CENTRAL}:role/tagwarden-tagger-function`,
        `arn:${partition}:iam::111111111111:role/OrgAdmin`,
      ].sort(),
    );
  });

  test('the central stack and the generated policies use the partition', () => {
    expect(JSON.stringify(json(stacks.central))).toContain(`arn:${partition}:iam::*:role/${config.taggerRoleName}`);
    const documents = generatePolicies(config).map((p) => p.content);
    for (const d of documents) expect(d).not.toMatch(/"arn:aws:/);
    expect(documents.join('')).toContain(`arn:${partition}:iam::*:role/${config.taggerRoleName}`);
  });
});
