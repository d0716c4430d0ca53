import { FORWARDER_STACKSET_NAME, TAGGER_ROLE_STACKSET_NAME } from '../../lib/names';
import { exampleConfig, largeConfig, synthApp } from '../support/cdk-app';

const config = exampleConfig({
  excludedAccounts: ['333333333333'],
  stackSets: { retainStacksOnAccountRemoval: true, maxConcurrentPercentage: 30, failureTolerancePercentage: 5 },
});
const { stacks, template } = synthApp(config);
const management = template(stacks.management);
const stackSets = management.findResources('AWS::CloudFormation::StackSet');
const stackSet = (name: string) => {
  const found = Object.values(stackSets).filter((s) => s.Properties.StackSetName === name);
  expect(found).toHaveLength(1);
  return found[0].Properties;
};
describe('member StackSets', () => {
  it('are service-managed from the management account, auto-deployed, with the configured retention', () => {
    expect(Object.keys(stackSets)).toHaveLength(2);
    for (const name of [FORWARDER_STACKSET_NAME, TAGGER_ROLE_STACKSET_NAME]) {
      expect(stackSet(name)).toMatchObject({
        PermissionModel: 'SERVICE_MANAGED',
        CallAs: 'SELF',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        ManagedExecution: { Active: true },
        OperationPreferences: {
          MaxConcurrentPercentage: 30,
          FailureTolerancePercentage: 5,
          ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
          RegionConcurrencyType: 'PARALLEL',
        },
      });
    }
  });

  it('follow the config when stacks are not retained', () => {
    const other = synthApp(exampleConfig());
    for (const s of Object.values(
      other.template(other.stacks.management).findResources('AWS::CloudFormation::StackSet'),
    )) {
      expect(s.Properties.AutoDeployment).toEqual({ Enabled: true, RetainStacksOnAccountRemoval: false });
      expect(s.Properties.StackInstancesGroup[0].DeploymentTargets).toEqual({
        AccountFilterType: 'NONE',
        OrganizationalUnitIds: config.targetOus,
      });
    }
  });

  it('target the configured OUs minus the excluded accounts: the forwarder in every governed region, the role in one', () => {
    const targets = {
      AccountFilterType: 'DIFFERENCE',
      OrganizationalUnitIds: config.targetOus,
      Accounts: ['333333333333'],
    };
    expect(stackSet(FORWARDER_STACKSET_NAME).StackInstancesGroup).toEqual([
      { DeploymentTargets: targets, Regions: config.governedRegions },
    ]);
    expect(stackSet(TAGGER_ROLE_STACKSET_NAME).StackInstancesGroup).toEqual([
      { DeploymentTargets: targets, Regions: [config.homeRegion] },
    ]);
  });

  it('scale to a large organization', () => {
    const large = largeConfig();
    const synthesized = synthApp(large);
    const sets = Object.values(
      synthesized.template(synthesized.stacks.management).findResources('AWS::CloudFormation::StackSet'),
    );
    const forwarder = sets.find((s) => s.Properties.StackSetName === FORWARDER_STACKSET_NAME)!.Properties;
    expect(forwarder.StackInstancesGroup[0].Regions).toHaveLength(17);
    expect(forwarder.StackInstancesGroup[0].DeploymentTargets.OrganizationalUnitIds).toHaveLength(50);
    expect(synthesized.stacks.managementMembers).toHaveLength(17);
  });

  it('are deployed after the central stack, whose tagger function role the tagger roles trust', () => {
    expect(stacks.management.dependencies).toContain(stacks.central);
  });
});
