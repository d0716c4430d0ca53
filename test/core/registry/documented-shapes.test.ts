import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractResources } from '../../../lambda/core/registry';
import { expectRejection, expectResources, parsed, Want, want } from './expect';

/*
 * Create events with no public real sample, written from the documented API response shapes
 * (see test/fixtures/documented-shapes/README.md). Account 123456789012, region eu-west-1.
 */

const DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'documented-shapes');
const load = (name: string): unknown => JSON.parse(readFileSync(path.join(DIR, `${name}.json`), 'utf8'));
const team = { team: 'data' };

const EXPECTED: Record<string, Want[]> = {
  'ec2.CreateNetworkAcl': [
    want(
      'network-acl',
      'acl-0123456789abcdef0',
      'arn:aws:ec2:eu-west-1:123456789012:network-acl/acl-0123456789abcdef0',
      'ec2',
      { Name: 'private-acl' },
    ),
  ],
  // The only real sample of this call comes from a repository that publishes no licence.
  'ec2.CreateNetworkInterface': [
    want(
      'network-interface',
      'eni-0123456789abcdef0',
      'arn:aws:ec2:eu-west-1:123456789012:network-interface/eni-0123456789abcdef0',
      'ec2',
      { Name: 'app-eni' },
    ),
  ],
  'ec2.CopyImage': [
    want('image', 'ami-0bbbbbbbbbbbbbbb2', 'arn:aws:ec2:eu-west-1::image/ami-0bbbbbbbbbbbbbbb2', 'ec2'),
  ],
  'ec2.RegisterImage': [
    want('image', 'ami-0ccccccccccccccc3', 'arn:aws:ec2:eu-west-1::image/ami-0ccccccccccccccc3', 'ec2', {
      stage: 'gold',
    }),
  ],
  'ec2.ImportKeyPair': [
    want(
      'key-pair',
      'key-0123456789abcdef1',
      'arn:aws:ec2:eu-west-1:123456789012:key-pair/key-0123456789abcdef1',
      'ec2',
    ),
  ],
  'ssm.PutParameter': [
    want(
      'parameter',
      '/app/db/url',
      'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db/url',
      'ssm',
      { app: 'billing' },
      { extra: { resourceType: 'Parameter' } },
    ),
  ],
  'ssm.CreateOpsItem': [
    want('opsitem', 'oi-0123456789ab', 'arn:aws:ssm:eu-west-1:123456789012:opsitem/oi-0123456789ab', 'ssm', team, {
      extra: { resourceType: 'OpsItem' },
    }),
  ],
  'ssm.CreatePatchBaseline': [
    want(
      'patchbaseline',
      'pb-0123456789abcdef0',
      'arn:aws:ssm:eu-west-1:123456789012:patchbaseline/pb-0123456789abcdef0',
      'ssm',
      team,
      { extra: { resourceType: 'PatchBaseline' } },
    ),
  ],
  'ssm.CreateMaintenanceWindow': [
    want(
      'maintenancewindow',
      'mw-0123456789abcdef0',
      'arn:aws:ssm:eu-west-1:123456789012:maintenancewindow/mw-0123456789abcdef0',
      'ssm',
      team,
      { extra: { resourceType: 'MaintenanceWindow' } },
    ),
  ],
  'dynamodb.CreateGlobalTable': [
    want(
      'global-table',
      'arn:aws:dynamodb::123456789012:global-table/Orders',
      'arn:aws:dynamodb::123456789012:global-table/Orders',
      'rgta',
    ),
  ],
  'dynamodb.CreateBackup': [
    want(
      'backup',
      'arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/backup/01763630000000-a1b2c3d4',
      'arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/backup/01763630000000-a1b2c3d4',
      'rgta',
    ),
  ],
  'rds.CreateDBInstanceReadReplica': [
    want('db', 'orders-replica', 'arn:aws:rds:eu-west-1:123456789012:db:orders-replica', 'rgta', team),
  ],
  'rds.CreateGlobalCluster': [
    want('global-cluster', 'orders-global', 'arn:aws:rds::123456789012:global-cluster:orders-global', 'rgta'),
  ],
  'elasticache.CreateSnapshot': [
    want(
      'snapshot',
      'sessions-manual',
      'arn:aws:elasticache:eu-west-1:123456789012:snapshot:sessions-manual',
      'rgta',
      team,
    ),
  ],
  // No aRN in this response: built from the snapshot name.
  'elasticache.CopySnapshot': [
    want('snapshot', 'sessions-copy', 'arn:aws:elasticache:eu-west-1:123456789012:snapshot:sessions-copy', 'rgta'),
  ],
  'athena.CreateWorkGroup': [
    want('workgroup', 'analysts', 'arn:aws:athena:eu-west-1:123456789012:workgroup/analysts', 'rgta', team),
  ],
  'athena.CreateDataCatalog': [
    want('datacatalog', 'hive_prod', 'arn:aws:athena:eu-west-1:123456789012:datacatalog/hive_prod', 'rgta'),
  ],
  'glue.CreateJob': [want('job', 'nightly-etl', 'arn:aws:glue:eu-west-1:123456789012:job/nightly-etl', 'rgta', team)],
  'ecs.CreateService': [
    want(
      'service',
      'arn:aws:ecs:eu-west-1:123456789012:service/web/api',
      'arn:aws:ecs:eu-west-1:123456789012:service/web/api',
      'rgta',
      team,
    ),
  ],
  'ecs.CreateTaskSet': [
    want(
      'task-set',
      'arn:aws:ecs:eu-west-1:123456789012:task-set/web/api/ecs-svc/1234567890123456789',
      'arn:aws:ecs:eu-west-1:123456789012:task-set/web/api/ecs-svc/1234567890123456789',
      'rgta',
      team,
    ),
  ],
  'eks.CreateNodegroup': [
    want(
      'nodegroup',
      'arn:aws:eks:eu-west-1:123456789012:nodegroup/prod/workers/6ac2b1a8-0000-4000-8000-000000000001',
      'arn:aws:eks:eu-west-1:123456789012:nodegroup/prod/workers/6ac2b1a8-0000-4000-8000-000000000001',
      'rgta',
      { team: 'platform' },
    ),
  ],
  'cognito-idp.CreateUserPool': [
    want(
      'userpool',
      'eu-west-1_AbCdEfGhI',
      'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEfGhI',
      'rgta',
      { team: 'identity' },
    ),
  ],
  'acm.RequestCertificate': [
    want(
      'certificate',
      'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000001',
      'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000001',
      'rgta',
      team,
    ),
  ],
  'elasticfilesystem.CreateAccessPoint': [
    want(
      'access-point',
      'fsap-0123456789abcdef0',
      'arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0123456789abcdef0',
      'rgta',
      team,
    ),
  ],
  'cloudfront.CreateDistributionWithTags': [
    want('distribution', 'E2EXAMPLE0ABCD', 'arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE0ABCD', 'rgta', {
      team: 'web',
    }),
  ],
  'elasticloadbalancing.CreateLoadBalancer.network': [
    want(
      'loadbalancer/net',
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/ingest-nlb/50dc6c495c0c9188',
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/ingest-nlb/50dc6c495c0c9188',
      'rgta',
      { team: 'ingest' },
    ),
  ],
  'lambda.CreateFunction': [
    want('function', 'legacy', 'arn:aws:lambda:eu-west-1:123456789012:function:legacy', 'rgta', { team: 'api' }),
  ],
  // Identity shapes (test/engine/identity-shapes.test.ts): the bucket is extracted whoever created it.
  's3.CreateBucket.identity-center-user': [
    want('bucket', 'idc-user-bucket', 'arn:aws:s3:::idc-user-bucket', 's3-bucket'),
  ],
  's3.CreateBucket.aws-login-session': [
    want('bucket', 'aws-login-bucket', 'arn:aws:s3:::aws-login-bucket', 's3-bucket'),
  ],
  's3.CreateBucket.eks-pod-session': [
    want('bucket', 'orders-api-bucket', 'arn:aws:s3:::orders-api-bucket', 's3-bucket'),
  ],
  'secretsmanager.CreateSecret.withArn': [
    want(
      'secret',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbC123',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbC123',
      'secretsmanager',
      { team: 'db' },
    ),
  ],
};

describe('documented-shape fixtures', () => {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));

  it('has an expectation for every fixture but the one rejection case', () => {
    // STS shapes create sessions, not resources: the forwarder and recorder tests cover them.
    expect(files.filter((f) => f !== 'ssm.PutParameter.overwrite' && !f.startsWith('sts.')).sort()).toEqual(
      Object.keys(EXPECTED).sort(),
    );
  });

  it.each(Object.entries(EXPECTED))('%s', (name, wanted) => {
    expectResources(parsed(load(name)), wanted);
  });

  it('treats a PutParameter that wrote a later version as an update, not a creation', () => {
    const r = expectRejection(
      () => extractResources(parsed(load('ssm.PutParameter.overwrite'))),
      'unsupported',
      'responseElements.version',
    );
    expect(r.message).toContain('version 4');
  });
});
