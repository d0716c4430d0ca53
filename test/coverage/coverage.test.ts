import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVolumesCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeOrganizationalUnitCommand,
  ListAccountsForParentCommand,
  ListDelegatedAdministratorsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  GetDefaultViewCommand,
  GetViewCommand,
  ListIndexesCommand,
  ListIndexesForMembersCommand,
  ResourceExplorer2Client,
  SearchCommand,
} from '@aws-sdk/client-resource-explorer-2';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { COVERAGE_INCOMPLETE_EXIT, registerCoverage } from '../../lib/cli/coverage';
import { COVERAGE_LIST_ACTIONS, WRITER_ACTIONS } from '../../lib/constructs/tag-actions';
import { IndexedResource, resourcesOf, searchHandler } from '../support/fake-resource-explorer';
import { runTagwarden, writeTestConfig } from '../support/cli';

const re = mockClient(ResourceExplorer2Client);
const org = mockClient(OrganizationsClient);
const ec2 = mockClient(EC2Client);
const rgta = mockClient(ResourceGroupsTaggingAPIClient);
const sts = mockClient(STSClient);

const ORG_ARN = 'arn:aws:organizations::111111111111:organization/o-testorg1234';
const VIEW = 'arn:aws:resource-explorer-2:eu-west-1:444444444444:view/org-view/0f1e2d3c';
const A = '333333333333';
const B = '555555555555';
const owner = { Owner: 'arn:aws:iam::333333333333:role/dev' };

interface ExplorerWorld {
  resources: IndexedResource[];
  indexed?: [string, string][];
  delegated?: boolean;
  aggregator?: string | null;
  scope?: string;
  filter?: string;
}

function explorer(w: ExplorerWorld): void {
  org.on(ListDelegatedAdministratorsCommand).resolves({ DelegatedAdministrators: w.delegated === false ? [] : [{ Id: '444444444444' }] });
  re.on(ListIndexesCommand).resolves({ Indexes: w.aggregator === null ? [] : [{ Region: w.aggregator ?? 'eu-west-1', Type: 'AGGREGATOR' }] });
  re.on(GetDefaultViewCommand).resolves({ ViewArn: VIEW });
  re.on(GetViewCommand).resolves({ View: { ViewArn: VIEW, Scope: w.scope ?? ORG_ARN, Filters: { FilterString: w.filter ?? '' } } });
  const indexed = w.indexed ?? [A, B].flatMap((a) => ['us-east-1', 'eu-west-1'].map((r) => [a, r] as [string, string]));
  re.on(ListIndexesForMembersCommand).callsFake((input: { AccountIdList: string[] }) => ({
    Indexes: indexed.filter(([a]) => input.AccountIdList.includes(a)).map(([AccountId, Region]) => ({ AccountId, Region, Type: 'LOCAL' })),
  }));
  re.on(SearchCommand).callsFake(searchHandler(w.resources));
}

function noFallback(): void {
  sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not expected'), { name: 'AccessDenied' }));
}

function taggerSessions(): void {
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'ASIAFAKE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 900_000) },
  });
}

const config = () => writeTestConfig({ managementAccountId: '111111111111' });
const run = (...args: string[]) => runTagwarden(['--config', config(), 'coverage', ...args], [registerCoverage]);
const json = async (...args: string[]) => {
  const r = await runTagwarden(['--config', config(), '--json', 'coverage', ...args], [registerCoverage]);
  return { ...r, body: JSON.parse(r.out) };
};
const searches = () => re.commandCalls(SearchCommand).map((c) => c.args[0].input.QueryString!);

beforeEach(() => {
  for (const m of [re, org, ec2, rgta, sts]) m.reset();
});

