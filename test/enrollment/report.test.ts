import { buildReport, instanceState } from '../../lib/enrollment/report';
import { instance } from '../support/fake-aws';

describe('instanceState', () => {
  it.each([
    ['CURRENT', 'SUCCEEDED', 'CURRENT'],
    ['OUTDATED', 'PENDING', 'OUTDATED'],
    ['OUTDATED', 'RUNNING', 'OUTDATED'],
    ['OUTDATED', 'FAILED', 'FAILED'],
    ['OUTDATED', 'CANCELLED', 'FAILED'],
    ['INOPERABLE', 'INOPERABLE', 'FAILED'],
    ['CURRENT', 'FAILED_IMPORT', 'FAILED'],
  ])('%s / %s is %s', (status, detailed, expected) => {
    expect(instanceState(instance('s', '333333333333', 'eu-west-1', status, detailed))).toBe(expected);
  });

  it('is MISSING without an instance', () => {
    expect(instanceState(undefined)).toBe('MISSING');
  });
});

describe('buildReport', () => {
  const base = {
    targetOus: ['ou-root-workloads'],
    regions: ['us-east-1', 'eu-west-1'],
    managementAccountId: '111111111111',
    excludedAccounts: [],
    prerequisites: [],
  };

  it('flags instances in regions the StackSet should not cover', () => {
    const report = buildReport({
      ...base,
      accounts: [{ id: '333333333333', name: 'a', state: 'ACTIVE', ouId: 'ou-root-workloads', ouPath: 'W' }],
      stackSets: [
        {
          name: 'role',
          regions: ['eu-west-1'],
          instances: [instance('role', '333333333333', 'eu-west-1'), instance('role', '333333333333', 'us-east-1')],
        },
      ],
    });
    expect(report.ok).toBe(true);
    expect(report.unexpected).toEqual([
      { stackSet: 'role', account: '333333333333', region: 'us-east-1', status: 'CURRENT' },
    ]);
  });

  it('is not ok when a prerequisite fails even if every instance is current', () => {
    const report = buildReport({
      ...base,
      accounts: [],
      stackSets: [],
      prerequisites: [{ id: 'scp-policy-type', ok: false, message: 'm', fix: [] }],
    });
    expect(report.ok).toBe(false);
    expect(report.summary.prerequisitesFailing).toBe(1);
  });
});
