import { CloudFormationClient, ListStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { registerEnrollment } from '../../lib/cli/enrollment';
import { JsonHeader } from '../../lib/cli/json-output';
import { EnrollmentReport } from '../../lib/enrollment/report';
import { installCentral, OUTPUTS } from '../support/central';
import { runTagwarden, writeTestConfig } from '../support/cli';
import { FakeOrg, FakeTrail, goodTrail, installStackInstances, installTrails, instance } from '../support/fake-aws';

const FWD = 'tagwarden-forwarder';
const ROLE = 'tagwarden-tagger-role';
const orgMock = mockClient(OrganizationsClient);
const cfnMock = mockClient(CloudFormationClient);
const ctMock = mockClient(CloudTrailClient);
const stsMock = mockClient(STSClient);
const dynamoMock = mockClient(DynamoDBClient);

/** Every instance an account needs with the test config: the forwarder in both regions, the role in eu-west-1. */
function enrolled(account: string) {
  return {
    [FWD]: [instance(FWD, account, 'us-east-1'), instance(FWD, account, 'eu-west-1')],
    [ROLE]: [instance(ROLE, account, 'eu-west-1')],
  };
}

function merge(...parts: Record<string, ReturnType<typeof instance>[]>[]) {
  const out: Record<string, ReturnType<typeof instance>[]> = { [FWD]: [], [ROLE]: [] };
  for (const p of parts) for (const [k, v] of Object.entries(p)) out[k].push(...v);
  return out;
}

function smallOrg(): FakeOrg {
  return new FakeOrg()
    .addOu('r-test', 'ou-root-workloads', 'Workloads')
    .addAccount('ou-root-workloads', '333333333333', 'shared')
    .addOu('ou-root-workloads', 'ou-root-prod1234', 'Prod')
    .addAccount('ou-root-prod1234', '444444444444', 'prod-a');
}

async function status(extra: string[] = [], config: Record<string, unknown> = {}) {
  const configPath = writeTestConfig(config);
  const run = await runTagwarden(['--config', configPath, ...extra, 'enrollment', 'status'], [registerEnrollment]);
  return { ...run, configPath };
}

async function statusJson(config: Record<string, unknown> = {}) {
  const run = await status(['--json'], config);
  return { ...run, report: JSON.parse(run.out) as EnrollmentReport & JsonHeader };
}

function setup(
  org: FakeOrg,
  instances: Record<string, ReturnType<typeof instance>[]>,
  trails: FakeTrail[] = [goodTrail()],
) {
  org.install(orgMock);
  installStackInstances(cfnMock, instances);
  installTrails(ctMock, trails);
}

beforeEach(() => {
  orgMock.reset();
  cfnMock.reset();
  ctMock.reset();
  stsMock.reset();
  dynamoMock.reset();
  installCentral(stsMock, cfnMock);
  dynamoMock.on(ScanCommand).resolves({ Items: [] });
});

describe('tagwarden enrollment status', () => {
  it('prints every account of the target OU and its child OUs, and exits 0 when all is enrolled', async () => {
    setup(smallOrg(), merge(enrolled('333333333333'), enrolled('444444444444')));
    const run = await status();
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    expect(lines[0]).toMatch(
      /^ACCOUNT\s+NAME\s+OU\s+forwarder us-east-1\s+forwarder eu-west-1\s+tagger-role eu-west-1\s+LAST EVENT$/,
    );
    expect(lines.find((l) => l.startsWith('333333333333'))).toMatch(/shared\s+Workloads\s+CURRENT\s+CURRENT\s+CURRENT/);
    expect(lines.find((l) => l.startsWith('444444444444'))).toMatch(
      /prod-a\s+Workloads\/Prod\s+CURRENT\s+CURRENT\s+CURRENT/,
    );
    expect(run.out).toContain(
      '2 account(s), 2 fully enrolled; stack instances: 6 CURRENT, 0 OUTDATED, 0 FAILED, 0 missing; 0 skipped; 0 prerequisite(s) failing',
    );
  });

  it('reads the StackSets as SELF in the home region', async () => {
    setup(smallOrg(), merge(enrolled('333333333333'), enrolled('444444444444')));
    await status();
    const calls = cfnMock.commandCalls(ListStackInstancesCommand);
    expect(calls.map((c) => c.args[0].input.StackSetName).sort()).toEqual([FWD, ROLE]);
    expect(calls.every((c) => c.args[0].input.CallAs === 'SELF')).toBe(true);
    for (const c of calls) expect(await (c.thisValue as CloudFormationClient).config.region()).toBe('eu-west-1');
  });

  it('reports missing, failed and outdated instances and exits 3 with a one-line reason', async () => {
    const instances = merge(
      { [FWD]: [instance(FWD, '333333333333', 'us-east-1', 'OUTDATED', 'RUNNING')] },
      {
        [FWD]: [
          instance(
            FWD,
            '333333333333',
            'eu-west-1',
            'OUTDATED',
            'FAILED',
            'Resource handler returned message: "Access Denied"',
          ),
        ],
      },
      { [ROLE]: [instance(ROLE, '333333333333', 'eu-west-1', 'INOPERABLE', 'INOPERABLE')] },
      { [FWD]: [instance(FWD, '444444444444', 'us-east-1')] },
    );
    setup(smallOrg(), instances);
    const run = await status();
    expect(run.code).toBe(3);
    expect(run.out.split('\n').find((l) => l.startsWith('333333333333'))).toMatch(
      /OUTDATED \(RUNNING\)\s+FAILED\s+FAILED\s+us-east-1 never SILENT, eu-west-1 never SILENT$/,
    );
    expect(run.out.split('\n').find((l) => l.startsWith('444444444444'))).toMatch(
      /CURRENT\s+missing\s+missing\s+us-east-1 never SILENT, eu-west-1 never SILENT$/,
    );
    expect(run.out).toContain(
      'FAILED 333333333333 tagwarden-forwarder eu-west-1: Resource handler returned message: "Access Denied"',
    );
    expect(run.out).toContain('stack instances: 1 CURRENT, 1 OUTDATED, 2 FAILED, 2 missing');
    expect(run.err).toBe(
      'tagwarden: enrollment incomplete: 2 missing and 2 failed stack instance(s), 0 prerequisite(s) failing\n',
    );
  });

  it('exits 0 when instances are only outdated (an update is rolling out)', async () => {
    const instances = merge(enrolled('444444444444'), {
      [FWD]: [
        instance(FWD, '333333333333', 'us-east-1', 'OUTDATED', 'PENDING'),
        instance(FWD, '333333333333', 'eu-west-1'),
      ],
      [ROLE]: [instance(ROLE, '333333333333', 'eu-west-1')],
    });
    setup(smallOrg(), instances);
    const { code, report } = await statusJson();
    expect(code).toBe(0);
    expect(report.summary.instances).toEqual({ CURRENT: 5, OUTDATED: 1, FAILED: 0, MISSING: 0 });
    expect(report.summary.fullyEnrolled).toBe(1);
  });

  it('skips excluded, suspended and management accounts with a note, and flags instances left in them', async () => {
    const org = smallOrg()
      .addAccount('ou-root-workloads', '555555555555', 'excluded-one')
      .addAccount('ou-root-prod1234', '666666666666', 'gone', 'SUSPENDED')
      .addAccount('ou-root-workloads', '111111111111', 'management');
    setup(
      org,
      merge(enrolled('333333333333'), enrolled('444444444444'), {
        [FWD]: [instance(FWD, '555555555555', 'us-east-1')],
      }),
    );
    const run = await status([], { excludedAccounts: ['555555555555'] });
    expect(run.code).toBe(0);
    expect(run.out).toContain('555555555555 excluded-one (Workloads): listed in excludedAccounts');
    expect(run.out).toContain(
      '666666666666 gone (Workloads/Prod): account is SUSPENDED: StackSets skip it until it is active again',
    );
    expect(run.out).toContain(
      '111111111111 management (Workloads): service-managed StackSets never deploy to the management account',
    );
    expect(run.out).toContain('555555555555 tagwarden-forwarder us-east-1 CURRENT');
    expect(run.out).toContain('2 account(s), 2 fully enrolled');
    expect(run.out).toContain('3 skipped');
    expect(
      run.out
        .split('\n')
        .filter((l) => /^\d{12}\s/.test(l))
        .map((l) => l.slice(0, 12)),
    ).toEqual(['333333333333', '444444444444']);
  });

  it('walks pagination and nested OUs of an organization of 1,000+ accounts', async () => {
    const org = new FakeOrg().addOu('r-test', 'ou-root-workloads', 'Workloads');
    const ids: string[] = [];
    for (let ou = 0; ou < 5; ou++) {
      const ouId = `ou-root-team${String(ou).padStart(4, '0')}`;
      const nested = `ou-root-nest${String(ou).padStart(4, '0')}`;
      org.addOu('ou-root-workloads', ouId, `team${ou}`).addOu(ouId, nested, 'dev');
      for (let i = 0; i < 210; i++) {
        const id = String(100000000000 + ou * 1000 + i);
        org.addAccount(i % 2 ? nested : ouId, id, `acct-${id}`);
        ids.push(id);
      }
    }
    org.install(orgMock);
    installStackInstances(cfnMock, merge(...ids.map(enrolled)));
    installTrails(ctMock, [goodTrail()]);
    const run = await status();
    expect(run.code).toBe(0);
    expect(run.out).toContain('1,050 account(s), 1,050 fully enrolled; stack instances: 3,150 CURRENT');
    const rows = run.out.split('\n').filter((l) => /^\d{12}\s/.test(l));
    expect(rows).toHaveLength(1050);
    expect(new Set(rows.map((r) => r.slice(0, 12)))).toEqual(new Set(ids));
    expect(rows.find((r) => r.startsWith('100000003001'))).toMatch(/team3\/dev/);
    // 105 accounts in each of 10 OUs, in pages of 20: 6 pages each, plus one empty page for the target OU itself.
    expect(orgMock.commandCalls(ListAccountsForParentCommand)).toHaveLength(61);
    // 2,100 forwarder instances in pages of 100.
    expect(cfnMock.commandCalls(ListStackInstancesCommand, { StackSetName: FWD })).toHaveLength(21);
    expect(orgMock.commandCalls(ListOrganizationalUnitsForParentCommand)).toHaveLength(11);
    const progress = run.err.split('\n');
    expect(progress).toContain('listed 1,045 accounts');
    expect(progress.filter((l) => l.endsWith(' accounts')).at(-1)).toBe('listed 1,050 accounts');
    expect(progress.filter((l) => l.endsWith('of tagwarden-forwarder')).at(-1)).toBe(
      'listed 2,100 stack instances of tagwarden-forwarder',
    );
    expect(progress.filter((l) => l.endsWith('of tagwarden-tagger-role')).at(-1)).toBe(
      'listed 1,050 stack instances of tagwarden-tagger-role',
    );
  });

  it('gives a documented, stable JSON object and no progress on stderr with --json', async () => {
    setup(smallOrg(), merge(enrolled('333333333333')));
    const { code, err, report, configPath } = await statusJson();
    expect(code).toBe(3);
    expect(err).toBe(
      'tagwarden: enrollment incomplete: 3 missing and 0 failed stack instance(s), 0 prerequisite(s) failing\n',
    );
    expect(Object.keys(report)).toEqual([
      'version',
      'config',
      'ok',
      'targetOus',
      'regions',
      'stackSets',
      'accounts',
      'skipped',
      'unexpected',
      'prerequisites',
      'summary',
      'heartbeat',
    ]);
    expect(report.version).toBe(1);
    expect(report.config).toBe(configPath);
    expect(report.ok).toBe(false);
    expect(report.stackSets).toEqual([
      { name: FWD, regions: ['us-east-1', 'eu-west-1'], found: true },
      { name: ROLE, regions: ['eu-west-1'], found: true },
    ]);
    expect(report.accounts[0]).toEqual({
      id: '333333333333',
      name: 'shared',
      ouId: 'ou-root-workloads',
      ouPath: 'Workloads',
      instances: [
        { stackSet: FWD, region: 'us-east-1', state: 'CURRENT', status: 'CURRENT', detailedStatus: 'SUCCEEDED' },
        { stackSet: FWD, region: 'eu-west-1', state: 'CURRENT', status: 'CURRENT', detailedStatus: 'SUCCEEDED' },
        { stackSet: ROLE, region: 'eu-west-1', state: 'CURRENT', status: 'CURRENT', detailedStatus: 'SUCCEEDED' },
      ],
      // Added within version 1: no heartbeat was ever written for this account.
      lastEvent: [
        { region: 'us-east-1', silent: true },
        { region: 'eu-west-1', silent: true },
      ],
    });
    expect(report.accounts[1].instances.map((c) => c.state)).toEqual(['MISSING', 'MISSING', 'MISSING']);
    expect(report.prerequisites.map((p) => [p.id, p.ok])).toEqual([
      ['organization-trail', true],
      ['stacksets-trusted-access', true],
      ['stacksets-delegated-admins', true],
      ['scp-policy-type', true],
      ['rcp-policy-type', true],
    ]);
  });

  it('fails in one line when Organizations keeps throttling past the retries', async () => {
    setup(smallOrg(), merge(enrolled('333333333333'), enrolled('444444444444')));
    orgMock
      .on(ListAccountsForParentCommand)
      .rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    const run = await status();
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toBe('tagwarden: TooManyRequestsException: Rate exceeded\n');
  });

  it('documents itself in --help', async () => {
    const run = await runTagwarden(['enrollment', 'status', '--help'], [registerEnrollment]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Usage: tagwarden enrollment status');
    expect(run.out.replace(/\s+/g, ' ')).toContain('exits 3 when anything is missing or failed');
  });

  it('accepts the root as a target', async () => {
    const org = smallOrg().addAccount('r-test', '777777777777', 'at-root');
    setup(org, merge(enrolled('333333333333'), enrolled('444444444444'), enrolled('777777777777')));
    const { code, report } = await statusJson({ targetOus: ['r-test'] });
    expect(code).toBe(0);
    expect(report.accounts.map((a) => [a.id, a.ouPath])).toEqual([
      ['777777777777', 'Root'],
      ['333333333333', 'Root/Workloads'],
      ['444444444444', 'Root/Workloads/Prod'],
    ]);
  });
});

describe('enrollment prerequisites', () => {
  const allEnrolled = () => merge(enrolled('333333333333'), enrolled('444444444444'));

  async function failing(trails: FakeTrail[], tweak: (org: FakeOrg) => void = () => undefined) {
    const org = smallOrg();
    tweak(org);
    setup(org, allEnrolled(), trails);
    const run = await status();
    expect(run.code).toBe(3);
    expect(run.err).toMatch(
      /^tagwarden: enrollment incomplete: 0 missing and 0 failed stack instance\(s\), [1-9] prerequisite\(s\) failing\n$/,
    );
    return run.out;
  }

  it('names a missing trail and how to create one', async () => {
    const out = await failing([]);
    expect(out).toContain('FAIL organization-trail: no CloudTrail trail logs us-east-1, eu-west-1');
    expect(out).toContain(
      'fix: aws cloudtrail create-trail --name tagwarden-org-trail --s3-bucket-name <bucket-that-allows-org-trail-delivery> --is-organization-trail --is-multi-region-trail --region eu-west-1',
    );
    expect(out).toContain('fix: aws cloudtrail start-logging --name tagwarden-org-trail --region eu-west-1');
  });

  it('names a trail that is not logging', async () => {
    const trail = { ...goodTrail(), logging: false };
    const out = await failing([trail]);
    expect(out).toContain('trail org-trail: is not logging');
    expect(out).toContain(`fix: aws cloudtrail start-logging --name ${trail.trail.TrailARN} --region us-east-1`);
  });

  it('names a trail that is not an organization trail', async () => {
    const out = await failing([goodTrail({ IsOrganizationTrail: false })]);
    expect(out).toContain('trail org-trail: is not an organization trail');
    expect(out).toContain(
      'fix: aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail --is-organization-trail --region us-east-1',
    );
  });

  it('names a single-region trail and the regions it leaves uncovered', async () => {
    const out = await failing([goodTrail({ IsMultiRegionTrail: false })]);
    expect(out).toContain(
      'no logging organization trail records management read and write events in eu-west-1; trail org-trail: is not multi-region (it logs us-east-1 only)',
    );
    expect(out).toContain('--is-multi-region-trail --region us-east-1');
  });

  it('accepts single-region organization trails that together cover every governed region', async () => {
    const eu = goodTrail({
      IsMultiRegionTrail: false,
      HomeRegion: 'eu-west-1',
      Name: 'eu',
      TrailARN: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/eu',
    });
    setup(smallOrg(), allEnrolled(), [goodTrail({ IsMultiRegionTrail: false }), eu]);
    const { code, report } = await statusJson();
    expect(code).toBe(0);
    expect(report.prerequisites[0].message).toBe(
      'organization trail org-trail, eu logs management read and write events in us-east-1, eu-west-1',
    );
    expect(ctMock.commandCalls(DescribeTrailsCommand)).toHaveLength(2);
  });

  it('names a trail that logs read events only (basic selectors)', async () => {
    const trail = {
      ...goodTrail(),
      selectors: { EventSelectors: [{ ReadWriteType: 'ReadOnly' as const, IncludeManagementEvents: true }] },
    };
    const out = await failing([trail]);
    expect(out).toContain('does not log both read and write management events');
    expect(out).toContain(
      `put-event-selectors --trail-name ${trail.trail.TrailARN} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]' --region us-east-1`,
    );
  });

  it('names a trail that logs write events only: the STS session events are read-only', async () => {
    const trail = {
      ...goodTrail(),
      selectors: { EventSelectors: [{ ReadWriteType: 'WriteOnly' as const, IncludeManagementEvents: true }] },
    };
    const out = await failing([trail]);
    expect(out).toContain('does not log both read and write management events');
    expect(out).toContain(`'[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`);
  });

  it('names a trail whose advanced selectors log data events only', async () => {
    const trail = {
      ...goodTrail(),
      selectors: {
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            ],
          },
        ],
      },
    };
    const out = await failing([trail]);
    expect(out).toContain('does not log both read and write management events');
    expect(out).toContain(
      `--advanced-event-selectors '[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]'`,
    );
  });

  it('names missing trusted access for StackSets', async () => {
    const out = await failing([goodTrail()], (org) => org.servicePrincipals.splice(0, 1));
    expect(out).toContain('FAIL stacksets-trusted-access: trusted access for CloudFormation StackSets is not enabled');
    expect(out).toContain('fix: aws cloudformation activate-organizations-access --region eu-west-1');
  });

  it('fails while any account is a delegated administrator for StackSets, naming each and the fix', async () => {
    const out = await failing([goodTrail()], (org) => {
      org.delegatedAdmins['member.org.stacksets.cloudformation.amazonaws.com'] = [
        { Id: '555555555555', Name: 'platform' },
        { Id: '666666666666', Name: 'deploy' },
      ];
      // A delegated administrator of another service is no StackSets power.
      org.delegatedAdmins['guardduty.amazonaws.com'] = [{ Id: '777777777777', Name: 'security' }];
    });
    expect(out).toContain(
      'FAIL stacksets-delegated-admins: 555555555555 (platform), 666666666666 (deploy) are delegated administrators for StackSets: its admins can deploy a StackSet that runs as the stacksets-exec-* role',
    );
    expect(out).toContain(
      'fix: aws organizations deregister-delegated-administrator --account-id 555555555555 --service-principal member.org.stacksets.cloudformation.amazonaws.com',
    );
    expect(out).toContain('fix: aws organizations deregister-delegated-administrator --account-id 666666666666');
    expect(out).not.toContain('777777777777');
  });

  it('names SCPs not enabled on the root', async () => {
    const out = await failing([goodTrail()], (org) => org.root.PolicyTypes!.splice(0, 1));
    expect(out).toContain('FAIL scp-policy-type: SCPs are not enabled on root r-test');
    expect(out).toContain(
      'fix: aws organizations enable-policy-type --root-id r-test --policy-type SERVICE_CONTROL_POLICY',
    );
    expect(out).toContain('ok   rcp-policy-type');
  });

  it('says when a policy type is still being enabled, with nothing to run', async () => {
    const out = await failing([goodTrail()], (org) => (org.root.PolicyTypes![1].Status = 'PENDING_ENABLE'));
    expect(out).toContain('FAIL rcp-policy-type: RCPs are being enabled (re-run in a minute) on root r-test');
    expect(out).not.toContain('RESOURCE_CONTROL_POLICY');
  });

  it('names RCPs not enabled on the root', async () => {
    const out = await failing([goodTrail()], (org) => org.root.PolicyTypes!.splice(1, 1));
    expect(out).toContain('FAIL rcp-policy-type: RCPs are not enabled on root r-test');
    expect(out).toContain(
      'fix: aws organizations enable-policy-type --root-id r-test --policy-type RESOURCE_CONTROL_POLICY',
    );
  });

  it('names a StackSet that was never deployed, and counts its instances missing', async () => {
    smallOrg().install(orgMock);
    installStackInstances(cfnMock, { [FWD]: allEnrolled()[FWD] });
    installTrails(ctMock, [goodTrail()]);
    const { code, report } = await statusJson();
    expect(code).toBe(3);
    expect(report.stackSets[1]).toEqual({ name: ROLE, regions: ['eu-west-1'], found: false });
    expect(report.summary.instances.MISSING).toBe(2);
    expect(report.prerequisites.at(-1)).toEqual({
      id: 'stackset-deployed',
      ok: false,
      message: 'StackSet tagwarden-tagger-role does not exist in eu-west-1 (checked as the management account)',
      fix: ['npx cdk deploy --all   # from the management account, with this config'],
    });
  });
});