describe('coverage through Resource Explorer', () => {
  test('counts supported resources per account and service, and those without the owner key, exactly', async () => {
    explorer({
      resources: [
        ...resourcesOf(1, A, 'eu-west-1', 'ec2:instance', () => owner),
        ...resourcesOf(1, A, 'us-east-1', 'ec2:volume', () => ({})),
        ...resourcesOf(1, A, 'us-east-1', 'ec2:vpc', () => ({ team: 'blue' })),
        ...resourcesOf(2, A, 'eu-west-1', 's3:bucket', () => owner),
        // Not a supported type, another region, another account: none is counted.
        ...resourcesOf(4, A, 'eu-west-1', 'iam:role', () => ({})),
        ...resourcesOf(3, A, 'ap-south-1', 'ec2:instance', () => ({})),
        ...resourcesOf(5, '999999999999', 'eu-west-1', 'ec2:instance', () => ({})),
      ],
    });
    noFallback();
    const { code, body } = await json('--accounts', A);
    expect(code).toBe(0);
    expect(body.version).toBe(1);
    expect(body.rows).toEqual([
      { account: A, service: 'ec2', seen: 3, missingOwner: 2, untagged: 1, sources: ['resource-explorer'] },
      { account: A, service: 's3', seen: 2, missingOwner: 0, untagged: 0, sources: ['resource-explorer'] },
    ]);
    expect(body.untagged.map((u: { type: string; untagged: boolean }) => [u.type, u.untagged])).toEqual([
      ['ec2:volume', true],
      ['ec2:vpc', false],
    ]);
    expect(body.summary).toMatchObject({ accounts: 1, seen: 5, missingOwner: 2, untagged: 1, gaps: 0, setupProblems: 0 });
    expect(searches()).toContain(`accountid:${A} resourcetype.supports:tags -tag.key:Owner`);
    expect(searches()).toContain(`accountid:${A} resourcetype.supports:tags tag:none`);
    expect(sts.calls()).toHaveLength(0);
  });

  test('the JSON result starts with its version and the config it read, however that config was given', async () => {
    explorer({ resources: resourcesOf(1, A, 'eu-west-1', 'ec2:instance', () => owner) });
    noFallback();
    const file = config();
    const saved = process.env.TAGWARDEN_CONFIG;
    process.env.TAGWARDEN_CONFIG = file;
    try {
      const r = await runTagwarden(['--json', 'coverage', '--accounts', A], [registerCoverage]);
      expect(r.code).toBe(0);
      const body = JSON.parse(r.out);
      expect(Object.keys(body).slice(0, 2)).toEqual(['version', 'config']);
      expect(body).toMatchObject({ version: 1, config: file });
    } finally {
      if (saved === undefined) delete process.env.TAGWARDEN_CONFIG;
      else process.env.TAGWARDEN_CONFIG = saved;
    }
  });

  test('a query over the 1,000-result cap is split by service, then by region, so every resource is counted', async () => {
    explorer({
      resources: [
        ...resourcesOf(700, A, 'us-east-1', 'ec2:instance', (i) => (i % 7 === 0 ? {} : owner)),
        ...resourcesOf(700, A, 'eu-west-1', 'ec2:instance', () => owner),
        ...resourcesOf(10, A, 'eu-west-1', 'sqs:queue', () => ({})),
      ],
    });
    noFallback();
    const { code, body } = await json('--accounts', A);
    expect(code).toBe(0);
    expect(body.rows).toEqual([
      { account: A, service: 'ec2', seen: 1400, missingOwner: 100, untagged: 100, sources: ['resource-explorer'] },
      { account: A, service: 'sqs', seen: 10, missingOwner: 10, untagged: 10, sources: ['resource-explorer'] },
    ]);
    expect(searches()).toContain(`accountid:${A} service:ec2 region:us-east-1 resourcetype.supports:tags`);
    expect(body.gaps).toEqual([]);
  });

  test('a slice still capped in one service and region is reported as not covered, and the command exits 3', async () => {
    explorer({ resources: resourcesOf(1100, A, 'us-east-1', 'ec2:volume', () => ({})) });
    noFallback();
    const r = await run('--accounts', A);
    expect(r.code).toBe(COVERAGE_INCOMPLETE_EXIT);
    expect(r.out).toMatch(/not covered:\n {2}333333333333 us-east-1 ec2: more than 1000 matches/);
    expect(r.err).toMatch(/coverage incomplete: 0 Resource Explorer setup problem\(s\), 1 part\(s\) not covered/);
  });

  test('the report names what it could not check: a view scoped to one account is a setup problem with its fix', async () => {
    explorer({ resources: [], scope: 'arn:aws:iam::444444444444:root' });
    taggerSessions();
    ec2.onAnyCommand().resolves({});
    rgta.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const r = await run('--accounts', A);
    expect(r.code).toBe(COVERAGE_INCOMPLETE_EXIT);
    expect(r.out).toContain(`setup: view-scope: view ${VIEW} has scope arn:aws:iam::444444444444:root, not the organization ${ORG_ARN}`);
    expect(re.commandCalls(SearchCommand)).toHaveLength(0);
  });

  test.each([
    ['no delegated administrator', { delegated: false }, /setup: delegated-admin: .*\n {2}fix: aws organizations enable-aws-service-access --service-principal resource-explorer-2.amazonaws.com/],
    ['no aggregator index', { aggregator: null }, /setup: aggregator-index: .*\n {2}fix: aws resource-explorer-2 update-index-type/],
    ['a view with a filter', { filter: 'tag.key:Owner' }, /setup: view-filter: view .* filters resources \("tag.key:Owner"\)/],
  ])('%s is a setup problem that says how to fix it', async (_name, world, expected) => {
    explorer({ resources: [], ...world });
    taggerSessions();
    ec2.onAnyCommand().resolves({});
    rgta.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const r = await run('--accounts', A, '--regions', 'eu-west-1');
    expect(r.out).toMatch(expected);
    expect(r.code).toBe(COVERAGE_INCOMPLETE_EXIT);
  });
});

