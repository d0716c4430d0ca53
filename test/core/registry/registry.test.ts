import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { coverage, coverageMarkdown } from '../../../lambda/core/registry/coverage';
import { extractResources, RULES, ruleFor, supportedEvents } from '../../../lambda/core/registry';
import { isRejection } from '../../../lambda/core/rejection';
import { loadSamples } from '../../support/samples';
import { parsed } from './expect';

describe('supportedEvents', () => {
  it('lists every rule exactly once, grouped by event source', () => {
    const listed = supportedEvents().flatMap((g) => g.eventNames.map((n) => `${g.eventSource} ${n}`));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.sort()).toEqual(RULES.map((r) => `${r.eventSource} ${r.eventName}`).sort());
  });

  it('is sorted, so the generated forwarding pattern is stable', () => {
    const groups = supportedEvents();
    expect(groups.map((g) => g.eventSource)).toEqual([...groups.map((g) => g.eventSource)].sort());
    for (const g of groups) expect(g.eventNames).toEqual([...g.eventNames].sort());
  });
});

describe('ruleFor', () => {
  it('tells apart event names that several services share, by event source', () => {
    expect(ruleFor('ec2.amazonaws.com', 'CreateSnapshot')?.creates).toEqual(['snapshot']);
    expect(ruleFor('ec2.amazonaws.com', 'CreateSnapshot')?.writer).toBe('ec2');
    expect(ruleFor('elasticache.amazonaws.com', 'CreateSnapshot')?.writer).toBe('rgta');
    expect(ruleFor('rds.amazonaws.com', 'CreateSnapshot')).toBeUndefined();
    expect(['ecs', 'eks', 'redshift'].map((s) => ruleFor(`${s}.amazonaws.com`, 'CreateCluster')?.eventSource)).toEqual([
      'ecs.amazonaws.com',
      'eks.amazonaws.com',
      'redshift.amazonaws.com',
    ]);
  });
});

describe('rules agree with what they extract', () => {
  const fixtures = path.resolve(__dirname, '..', '..', 'fixtures', 'documented-shapes');
  const events = [
    ...loadSamples().map((s) => s.event),
    ...readdirSync(fixtures)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(fixtures, f), 'utf8')) as unknown),
  ];

  it('every extracted resource has its rule’s writer and one of its declared types', () => {
    let checked = 0;
    for (const event of events) {
      let resources;
      try {
        const p = parsed(event, '123456789012');
        resources = extractResources(p);
        const rule = ruleFor(p.record.eventSource, p.record.eventName);
        for (const r of resources) {
          expect(r.writer).toBe(rule?.writer);
          expect(rule?.creates).toContain(r.type);
          checked++;
        }
      } catch (e) {
        if (!isRejection(e)) throw e;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });
});

