import { ConfigError, parseConfig } from '../../lib/config';

/*
 * The config lives in one partition, the partition of its home region: every governed region and every admin
 * principal must be in it, and the partition's global region (where IAM events are delivered) must be governed.
 */

const base = {
  organizationId: 'o-abcdef1234',
  managementAccountId: '111111111111',
  centralAccountId: '222222222222',
  targetOus: ['ou-ab12-cdefgh12'],
};

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.map((p) => `${p.field}: ${p.message}`);
  }
  throw new Error('expected the config to be rejected');
}

describe('a config in one partition', () => {
  test.each([
    ['aws-us-gov', 'us-gov-east-1', ['us-gov-west-1', 'us-gov-east-1']],
    ['aws-cn', 'cn-northwest-1', ['cn-north-1', 'cn-northwest-1']],
    ['aws', 'eu-west-1', ['us-east-1', 'eu-west-1']],
  ])('is accepted in %s', (partition, homeRegion, governedRegions) => {
    const admin = `arn:${partition}:iam::111111111111:role/OrgAdmin`;
    const config = parseConfig({ ...base, homeRegion, governedRegions, adminPrincipals: [admin] });
    expect(config.adminPrincipals).toEqual([admin]);
  });

  test.each([
    ['us-gov-east-1', ['us-gov-east-1'], 'us-gov-west-1', 'aws-us-gov'],
    ['cn-northwest-1', ['cn-northwest-1'], 'cn-north-1', 'aws-cn'],
    ['eu-west-1', ['eu-west-1'], 'us-east-1', 'aws'],
  ])("requires the partition's global region (home %s)", (homeRegion, governed, global, partition) => {
    const problems = problemsOf({ ...base, homeRegion, governedRegions: [...new Set([homeRegion, ...governed])] });
    expect(problems).toContainEqual(
      `governedRegions: must include "${global}", the global region of the ${partition} partition: IAM events and global-endpoint STS events are delivered there`,
    );
  });

  test('a GovCloud config no longer needs us-east-1, and refuses it as a region of another partition', () => {
    const problems = problemsOf({
      ...base,
      homeRegion: 'us-gov-west-1',
      governedRegions: ['us-gov-west-1', 'us-east-1'],
    });
    expect(problems).toEqual([
      'governedRegions.1: is in the aws partition, but homeRegion us-gov-west-1 is in aws-us-gov: an organization lives in one partition, so list only aws-us-gov regions',
    ]);
  });

  test('a commercial config that mixes in China and GovCloud regions is refused region by region', () => {
    const problems = problemsOf({
      ...base,
      homeRegion: 'eu-west-1',
      governedRegions: ['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1'],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^governedRegions\.2: is in the aws-cn partition, but homeRegion eu-west-1 is in aws:/),
      expect.stringMatching(/^governedRegions\.3: is in the aws-us-gov partition, but homeRegion eu-west-1 is in aws:/),
    ]);
  });

  test('admin principals of another partition are refused', () => {
    const problems = problemsOf({
      ...base,
      homeRegion: 'cn-north-1',
      governedRegions: ['cn-north-1'],
      adminPrincipals: ['arn:aws-cn:iam::111111111111:role/OrgAdmin', 'arn:aws:iam::111111111111:role/OrgAdmin'],
    });
    expect(problems).toEqual([
      'adminPrincipals.1: is in the aws partition, but the org is in aws-cn (homeRegion cn-north-1): write it as arn:aws-cn:iam::...',
    ]);
  });

  test('an isolated partition is refused for its home region', () => {
    const problems = problemsOf({ ...base, homeRegion: 'us-iso-east-1', governedRegions: ['us-iso-east-1'] });
    expect(problems).toEqual([
      expect.stringMatching(/^homeRegion: is in the aws-iso partition, which tagwarden does not support/),
    ]);
  });
});
