/** The config fields of a large organization, for the tests and the synth benchmark: 17 regions and 50 OUs. */
const LARGE_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'sa-east-1',
];

export const LARGE_ORG = {
  governedRegions: LARGE_REGIONS,
  targetOus: Array.from({ length: 50 }, (_, i) => `ou-larg-${String(i).padStart(8, '0')}`),
  excludedAccounts: ['333333333333', '444444444444'],
};