describe('coverage', () => {
  const rows = coverage().map((r) => `${r.service} ${r.resourceType} ${r.eventName} ${r.writer}`);

  it('has one row per rule and resource type', () => {
    expect(rows.length).toBe(RULES.reduce((n, r) => n + r.creates.length, 0));
    expect(new Set(rows).size).toBe(rows.length);
  });

  it('covers every row of the table of services the project started from', () => {
    const seed = [
      'ec2 instance RunInstances ec2',
      'ec2 volume RunInstances ec2',
      'ec2 network-interface RunInstances ec2',
      'ec2 volume CreateVolume ec2',
      'ec2 image CreateImage ec2',
      'ec2 snapshot CreateSnapshot ec2',
      'ec2 security-group CreateSecurityGroup ec2',
      'ec2 network-acl CreateNetworkAcl ec2',
      'ec2 elastic-ip AllocateAddress ec2',
      'ec2 network-interface CreateNetworkInterface ec2',
      'ec2 launch-template CreateLaunchTemplate ec2',
      'ec2 vpc CreateVpc ec2',
      'ec2 subnet CreateSubnet ec2',
      'ec2 internet-gateway CreateInternetGateway ec2',
      'ec2 natgateway CreateNatGateway ec2',
      'ec2 transit-gateway CreateTransitGateway ec2',
      'ec2 customer-gateway CreateCustomerGateway ec2',
      'ec2 vpn-gateway CreateVpnGateway ec2',
      'ec2 vpc-endpoint CreateVpcEndpoint ec2',
      'ec2 route-table CreateRouteTable ec2',
      'ec2 vpc-peering-connection CreateVpcPeeringConnection ec2',
      'elasticloadbalancing loadbalancer/app CreateLoadBalancer rgta',
      'elasticloadbalancing loadbalancer/net CreateLoadBalancer rgta',
      'elasticloadbalancing targetgroup CreateTargetGroup rgta',
      'ssm document CreateDocument ssm',
      'ssm parameter PutParameter ssm',
      'ssm opsitem CreateOpsItem ssm',
      'ssm patchbaseline CreatePatchBaseline ssm',
      'ssm maintenancewindow CreateMaintenanceWindow ssm',
      'dynamodb table CreateTable rgta',
      'dynamodb global-table CreateGlobalTable rgta',
      'dynamodb backup CreateBackup rgta',
      'rds db CreateDBInstance rgta',
      'rds db CreateDBInstanceReadReplica rgta',
      'rds snapshot CreateDBSnapshot rgta',
      'rds cluster-snapshot CreateDBClusterSnapshot rgta',
      'rds global-cluster CreateGlobalCluster rgta',
      'rds cluster CreateDBCluster rgta',
      'lambda function CreateFunction20150331 rgta',
      's3 bucket CreateBucket s3-bucket',
      's3 object PutObject s3-object',
      'elasticache cluster CreateCacheCluster rgta',
      'elasticache replicationgroup CreateReplicationGroup rgta',
      'elasticache snapshot CreateSnapshot rgta',
      'elasticache snapshot CopySnapshot rgta',
      'athena workgroup CreateWorkGroup rgta',
      'athena datacatalog CreateDataCatalog rgta',
      'glue database CreateDatabase rgta',
      'glue job CreateJob rgta',
      'glue crawler CreateCrawler rgta',
      'glue connection CreateConnection rgta',
      'ecs cluster CreateCluster rgta',
      'ecs service CreateService rgta',
      'ecs task-set CreateTaskSet rgta',
      'eks cluster CreateCluster rgta',
      'eks nodegroup CreateNodegroup rgta',
      'sns topic CreateTopic rgta',
      'sqs queue CreateQueue rgta',
      'secretsmanager secret CreateSecret secretsmanager',
    ];
    expect(rows).toEqual(expect.arrayContaining(seed));
  });

  it('covers at least 20 resource types beyond that table', () => {
    const seedServices = new Set([
      'ec2',
      'elasticloadbalancing',
      'ssm',
      'dynamodb',
      'rds',
      'lambda',
      's3',
      'elasticache',
      'athena',
      'glue',
      'ecs',
      'eks',
      'sns',
      'sqs',
      'secretsmanager',
    ]);
    const beyond = new Set(
      coverage()
        .filter((r) => !seedServices.has(r.service))
        .map((r) => `${r.service} ${r.resourceType}`),
    );
    expect(beyond.size).toBeGreaterThanOrEqual(15);
    const extraInSeedServices = [
      'ec2 key-pair',
      'ec2 fleet',
      'rds pg',
      'rds subgrp',
      'elasticloadbalancing listener',
      'elasticloadbalancing loadbalancer',
    ];
    const all = new Set(coverage().map((r) => `${r.service} ${r.resourceType}`));
    for (const t of extraInSeedServices) expect(all.has(t)).toBe(true);
    expect(beyond.size + extraInSeedServices.length).toBeGreaterThanOrEqual(20);
  });

  it('renders a Markdown table with a header and one line per row', () => {
    const lines = coverageMarkdown().split('\n');
    expect(lines[0]).toBe('| service | resource type | eventName | writer |');
    expect(lines).toHaveLength(rows.length + 2);
    expect(lines).toContain('| ec2 | natgateway | CreateNatGateway | ec2 |');
  });
});
