import { ConfigError, ConfigProblem, parseConfig } from '../../lib/config';

/** The smallest config the schema accepts: every required field, nothing else. */
export const VALID_CONFIG = {
  organizationId: 'o-abcdef1234',
  managementAccountId: '111111111111',
  centralAccountId: '222222222222',
  homeRegion: 'eu-west-1',
  governedRegions: ['us-east-1', 'eu-west-1'],
  targetOus: ['ou-ab12-cdefgh12'],
};

/** The problems the config loader reports for `raw`; fails the test when it accepts it. */
export function configProblems(raw: unknown): ConfigProblem[] {
  try {
    parseConfig(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}

/** `n` exemption use cases of the same five actions, each keyed on its own tag: configs that fill policy documents. */
export function manyExemptions(n: number): { useCase: string; tagKey: string; actions: string[] }[] {
  const actions = [
    'iam:CreateAccessKey',
    'iam:UpdateAccessKey',
    'ec2:CreateInternetGateway',
    'ec2:AttachInternetGateway',
    's3:PutBucketPolicy',
  ];
  return Array.from({ length: n }, (_, i) => ({
    useCase: `use-case-${i + 1}`,
    tagKey: `scp-exempt-use-case-${i + 1}`,
    actions,
  }));
}
