import { extractResources } from '../../../lambda/core/registry';
import { loadSample } from '../../support/samples';
import { expectRejection, expectResources, parsed, want } from './expect';

/** A deep copy of a sample, changed by `edit`: each test says what it changed and why. */
function edited(file: string, edit: (record: Record<string, any>) => void): unknown {
  const event = JSON.parse(JSON.stringify(loadSample(file))) as Record<string, any>;
  edit(event.detail ?? event);
  return event;
}

describe('resources of another account or region are refused', () => {
  it('refuses a topic whose ARN names another account', () => {
    const event = edited('sns.CreateTopic.1.json', (r) => {
      r.responseElements.topicArn = 'arn:aws:sns:us-east-1:111111111111:arms-admin';
    });
    const rej = expectRejection(() => extractResources(parsed(event)), 'account-mismatch', 'responseElements');
    expect(rej.message).toContain('111111111111');
    expect(rej.message).toContain('999999999999');
  });

  it('refuses an EC2 resource whose ownerId is another account', () => {
    const event = edited('ec2.CreateVpc.1.json', (r) => {
      r.responseElements.vpc.ownerId = '111111111111';
    });
    expectRejection(() => extractResources(parsed(event)), 'account-mismatch', 'responseElements');
  });

  it('refuses a Glue database created in another account’s Data Catalog', () => {
    const event = edited('glue.CreateDatabase.1.json', (r) => {
      r.requestParameters.catalogId = '111111111111';
    });
    expectRejection(() => extractResources(parsed(event)), 'account-mismatch', 'responseElements');
  });

  it('refuses an App Mesh node in a mesh owned by another account', () => {
    const event = edited('appmesh.CreateVirtualNode.1.json', (r) => {
      r.responseElements.virtualNode.metadata.arn = 'arn:aws:appmesh:us-east-1:222222222222:mesh/m1/virtualNode/vn3';
    });
    expectRejection(() => extractResources(parsed(event)), 'account-mismatch', 'responseElements');
  });

  it('refuses a resource whose ARN is in another region than the event', () => {
    const event = edited('ecr.CreateRepository.1.json', (r) => {
      r.responseElements.repository.repositoryArn = 'arn:aws:ecr:eu-west-1:999999999999:repository/nodejs-blue';
    });
    expectRejection(() => extractResources(parsed(event)), 'account-mismatch', 'responseElements');
  });

  it('refuses an envelope whose account differs from the resource’s', () => {
    const event = edited('cloudfront.CreateDistribution.1.json', () => undefined) as Record<string, any>;
    event.account = '333333333333';
    event.detail.recipientAccountId = '333333333333';
    expectRejection(() => extractResources(parsed(event)), 'account-mismatch', 'responseElements');
  });
});