describe('tagwarden enrollment status: last event', () => {
  const beat = (account: string, region: string, minutesAgo: number) => ({
    account: { S: account },
    region: { S: region },
    lastEventAt: { S: new Date(Date.now() - minutesAgo * 60_000).toISOString() },
    seenBy: { S: 'tagger' },
  });

  it('shows when each enrolled pair was last heard from and flags the silent ones, read through the operator role', async () => {
    setup(smallOrg(), merge(enrolled('333333333333'), enrolled('444444444444')));
    dynamoMock.on(ScanCommand).resolves({
      Items: [
        beat('333333333333', 'us-east-1', 5),
        beat('333333333333', 'eu-west-1', 180),
        beat('444444444444', 'us-east-1', 3 * 1440),
      ],
    });
    const run = await status();
    expect(run.code).toBe(0);
    expect(dynamoMock.commandCalls(ScanCommand)[0].args[0].input.TableName).toBe(OUTPUTS.heartbeatTableName);
    const lines = run.out.split('\n');
    expect(lines.find((l) => l.startsWith('333333333333'))).toMatch(/us-east-1 5m ago, eu-west-1 3h ago$/);
    expect(lines.find((l) => l.startsWith('444444444444'))).toMatch(/us-east-1 3d ago SILENT, eu-west-1 never SILENT$/);
    expect(run.out).toContain(
      '2 (account, region) pair(s) SILENT for more than 24 h: a quiet account, or a broken forwarder',
    );
  });

  it('takes the threshold from --silent-after', async () => {
    setup(smallOrg(), merge(enrolled('333333333333'), enrolled('444444444444')));
    dynamoMock
      .on(ScanCommand)
      .resolves({ Items: [beat('333333333333', 'us-east-1', 5), beat('333333333333', 'eu-west-1', 180)] });
    const run = await runTagwarden(
      ['--config', writeTestConfig(), 'enrollment', 'status', '--silent-after', '2'],
      [registerEnrollment],
    );
    expect(run.out).toMatch(/eu-west-1 3h ago SILENT/);
    expect(run.out).toContain('SILENT for more than 2 h');
  });

  it('still reports enrolment, with a note, when the central account cannot be read; --no-last-event does not try', async () => {
    setup(smallOrg(), merge(enrolled('333333333333'), enrolled('444444444444')));
    dynamoMock
      .on(ScanCommand)
      .rejects(Object.assign(new Error('not authorized to perform dynamodb:Scan'), { name: 'AccessDeniedException' }));
    const denied = await status();
    expect(denied.code).toBe(0);
    expect(denied.out).toContain('last event not read: not authorized to perform dynamodb:Scan');
    expect(denied.out.split('\n')[0]).not.toContain('LAST EVENT');
    stsMock.resetHistory();
    const skipped = await runTagwarden(
      ['--config', writeTestConfig(), 'enrollment', 'status', '--no-last-event'],
      [registerEnrollment],
    );
    expect(skipped.code).toBe(0);
    expect(stsMock.calls()).toHaveLength(0);
    expect(skipped.out).not.toContain('last event');
  });
});