describe('coverage outside Resource Explorer', () => {
  function fallbackWorld(): void {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        { OwnerId: B, Instances: [{ InstanceId: 'i-0aaa', Tags: [] }, { InstanceId: 'i-0bbb', Tags: [{ Key: 'Owner', Value: 'x' }] }] },
      ],
    });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-01', Tags: [{ Key: 'owner', Value: 'x' }] }] });
    // A VPC shared from another account shows in the list; it is not this account's resource.
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-01', OwnerId: '777777777777' }] });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-01', OwnerId: B, Tags: [{ Key: 'Owner', Value: 'x' }] }] });
    rgta.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        { ResourceARN: `arn:aws:sqs:eu-west-1:${B}:jobs`, Tags: [{ Key: 'team', Value: 'a' }] },
        { ResourceARN: `arn:aws:elasticloadbalancing:eu-west-1:${B}:loadbalancer/app/web/50dc6c495c0c9188`, Tags: [{ Key: 'Owner', Value: 'x' }] },
      ],
    });
  }

  test('an account and region without an index is read through the tagger role: list APIs, then RGTA, labelled', async () => {
    explorer({ resources: resourcesOf(2, A, 'eu-west-1', 'sqs:queue', () => owner), indexed: [[A, 'eu-west-1']] });
    taggerSessions();
    fallbackWorld();
    const { code, body } = await json('--accounts', `${A},${B}`, '--regions', 'eu-west-1');
    expect(code).toBe(0);
    expect(body.fallbackPairs).toEqual([`${B}/eu-west-1`]);
    expect(body.rows).toEqual([
      { account: A, service: 'sqs', seen: 2, missingOwner: 0, untagged: 0, sources: ['resource-explorer'] },
      // Two instances, a volume and a security group (the shared VPC is not B's). i-0aaa has no tag; vol-01 has
      // `owner`, which is not the configured `Owner`.
      { account: B, service: 'ec2', seen: 4, missingOwner: 2, untagged: 1, sources: ['list-api'] },
      { account: B, service: 'elasticloadbalancing', seen: 1, missingOwner: 0, untagged: 0, sources: ['rgta'] },
      { account: B, service: 'sqs', seen: 1, missingOwner: 1, untagged: 0, sources: ['rgta'] },
    ]);
    expect(body.untagged).toContainEqual({ arn: `arn:aws:sqs:eu-west-1:${B}:jobs`, type: 'sqs:queue', account: B, region: 'eu-west-1', source: 'rgta', untagged: null });
    const assumed = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn);
    expect(assumed).toEqual([`arn:aws:iam::${B}:role/tagger`]);
  });

  test('the table marks RGTA findings and says what RGTA cannot see', async () => {
    explorer({ resources: [], indexed: [] });
    taggerSessions();
    fallbackWorld();
    const r = await run('--accounts', B, '--regions', 'eu-west-1');
    expect(r.out).toMatch(/555555555555\s+sqs\s+1\s+1\s+100\.0%\s+0\s+rgta\*/);
    expect(r.out).toContain('rgta*: the Resource Groups Tagging API lists only resources that have some tag');
  });

  test('every call the fallback makes is granted to the tagger role', async () => {
    explorer({ resources: [], indexed: [] });
    taggerSessions();
    fallbackWorld();
    await run('--accounts', B, '--regions', 'eu-west-1');
    const granted = new Set([...COVERAGE_LIST_ACTIONS, ...WRITER_ACTIONS]);
    const used = [
      ...ec2.calls().map((c) => `ec2:${(c.args[0] as object).constructor.name.replace(/Command$/, '')}`),
      ...rgta.calls().map((c) => `tag:${(c.args[0] as object).constructor.name.replace(/Command$/, '')}`),
    ];
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((a) => !granted.has(a))).toEqual([]);
  });

  test('an account whose tagger role cannot be assumed is a gap; the other accounts are still reported', async () => {
    explorer({ resources: resourcesOf(1, A, 'eu-west-1', 'sqs:queue', () => ({})), indexed: [[A, 'eu-west-1']] });
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }));
    const { code, body } = await json('--accounts', `${A},${B}`, '--regions', 'eu-west-1');
    expect(code).toBe(COVERAGE_INCOMPLETE_EXIT);
    expect(body.rows).toEqual([{ account: A, service: 'sqs', seen: 1, missingOwner: 1, untagged: 1, sources: ['resource-explorer'] }]);
    expect(body.gaps).toEqual([
      { account: B, region: 'eu-west-1', reason: 'fallback failed: AccessDenied: not authorized to perform sts:AssumeRole' },
    ]);
  });
});