describe('a rule that does not match its event names the field', () => {
  it.each([
    [
      'ec2.RunInstances.2.json',
      (r: any): void => void delete r.responseElements.instancesSet,
      'incomplete',
      'responseElements.instancesSet',
    ],
    [
      'ec2.RunInstances.2.json',
      (r: any): void => void (r.responseElements.instancesSet.items = []),
      'incomplete',
      'responseElements.instancesSet.items',
    ],
    [
      'ec2.RunInstances.2.json',
      (r: any): void => void (r.responseElements.instancesSet.items[0].instanceId = 'vol-1'),
      'incomplete',
      'responseElements.instancesSet.items[0].instanceId',
    ],
    [
      'ec2.CreateNatGateway.1.json',
      (r: any): void => void delete r.responseElements.CreateNatGatewayResponse.natGateway,
      'incomplete',
      'responseElements.CreateNatGatewayResponse.natGateway',
    ],
    [
      'ec2.CreateVpc.1.json',
      (r: any): void => void (r.responseElements.vpc.vpcId = 'subnet-1'),
      'incomplete',
      'responseElements.vpc.vpcId',
    ],
    [
      'sqs.CreateQueue.1.json',
      (r: any): void => void (r.responseElements.queueUrl = 'arms-deadletter'),
      'incomplete',
      'responseElements.queueUrl',
    ],
    [
      's3.PutObject.1.json',
      (r: any): void => {
        delete r.requestParameters.key;
        delete r.resources;
      },
      'incomplete',
      'requestParameters.key',
    ],
    [
      'secretsmanager.CreateSecret.1.json',
      (r: any): void => void delete r.requestParameters.name,
      'incomplete',
      'requestParameters.name',
    ],
    [
      'lambda.CreateFunction20150331.1.json',
      (r: any): void => void (r.responseElements = null),
      'incomplete',
      'responseElements.functionArn',
    ],
    [
      'elasticloadbalancing.CreateLoadBalancer.2.json',
      (r: any): void => void (r.responseElements.loadBalancers = []),
      'incomplete',
      'responseElements.loadBalancers',
    ],
    [
      'kms.CreateKey.1.json',
      (r: any): void => void (r.responseElements.keyMetadata.arn = 'arn:aws:s3:::not-a-key'),
      'incomplete',
      'responseElements.keyMetadata.arn',
    ],
    [
      'glue.CreateDatabase.1.json',
      (r: any): void => void (r.requestParameters.catalogId = 'default'),
      'malformed',
      'requestParameters.catalogId',
    ],
    // A secret "name" with a colon is an ARN to TagResource: one in another account is refused.
    [
      'secretsmanager.CreateSecret.1.json',
      (r: any): void => {
        r.requestParameters.name = `arn:aws:secretsmanager:${r.awsRegion}:999999999999:secret:prod-db-AbCdEf`;
        r.responseElements = null;
      },
      'account-mismatch',
      'requestParameters.name',
    ],
    // The requester's copy of a PutObject into another account's bucket is that account's to tag.
    [
      's3.PutObject.1.json',
      (r: any): void => void (r.resources[1].accountId = '999999999999'),
      'caller-copy',
      'resources.accountId',
    ],
  ] as const)('%s, edited: %#', (file, edit, code, field) => {
    expectRejection(() => extractResources(parsed(edited(file, edit))), code, field);
  });
});

describe('RunInstances', () => {
  it('tags the EBS volumes the response shows attached, with the creation tags given for volumes', () => {
    // The real samples show no volume ids (volumes attach after the call returns); this copy adds one to the
    // response's blockDeviceMapping, the documented place of an attached volume.
    const event = edited('ec2.RunInstances.5.json', (r) => {
      r.responseElements.instancesSet.items[0].blockDeviceMapping = {
        items: [{ deviceName: '/dev/sda1', ebs: { volumeId: 'vol-0123456789abcdef0', status: 'attaching' } }],
      };
    });
    expectResources(parsed(event), [
      want(
        'instance',
        'i-0fc5d99558e8357e8',
        'arn:aws:ec2:ap-northeast-1:999999999999:instance/i-0fc5d99558e8357e8',
        'ec2',
        { Name: 'onecloud-sli-db' },
      ),
      want(
        'network-interface',
        'eni-075c0be5f383b8fd4',
        'arn:aws:ec2:ap-northeast-1:999999999999:network-interface/eni-075c0be5f383b8fd4',
        'ec2',
        { Name: 'onecloud-sli-db' },
      ),
      want(
        'volume',
        'vol-0123456789abcdef0',
        'arn:aws:ec2:ap-northeast-1:999999999999:volume/vol-0123456789abcdef0',
        'ec2',
        { Name: 'onecloud-sli-db' },
      ),
    ]);
  });
});

describe('S3 PutObject', () => {
  it('reads the upload’s x-amz-tagging header as the object’s creation tags', () => {
    const event = edited('s3.PutObject.1.json', (r) => {
      r.requestParameters['x-amz-tagging'] = 'team=data&stage=beta%20one';
    });
    expectResources(parsed(event), [
      want(
        'object',
        'username-sfn-tutorial/test.png',
        'arn:aws:s3:::username-sfn-tutorial/test.png',
        's3-object',
        { team: 'data', stage: 'beta one' },
        {
          maxTags: 10,
          extra: { bucket: 'username-sfn-tutorial', key: 'test.png' },
        },
      ),
    ]);
  });
});