describe('coverage arguments and output', () => {
  test.each([
    [['--accounts', '12345'], /--accounts: "12345" is not a 12-digit account id/],
    [['--regions', 'ap-south-1'], /--regions: "ap-south-1" is not a governed region; choose from us-east-1, eu-west-1/],
    [['--services', 'ec2,nosuch'], /--services: "nosuch" is not a supported service; choose from acm, /],
    [['--concurrency', '0'], /--concurrency "0" must be a whole number from 1 to 64/],
    [['--view', 'view/x'], /--view "view\/x" is not a Resource Explorer view ARN/],
    [['--csv', '--accounts', A], /--json and --csv exclude each other/],
  ])('%j is refused with exit 2 before any AWS call', async (args, message) => {
    const argv = ['--config', config(), ...(args.includes('--csv') ? ['--json'] : []), 'coverage', ...args];
    const r = await runTagwarden(argv, [registerCoverage]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect([re, org, ec2, rgta, sts].map((m) => m.calls().length)).toEqual([0, 0, 0, 0, 0]);
  });

  test('--csv prints one row per resource without the owner key, quoted where needed', async () => {
    explorer({
      resources: [
        ...resourcesOf(1, A, 'eu-west-1', 'sqs:queue', () => ({})),
        { arn: `arn:aws:ssm:eu-west-1:${A}:parameter/a,b`, account: A, region: 'eu-west-1', type: 'ssm:parameter', tags: { x: 'y' } },
        ...resourcesOf(1, A, 'eu-west-1', 'sns:topic', () => owner),
      ],
    });
    noFallback();
    const r = await run('--accounts', A, '--csv');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([
      'arn,type,account,region,source,untagged',
      `arn:aws:sqs:eu-west-1:${A}:queue/sqs-queue-0,sqs:queue,${A},eu-west-1,resource-explorer,true`,
      `"arn:aws:ssm:eu-west-1:${A}:parameter/a,b",ssm:parameter,${A},eu-west-1,resource-explorer,false`,
    ]);
  });

  test('--services limits the report to those services', async () => {
    explorer({
      resources: [...resourcesOf(2, A, 'eu-west-1', 'sqs:queue', () => ({})), ...resourcesOf(3, A, 'eu-west-1', 'sns:topic', () => ({}))],
    });
    noFallback();
    const { body } = await json('--accounts', A, '--services', 'sns');
    expect(body.rows.map((r: { service: string }) => r.service)).toEqual(['sns']);
  });

  test('without --accounts it reports the enrolled accounts and the management account', async () => {
    org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-root', Name: 'Root' }] });
    org.on(DescribeOrganizationalUnitCommand).resolves({ OrganizationalUnit: { Id: 'ou-root-workloads', Name: 'Workloads' } });
    org.on(ListAccountsForParentCommand).resolves({
      Accounts: [
        { Id: A, Name: 'dev', State: 'ACTIVE' },
        { Id: '666666666666', Name: 'closed', State: 'SUSPENDED' },
      ],
    });
    org.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
    explorer({ resources: [], indexed: [A, '111111111111'].flatMap((a) => ['us-east-1', 'eu-west-1'].map((r) => [a, r] as [string, string])) });
    noFallback();
    const { code } = await json();
    expect(code).toBe(0);
    const asked = re.commandCalls(ListIndexesForMembersCommand).flatMap((c) => c.args[0].input.AccountIdList);
    expect(asked).toEqual(['111111111111', A]);
  });
});
