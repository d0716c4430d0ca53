import { RejectionCode } from '../../../lambda/core/rejection';
import { extractResources } from '../../../lambda/core/registry';
import { loadSamples } from '../../support/samples';
import { expectRejection, expectResources, parsed, Want, want } from './expect';

/*
 * Every real sample that is not an STS or sign-in event, with exactly what the registry must make of it.
 * Several published samples were sanitised with account ids that are not 12 digits (`YOUR_ACCOUNT_ID`,
 * `1010101010101`): parseEvent refuses them as they are, and the rule is then also checked on a copy where that
 * placeholder is replaced by REPLACED. Raw records without recipientAccountId are read with the caller's account
 * as the explicit default (the offline `explain` path), after checking that they are refused without it.
 */

const REPLACED = '210987654321';

interface Case {
  resources?: Want[];
  rejected?: RejectionCode;
  field?: string;
  /** Read with this default account: the record names none. */
  defaultAccount?: string;
  /** This non-12-digit account placeholder is replaced by REPLACED. */
  placeholder?: string;
}

const ec2 = (type: string, id: string, arn: string, tags = {}): Want => want(type, id, arn, 'ec2', tags);
const rgta = (type: string, id: string, arn: string, tags = {}): Want => want(type, id, arn, 'rgta', tags);
const failed: Case = { rejected: 'failed-call', field: 'errorCode' };
const unsupported: Case = { rejected: 'unsupported', field: 'eventName' };

const CASES: Record<string, Case> = {
  'apigateway.CreateRestApi.1.json': {
    resources: [rgta('restapis', 'jrrfh5tt86', 'arn:aws:apigateway:ap-northeast-1::/restapis/jrrfh5tt86')],
  },
  'apigateway.DeleteDeployment.1.json': failed,
  'apigateway.GetResource.1.json': unsupported,
  'apigateway.UpdateMethod.1.json': failed,
  // The published sample's ARN names node vn1 while the request names vn3: the response's ARN is what exists.
  'appmesh.CreateVirtualNode.1.json': {
    resources: [
      rgta(
        'virtualNode',
        'arn:aws:appmesh:us-east-1:659775036450:mesh/m1/virtualNode/vn1',
        'arn:aws:appmesh:us-east-1:659775036450:mesh/m1/virtualNode/vn1',
      ),
    ],
  },
  'athena.CreateNamedQuery.1.json': unsupported,
  'athena.CreateNamedQuery.2.json': unsupported,
  'athena.StartQueryExecution.1.json': unsupported,
  'athena.StartQueryExecution.2.json': failed,
  'athena.StartQueryExecution.3.json': unsupported,
  'athena.StartQueryExecution.4.json': failed,
  'autoscaling.CreateAutoScalingGroup.1.json': {
    resources: [
      want(
        'autoScalingGroup',
        'ws-dev-autoscaling-1',
        'arn:aws:autoscaling:ap-northeast-1:999999999999:autoScalingGroup:*:autoScalingGroupName/ws-dev-autoscaling-1',
        'autoscaling',
        {
          'aws:cloudformation:stack-id':
            'arn:aws:cloudformation:ap-northeast-1:999999999999:stack/EC2ContainerService-ecs-on-ec2/4a3f1f30-5b89-11eb-bafa-0aece754dcdc',
          'aws:cloudformation:stack-name': 'EC2ContainerService-ecs-on-ec2',
          'aws:cloudformation:logical-id': 'EcsInstanceAsg',
          Description: 'This instance is the part of the Auto Scaling group which was created through ECS Console',
          Name: 'ECS Instance - EC2ContainerService-ecs-on-ec2',
        },
      ),
    ],
  },
  'autoscaling.CreateAutoScalingGroup.2.json': {
    resources: [
      want(
        'autoScalingGroup',
        'as-group-171',
        'arn:aws:autoscaling:us-east-1:974349055189:autoScalingGroup:*:autoScalingGroupName/as-group-171',
        'autoscaling',
        {},
      ),
    ],
  },
  // Launch configurations cannot be tagged; CloudFormation stack tags change only through UpdateStack.
  'autoscaling.CreateLaunchConfiguration.1.json': unsupported,
  'cloudformation.CreateStack.1.json': unsupported,
  'cloudfront.CreateDistribution.1.json': {
    resources: [rgta('distribution', 'E53370FUHBNLK', 'arn:aws:cloudfront::012345678912:distribution/E53370FUHBNLK')],
  },
  'cloudfront.CreateDistribution.2.json': {
    resources: [rgta('distribution', 'E1AU9D0469FO98', 'arn:aws:cloudfront::999999999999:distribution/E1AU9D0469FO98')],
  },
  'cloudtrail.UpdateTrail.1.json': failed,
  'cognito-idp.AdminInitiateAuth.1.json': failed,
  'cognito-idp.CreateUserPool.1.json': failed,
  'ds.AddRegion.1.json': failed,
  'ds.ResetUserPassword.1.json': failed,
  // The response's table name differs from the request's in this sanitised sample: the response's ARN wins.
  'dynamodb.CreateTable.1.json': {
    resources: [
      rgta(
        'table',
        'arn:aws:dynamodb:ap-northeast-1:999999999999:table/AutoNotification_AlarmConfigs',
        'arn:aws:dynamodb:ap-northeast-1:999999999999:table/AutoNotification_AlarmConfigs',
      ),
    ],
  },
  'dynamodb.CreateTable.2.json': {
    resources: [
      rgta(
        'table',
        'arn:aws:dynamodb:us-west-2:111122223333:table/Music',
        'arn:aws:dynamodb:us-west-2:111122223333:table/Music',
      ),
    ],
  },
  'dynamodb.TransactWriteItems.1.json': failed,
  'dynamodb.UpdateItem.1.json': failed,
  'dynamodb.UpdateTable.1.json': failed,
  'ec2.AllocateAddress.1.json': {
    resources: [
      ec2(
        'elastic-ip',
        'eipalloc-044e12137f28d65f6',
        'arn:aws:ec2:ap-northeast-1:999999999999:elastic-ip/eipalloc-044e12137f28d65f6',
      ),
    ],
  },
  'ec2.AllocateAddress.2.json': {
    resources: [
      ec2(
        'elastic-ip',
        'eipalloc-0d2baa9b3eee0584b',
        'arn:aws:ec2:ap-northeast-1:999999999999:elastic-ip/eipalloc-0d2baa9b3eee0584b',
        { Name: 'agnew-testip' },
      ),
    ],
  },
  'ec2.AssociateIamInstanceProfile.1.json': failed,
  'ec2.AttachNetworkInterface.1.json': failed,
  'ec2.AttachVolume.1.json': failed,
  'ec2.CopySnapshot.1.json': {
    resources: [
      ec2('snapshot', 'snap-031b3694bcd5fea93', 'arn:aws:ec2:ap-northeast-1::snapshot/snap-031b3694bcd5fea93'),
    ],
  },
  'ec2.CreateCustomerGateway.1.json': {
    resources: [
      ec2(
        'customer-gateway',
        'cgw-0bf90d6d3825b7bbd',
        'arn:aws:ec2:ap-northeast-1:999999999999:customer-gateway/cgw-0bf90d6d3825b7bbd',
      ),
    ],
  },
  'ec2.CreateFleet.1.json': {
    resources: [
      ec2(
        'fleet',
        'fleet-64353c0d-01a7-ec36-ac3a-0f8829c34491',
        'arn:aws:ec2:ap-northeast-1:999999999999:fleet/fleet-64353c0d-01a7-ec36-ac3a-0f8829c34491',
      ),
      ec2('instance', 'i-08c5275650cfd628a', 'arn:aws:ec2:ap-northeast-1:999999999999:instance/i-08c5275650cfd628a', {
        'aws:autoscaling:groupName': 'eks-ng-3212fcc4-3cc50b66-baad-4d98-a45d-8aea7f683134',
        'k8s.io/cluster-autoscaler/son-cluster': 'owned',
        'eks:cluster-name': 'son-cluster',
        'eks:nodegroup-name': 'ng-3212fcc4',
        'k8s.io/cluster-autoscaler/enabled': 'true',
        'kubernetes.io/cluster/son-cluster': 'owned',
      }),
    ],
  },
  'ec2.CreateImage.1.json': {
    resources: [ec2('image', 'ami-094a52a9a2b58d074', 'arn:aws:ec2:ap-northeast-1::image/ami-094a52a9a2b58d074')],
  },
  'ec2.CreateImage.2.json': { resources: [ec2('image', 'ami-6eb72111', 'arn:aws:ec2:us-east-1::image/ami-6eb72111')] },
  'ec2.CreateInternetGateway.1.json': {
    resources: [
      ec2(
        'internet-gateway',
        'igw-0cc6844795cc3e71e',
        'arn:aws:ec2:ap-northeast-1:999999999999:internet-gateway/igw-0cc6844795cc3e71e',
        { Name: 'blue-green-vpc' },
      ),
    ],
  },
  'ec2.CreateInternetGateway.2.json': {
    resources: [
      ec2('internet-gateway', 'igw-0000001', 'arn:aws:ec2:some-region-2:000000000001:internet-gateway/igw-0000001'),
    ],
  },
  // An old response without keyPairId: nothing taggable is named, and the rule says which field is missing.
  'ec2.CreateKeyPair.1.json': {
    rejected: 'incomplete',
    field: 'responseElements.keyPairId',
    defaultAccount: '123456789012',
  },
  'ec2.CreateKeyPair.2.json': {
    resources: [
      ec2(
        'key-pair',
        'key-061189ad7c9bdc278',
        'arn:aws:ec2:ap-northeast-1:999999999999:key-pair/key-061189ad7c9bdc278',
      ),
    ],
  },
  'ec2.CreateLaunchTemplate.1.json': {
    resources: [
      ec2(
        'launch-template',
        'lt-09bcb085b7dc5d962',
        'arn:aws:ec2:ap-northeast-1:999999999999:launch-template/lt-09bcb085b7dc5d962',
        {
          AWSApplicationMigrationServiceManaged: 'mgn.amazonaws.com',
        },
      ),
    ],
  },
  'ec2.CreateNatGateway.1.json': {
    resources: [
      ec2(
        'natgateway',
        'nat-0cb758692bd70f8e6',
        'arn:aws:ec2:ap-northeast-1:999999999999:natgateway/nat-0cb758692bd70f8e6',
      ),
    ],
  },
  'ec2.CreateNetworkInterface.1.json': {
    resources: [
      ec2('network-interface', 'eni-000001', 'arn:aws:ec2:some-region-2:000000000001:network-interface/eni-000001'),
    ],
  },
  'ec2.CreateRouteTable.1.json': {
    resources: [
      ec2(
        'route-table',
        'rtb-0eefcfcc620d67b94',
        'arn:aws:ec2:ap-northeast-1:999999999999:route-table/rtb-0eefcfcc620d67b94',
        { Name: 'Sjin6-RouteTable-Private-1c' },
      ),
    ],
  },
  'ec2.CreateRouteTable.2.json': {
    resources: [ec2('route-table', 'rtb-01010101', 'arn:aws:ec2:some-region-2:000000000001:route-table/rtb-01010101')],
  },
  'ec2.CreateSecurityGroup.1.json': {
    resources: [
      ec2(
        'security-group',
        'sg-07111150655b49758',
        'arn:aws:ec2:ap-northeast-1:999999999999:security-group/sg-07111150655b49758',
        { Name: 'bluegreen_alb_sg' },
      ),
    ],
  },
  'ec2.CreateSecurityGroup.2.json': {
    resources: [
      ec2(
        'security-group',
        'sg-YOUR_SECURITY_GROUP_ID',
        'arn:aws:ec2:ap-northeast-2:000000000000:security-group/sg-YOUR_SECURITY_GROUP_ID',
      ),
    ],
  },
  'ec2.CreateSnapshot.1.json': {
    resources: [
      ec2('snapshot', 'snap-04233f8a0017f5a77', 'arn:aws:ec2:ap-northeast-1::snapshot/snap-04233f8a0017f5a77'),
    ],
  },
  'ec2.CreateSubnet.1.json': {
    resources: [
      ec2(
        'subnet',
        'subnet-0d840b9ab96eb41ca',
        'arn:aws:ec2:ap-northeast-1:999999999999:subnet/subnet-0d840b9ab96eb41ca',
        { Name: 'blue-green-vpc-public-ap-northeast-1d' },
      ),
    ],
  },
  'ec2.CreateSubnet.2.json': {
    resources: [ec2('subnet', 'subnet-000001', 'arn:aws:ec2:some-region-2:000000000001:subnet/subnet-000001')],
  },
  // Adding tags is not creating a resource.
  'ec2.CreateTags.1.json': unsupported,
  'ec2.CreateTransitGateway.1.json': {
    resources: [
      ec2(
        'transit-gateway',
        'tgw-02844bb728fca543c',
        'arn:aws:ec2:ap-northeast-3:999999999999:transit-gateway/tgw-02844bb728fca543c',
        { Name: 'osaka-tgw' },
      ),
    ],
  },
  'ec2.CreateVolume.2.json': {
    resources: [
      ec2('volume', 'vol-084879c77b49adac0', 'arn:aws:ec2:ap-northeast-1:999999999999:volume/vol-084879c77b49adac0', {
        Name: 'onecloud-sli-mq-d',
      }),
    ],
  },
  'ec2.CreateVolume.3.json': {
    resources: [ec2('volume', 'vol-13439757', 'arn:aws:ec2:us-east-1:123456789012:volume/vol-13439757')],
  },
  'ec2.CreateVpc.1.json': {
    resources: [
      ec2('vpc', 'vpc-0bda49e0068536141', 'arn:aws:ec2:ap-northeast-1:999999999999:vpc/vpc-0bda49e0068536141', {
        Name: 'nginx-vpc',
      }),
    ],
  },
  'ec2.CreateVpc.2.json': {
    resources: [ec2('vpc', 'vpc-000001', 'arn:aws:ec2:some-region-2:000000000001:vpc/vpc-000001')],
  },
  'ec2.CreateVpcEndpoint.1.json': {
    resources: [
      ec2(
        'vpc-endpoint',
        'vpce-0ef9277730bf26b70',
        'arn:aws:ec2:ap-northeast-1:999999999999:vpc-endpoint/vpce-0ef9277730bf26b70',
      ),
    ],
  },
  'ec2.CreateVpcPeeringConnection.1.json': {
    resources: [
      ec2(
        'vpc-peering-connection',
        'pcx-09cc395f56ffead9e',
        'arn:aws:ec2:ap-northeast-1:999999999999:vpc-peering-connection/pcx-09cc395f56ffead9e',
      ),
    ],
  },
  'ec2.CreateVpnGateway.1.json': {
    resources: [
      ec2(
        'vpn-gateway',
        'vgw-08c87ca4468c13b6f',
        'arn:aws:ec2:ap-northeast-1:999999999999:vpn-gateway/vgw-08c87ca4468c13b6f',
      ),
    ],
  },
  'ec2.DescribeInstanceAttribute.1.json': failed,
  'ec2.DescribeInstanceAttribute.2.json': failed,
  'ec2.GetPasswordData.1.json': failed,
  'ec2.GetPasswordData.2.json': failed,
  'ec2.RunInstances.2.json': {
    resources: [
      ec2('instance', 'i-0f7c711dc84bedda0', 'arn:aws:ec2:us-east-1:644160558196:instance/i-0f7c711dc84bedda0'),
      ec2('network-interface', 'eni-a4b20ca1', 'arn:aws:ec2:us-east-1:644160558196:network-interface/eni-a4b20ca1'),
    ],
  },
  'ec2.RunInstances.3.json': {
    resources: [
      ec2('instance', 'i-784cdacd', 'arn:aws:ec2:us-west-1:619193117841:instance/i-784cdacd'),
      ec2('network-interface', 'eni-6a08d837', 'arn:aws:ec2:us-west-1:619193117841:network-interface/eni-6a08d837'),
      ec2('instance', 'i-7b4cdace', 'arn:aws:ec2:us-west-1:619193117841:instance/i-7b4cdace'),
      ec2('network-interface', 'eni-6508d838', 'arn:aws:ec2:us-west-1:619193117841:network-interface/eni-6508d838'),
    ],
  },
  'ec2.RunInstances.4.json': failed,
  'ec2.RunInstances.5.json': {
    resources: [
      ec2('instance', 'i-0fc5d99558e8357e8', 'arn:aws:ec2:ap-northeast-1:999999999999:instance/i-0fc5d99558e8357e8', {
        Name: 'onecloud-sli-db',
      }),
      ec2(
        'network-interface',
        'eni-075c0be5f383b8fd4',
        'arn:aws:ec2:ap-northeast-1:999999999999:network-interface/eni-075c0be5f383b8fd4',
        { Name: 'onecloud-sli-db' },
      ),
    ],
  },
  'ec2.RunInstances.6.json': {
    resources: [
      ec2('instance', 'i-0fc5d99558e835799', 'arn:aws:ec2:ap-northeast-1:999999999999:instance/i-0fc5d99558e835799', {
        Name: 'onecloud-sli-db',
      }),
      ec2(
        'network-interface',
        'eni-075c0be5f383b8fd4',
        'arn:aws:ec2:ap-northeast-1:999999999999:network-interface/eni-075c0be5f383b8fd4',
        { Name: 'onecloud-sli-db' },
      ),
    ],
  },
  'ec2.RunInstances.7.json': {
    resources: [ec2('instance', 'i-81e2f56c', 'arn:aws:ec2:us-west-2:111122223333:instance/i-81e2f56c')],
  },
  // Three instances share one (sanitised) interface id: it is tagged once.
  'ec2.RunInstances.8.json': {
    resources: [
      ec2('instance', 'i-000001', 'arn:aws:ec2:some-region-2:000000000001:instance/i-000001'),
      ec2('network-interface', 'eni-0000001', 'arn:aws:ec2:some-region-2:000000000001:network-interface/eni-0000001'),
      ec2('instance', 'i-000002', 'arn:aws:ec2:some-region-2:000000000001:instance/i-000002'),
      ec2('instance', 'i-000003', 'arn:aws:ec2:some-region-2:000000000001:instance/i-000003'),
    ],
  },
  'ec2.RunInstances.9.json': {
    resources: [
      ec2('instance', 'i-0000001', 'arn:aws:ec2:some-region-2:000000000001:instance/i-0000001'),
      ec2('network-interface', 'eni-00000001', 'arn:aws:ec2:some-region-2:000000000001:network-interface/eni-00000001'),
    ],
  },
  'ec2.RunInstances.10.json': {
    resources: [
      ec2('instance', 'i-08bbe2795b14ed7ba', 'arn:aws:ec2:us-east-1:172254782416:instance/i-08bbe2795b14ed7ba', {
        Name: 'LabNet_Test',
      }),
      ec2(
        'network-interface',
        'eni-05c5fde3c40fed63d',
        'arn:aws:ec2:us-east-1:172254782416:network-interface/eni-05c5fde3c40fed63d',
      ),
    ],
  },
  'ec2.RunInstances.11.json': {
    placeholder: '1010101010101',
    resources: [
      ec2('instance', 'i-0f2f135de18b555e3', `arn:aws:ec2:us-east-1:${REPLACED}:instance/i-0f2f135de18b555e3`, {
        name: 'cloudtrail-event-test',
        division: 'engineering',
        org: 'security',
        team: 'cloud',
        project: 'testproject',
      }),
      ec2(
        'network-interface',
        'eni-043138569d4a31e90',
        `arn:aws:ec2:us-east-1:${REPLACED}:network-interface/eni-043138569d4a31e90`,
      ),
    ],
  },
  // Two instances with one sanitised id: tagged once.
  'ec2.RunInstances.12.json': {
    resources: [
      ec2('instance', 'i-YOUR_INSTANCE_IDS', 'arn:aws:ec2:ap-northeast-2:000000000000:instance/i-YOUR_INSTANCE_IDS', {
        Name: 'test',
      }),
      ec2(
        'network-interface',
        'eni-01b2a3f446746578f',
        'arn:aws:ec2:ap-northeast-2:000000000000:network-interface/eni-01b2a3f446746578f',
        { Name: 'test' },
      ),
      ec2(
        'network-interface',
        'eni-0d80ee85b99e3c1c2',
        'arn:aws:ec2:ap-northeast-2:000000000000:network-interface/eni-0d80ee85b99e3c1c2',
        { Name: 'test' },
      ),
    ],
  },
  'ec2.RunInstances.13.json': {
    resources: [
      ec2('instance', 'i-YOUR_INSTANCE_IDS', 'arn:aws:ec2:ap-northeast-2:000000000000:instance/i-YOUR_INSTANCE_IDS', {
        Name: 'Test',
      }),
      ec2(
        'network-interface',
        'eni-YOUR_ENI_ID',
        'arn:aws:ec2:ap-northeast-2:000000000000:network-interface/eni-YOUR_ENI_ID',
        { Name: 'Test' },
      ),
    ],
  },
  'ec2.RunInstances.14.json': {
    resources: [
      ec2('instance', 'i-069954d7c5578441f', 'arn:aws:ec2:us-east-1:974349055189:instance/i-069954d7c5578441f'),
    ],
  },
  'ec2.RunInstances.15.json': {
    resources: [
      ec2('instance', 'i-abcd12345efghi678', 'arn:aws:ec2:us-east-1:222222222222:instance/i-abcd12345efghi678'),
      ec2(
        'network-interface',
        'eni-abcd12345efghi678',
        'arn:aws:ec2:us-east-1:222222222222:network-interface/eni-abcd12345efghi678',
      ),
    ],
  },
  'ec2.RunInstances.16.json': {
    resources: [
      ec2('instance', 'i-abcd12345efghi678', 'arn:aws:ec2:us-east-1:222222222222:instance/i-abcd12345efghi678'),
      ec2(
        'network-interface',
        'eni-abcd12345efghi678',
        'arn:aws:ec2:us-east-1:222222222222:network-interface/eni-abcd12345efghi678',
      ),
    ],
  },
  'ec2.RunInstances.17.json': {
    resources: [
      ec2('instance', 'i-abcd12345efghi678', 'arn:aws:ec2:us-east-1:222222222222:instance/i-abcd12345efghi678'),
      ec2(
        'network-interface',
        'eni-abcd12345efghi678',
        'arn:aws:ec2:us-east-1:222222222222:network-interface/eni-abcd12345efghi678',
      ),
    ],
  },
  'ec2.RunInstances.18.json': {
    resources: [
      ec2('instance', 'i-abcd12345efghi678', 'arn:aws:ec2:us-east-1:222222222222:instance/i-abcd12345efghi678'),
      ec2(
        'network-interface',
        'eni-abcd12345efghi678',
        'arn:aws:ec2:us-east-1:222222222222:network-interface/eni-abcd12345efghi678',
      ),
      ec2('instance', 'i-efghi56789jklmn0', 'arn:aws:ec2:us-east-1:222222222222:instance/i-efghi56789jklmn0'),
      ec2(
        'network-interface',
        'eni-efghi56789jklmn0',
        'arn:aws:ec2:us-east-1:222222222222:network-interface/eni-efghi56789jklmn0',
      ),
    ],
  },
  'ec2.RunInstances.19.json': {
    resources: [
      ec2('instance', 'i-0cbed9f593ef9a1e7', 'arn:aws:ec2:ap-northeast-2:533267155172:instance/i-0cbed9f593ef9a1e7', {
        Name: 'test2',
      }),
      ec2(
        'network-interface',
        'eni-06570ccc30ecc1557',
        'arn:aws:ec2:ap-northeast-2:533267155172:network-interface/eni-06570ccc30ecc1557',
      ),
    ],
  },
  'ec2.RunInstances.20.json': {
    resources: [
      ec2('instance', 'i-054edec49fd52b3dd', 'arn:aws:ec2:eu-west-1:364771791306:instance/i-054edec49fd52b3dd'),
      ec2('network-interface', 'eni-b5f008cf', 'arn:aws:ec2:eu-west-1:364771791306:network-interface/eni-b5f008cf'),
    ],
  },
  'ec2.TerminateInstances.1.json': unsupported,
  'ecr.CreateRepository.1.json': {
    resources: [rgta('repository', 'nodejs-blue', 'arn:aws:ecr:ap-northeast-1:999999999999:repository/nodejs-blue')],
  },
  'ecr.CreateRepository.2.json': {
    resources: [rgta('repository', 'test', 'arn:aws:ecr:ap-northeast-2:000000000000:repository/test')],
  },
  'ecs.CreateCluster.1.json': {
    resources: [
      rgta(
        'cluster',
        'arn:aws:ecs:ap-northeast-1:999999999999:cluster/arms-cluster',
        'arn:aws:ecs:ap-northeast-1:999999999999:cluster/arms-cluster',
      ),
    ],
  },
  'ecs.CreateCluster.2.json': {
    resources: [
      rgta(
        'cluster',
        'arn:aws:ecs:ap-northeast-1:999999999999:cluster/AWSBatch-getting-started-wizard-compute-env-d384b55d-51ac-3012-ac12-968161603972',
        'arn:aws:ecs:ap-northeast-1:999999999999:cluster/AWSBatch-getting-started-wizard-compute-env-d384b55d-51ac-3012-ac12-968161603972',
        { AWSBatchServiceTag: 'batch' },
      ),
    ],
  },
  'ecs.CreateCluster.3.json': {
    resources: [
      rgta(
        'cluster',
        'arn:aws:ecs:us-east-1:123456789012:cluster/default',
        'arn:aws:ecs:us-east-1:123456789012:cluster/default',
      ),
    ],
  },
  'eks.CreateCluster.1.json': {
    resources: [
      rgta(
        'cluster',
        'arn:aws:eks:ap-northeast-1:999999999999:cluster/eks-cluster',
        'arn:aws:eks:ap-northeast-1:999999999999:cluster/eks-cluster',
      ),
    ],
  },
  // A documentation template (`{arn-aws}eks:region-code:...`), not an ARN: refused, naming the field.
  'eks.CreateCluster.2.json': { rejected: 'incomplete', field: 'responseElements.cluster.arn' },
  'elasticache.CreateCacheCluster.2.json': {
    defaultAccount: '123456789012',
    resources: [rgta('cluster', 'test-memcached', 'arn:aws:elasticache:us-west-2:123456789012:cluster:test-memcached')],
  },
  'elasticache.CreateCacheCluster.3.json': {
    resources: [
      rgta('cluster', 'test-memcached', 'arn:aws:elasticache:ap-northeast-2:000000000000:cluster:test-memcached'),
    ],
  },
  'elasticache.CreateReplicationGroup.1.json': {
    placeholder: 'YOUR_ACCOUNT_ID',
    resources: [
      rgta('replicationgroup', 'test', `arn:aws:elasticache:ap-northeast-2:${REPLACED}:replicationgroup:test`),
    ],
  },
  'elasticfilesystem.CreateFileSystem.1.json': {
    resources: [
      rgta(
        'file-system',
        'fs-d536f8f5',
        'arn:aws:elasticfilesystem:ap-northeast-1:999999999999:file-system/fs-d536f8f5',
        { Name: 'test-efs' },
      ),
    ],
  },
  'elasticfilesystem.CreateFileSystem.2.json': {
    resources: [
      rgta(
        'file-system',
        'fs-0a49146a8cb95e621',
        'arn:aws:elasticfilesystem:us-east-1:999999999999:file-system/fs-0a49146a8cb95e621',
        {
          ManagedByAmazonSageMakerResource: 'arn:aws:sagemaker:us-east-1:999999999999:domain/d-i5xyilpzkest',
        },
      ),
    ],
  },
  'elasticfilesystem.CreateTags.1.json': unsupported,
  'elasticfilesystem.DeleteTags.1.json': unsupported,
  'elasticloadbalancing.CreateListener.1.json': {
    resources: [
      rgta(
        'listener',
        'arn:aws:elasticloadbalancing:ap-northeast-1:999999999999:listener/net/TESTflontback/813270f8ee6fa76a/9b4aee0e88f81fa1',
        'arn:aws:elasticloadbalancing:ap-northeast-1:999999999999:listener/net/TESTflontback/813270f8ee6fa76a/9b4aee0e88f81fa1',
      ),
    ],
  },
  'elasticloadbalancing.CreateLoadBalancer.2.json': {
    resources: [
      rgta(
        'loadbalancer/app',
        'arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:loadbalancer/app/test-alb/42306a5c6d606af3',
        'arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:loadbalancer/app/test-alb/42306a5c6d606af3',
      ),
    ],
  },
  // Classic load balancer: the response has only the DNS name; the ARN is built from the requested name.
  'elasticloadbalancing.CreateLoadBalancer.3.json': {
    resources: [
      rgta(
        'loadbalancer',
        'test-clb',
        'arn:aws:elasticloadbalancing:ap-northeast-2:000000000000:loadbalancer/test-clb',
      ),
    ],
  },
  'elasticloadbalancing.CreateTargetGroup.1.json': {
    resources: [
      rgta(
        'targetgroup',
        'arn:aws:elasticloadbalancing:ap-northeast-1:999999999999:targetgroup/TESTfontback-tgt/297bf72439f1364c',
        'arn:aws:elasticloadbalancing:ap-northeast-1:999999999999:targetgroup/TESTfontback-tgt/297bf72439f1364c',
      ),
    ],
  },
  'elasticloadbalancing.DescribeLoadBalancers.1.json': unsupported,
  'elasticloadbalancing.RegisterInstancesWithLoadBalancer.1.json': unsupported,
  'elasticmapreduce.RunJobFlow.1.json': {
    placeholder: 'YOUR_ACCOUNT_ID',
    resources: [
      rgta('cluster', 'j-2E1G6JJE6X1MQ', `arn:aws:elasticmapreduce:ap-northeast-2:${REPLACED}:cluster/j-2E1G6JJE6X1MQ`),
    ],
  },
  'es.CreateDomain.1.json': {
    resources: [
      rgta('domain', 'test-es2', 'arn:aws:es:ap-northeast-2:000000000000:domain/test-es2', { Name: 'test-es2' }),
    ],
  },
  'es.CreateElasticsearchDomain.1.json': {
    resources: [rgta('domain', 'test', 'arn:aws:es:ap-northeast-1:999999999999:domain/test')],
  },
  // PutRule also updates existing rules: no rule, so no retagging on every update.
  'events.PutRule.1.json': unsupported,
  'events.RemoveTargets.1.json': failed,
  'glue.CreateConnection.1.json': {
    resources: [
      rgta(
        'connection',
        'test-connection-alpha',
        'arn:aws:glue:us-east-1:123456789012:connection/test-connection-alpha',
      ),
    ],
  },
  'glue.CreateCrawler.1.json': {
    resources: [rgta('crawler', 'glue-crawler', 'arn:aws:glue:ap-northeast-1:999999999999:crawler/glue-crawler')],
  },
  'glue.CreateDatabase.1.json': {
    resources: [rgta('database', 'dar-database', 'arn:aws:glue:ap-northeast-1:999999999999:database/dar-database')],
  },
  // IAM principals are never tagged: their tags are what the guard protects.
  'iam.CreatePolicy.1.json': unsupported,
  'iam.CreateRole.1.json': unsupported,
  'iam.CreateRole.2.json': unsupported,
  'iam.CreateRole.3.json': unsupported,
  'iam.CreateRole.4.json': unsupported,
  'iam.CreateUser.1.json': { ...unsupported, defaultAccount: '123456789012' },
  'iam.CreateUser.2.json': unsupported,
  'iam.CreateUser.3.json': unsupported,
  'iam.CreateUser.4.json': unsupported,
  'iam.DeleteLoginProfile.1.json': failed,
  'iam.EnableMFADevice.1.json': unsupported,
  'kinesis.CreateStream.1.json': {
    resources: [rgta('stream', 'engagement', 'arn:aws:kinesis:ap-northeast-1:999999999999:stream/engagement')],
  },
  'kms.CreateKey.1.json': {
    resources: [
      rgta(
        'key',
        '1234abcd-12ab-34cd-56ef-1234567890ab',
        'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      ),
    ],
  },
  'kms.CreateKey.2.json': {
    resources: [
      rgta(
        'key',
        '0987dcba-09fe-87dc-65ba-ab0987654321',
        'arn:aws:kms:us-west-2:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321',
      ),
    ],
  },
  // The documentation example logs the call in us-east-1 and the key's ARN in us-west-2: refused, not tagged in the wrong region.
  'kms.CreateKey.3.json': { rejected: 'account-mismatch', field: 'responseElements' },
  'kms.CreateKey.4.json': {
    resources: [
      rgta(
        'key',
        '06dc80ca-1bdc-4d0b-be5b-b7009cd14f13',
        'arn:aws:kms:us-east-1:123456789012:key/06dc80ca-1bdc-4d0b-be5b-b7009cd14f13',
      ),
    ],
  },
  'kms.Decrypt.1.json': failed,
  'kms.Decrypt.2.json': unsupported,
  'kms.Encrypt.1.json': unsupported,
  'kms.GenerateDataKey.1.json': unsupported,
  'kms.GenerateDataKeyWithoutPlaintext.1.json': failed,
  'kms.GenerateDataKeyWithoutPlaintext.2.json': failed,
  'lambda.CreateFunction20150331.1.json': {
    resources: [
      rgta(
        'function',
        'RekogDemoSetupEngagementMeter',
        'arn:aws:lambda:ap-northeast-1:999999999999:function:RekogDemoSetupEngagementMeter',
        {
          'aws:cloudformation:stack-name': 'EngagementMeter',
          'lambda:createdBy': 'SAM',
          'aws:cloudformation:stack-id':
            'arn:aws:cloudformation:ap-northeast-1:999999999999:stack/EngagementMeter/d17d8270-9dbf-11eb-9a3b-0ed2cfff1a51',
          'aws:cloudformation:logical-id': 'LambdaSetup',
        },
      ),
    ],
  },
  'lambda.CreateFunction20150331.2.json': {
    resources: [rgta('function', 'testFunction', 'arn:aws:lambda:some-region-2:000000000001:function:testFunction')],
  },
  'lambda.CreateFunction20150331.3.json': {
    placeholder: '1010101010101',
    resources: [
      rgta(
        'function',
        'cloudtrail-events-test',
        `arn:aws:lambda:us-east-1:${REPLACED}:function:cloudtrail-events-test`,
      ),
    ],
  },
  'lambda.GetFunction.1.json': failed,
  'logs.CreateLogGroup.1.json': {
    resources: [
      rgta(
        'log-group',
        '/ecs/nodejs-bluegreen',
        'arn:aws:logs:ap-northeast-1:999999999999:log-group:/ecs/nodejs-bluegreen',
      ),
    ],
  },
  'monitoring.DescribeAlarms.1.json': unsupported,
  'monitoring.DescribeAlarms.2.json': unsupported,
  'monitoring.PutMetricAlarm.1.json': { ...unsupported, defaultAccount: '123456789012' },
  'monitoring.PutMetricAlarm.2.json': failed,
  'organizations.AttachPolicy.1.json': failed,
  'organizations.LeaveOrganization.1.json': failed,
  'rds.CreateDBCluster.1.json': {
    resources: [rgta('cluster', 'database-4', 'arn:aws:rds:ap-northeast-1:999999999999:cluster:database-4')],
  },
  'rds.CreateDBCluster.3.json': {
    placeholder: 'YOUR_ACCOUNT_ID',
    resources: [rgta('cluster', 'test-db', `arn:aws:rds:ap-northeast-2:${REPLACED}:cluster:test-db`)],
  },
  'rds.CreateDBClusterSnapshot.1.json': {
    resources: [
      rgta(
        'cluster-snapshot',
        'aurora-db-backup-20210930',
        'arn:aws:rds:ap-northeast-1:999999999999:cluster-snapshot:aurora-db-backup-20210930',
      ),
    ],
  },
  // No dBInstanceArn in this older event: built from the identifier.
  'rds.CreateDBInstance.1.json': {
    resources: [rgta('db', 'onenessdb', 'arn:aws:rds:us-east-1:101010101111:db:onenessdb')],
  },
  'rds.CreateDBInstance.3.json': {
    resources: [rgta('db', 'test-instance', 'arn:aws:rds:us-east-1:123456789012:db:test-instance')],
  },
  'rds.CreateDBInstance.4.json': {
    resources: [rgta('db', 'ctw-test', 'arn:aws:rds:ap-northeast-2:000000000000:db:ctw-test')],
  },
  'rds.CreateDBInstance.5.json': {
    placeholder: 'YOUR_ACCOUNT_ID',
    resources: [rgta('db', 'test-db-instance-1', `arn:aws:rds:ap-northeast-2:${REPLACED}:db:test-db-instance-1`)],
  },
  'rds.CreateDBParameterGroup.1.json': {
    resources: [rgta('pg', 'cdc-enable', 'arn:aws:rds:ap-northeast-1:999999999999:pg:cdc-enable')],
  },
  // RDS lower-cases the requested identifier (SNP-...): the response's spelling is the resource's.
  'rds.CreateDBSnapshot.1.json': {
    resources: [
      rgta(
        'snapshot',
        'snp-database-3-20230209',
        'arn:aws:rds:ap-northeast-1:999999999999:snapshot:snp-database-3-20230209',
      ),
    ],
  },
  // A documentation example with neither request nor response.
  'rds.CreateDBSnapshot.3.json': {
    rejected: 'incomplete',
    field: 'responseElements.dBSnapshotIdentifier',
    defaultAccount: '123456789012',
  },
  'rds.CreateDBSubnetGroup.1.json': {
    resources: [
      rgta('subgrp', 'agnew-test-postgresql', 'arn:aws:rds:ap-northeast-1:999999999999:subgrp:agnew-test-postgresql', {
        Name: 'Education',
      }),
    ],
  },
  'rds.CreateDBSubnetGroup.2.json': {
    resources: [
      rgta(
        'subgrp',
        'default-vpc-08f77b07c34029b7a',
        'arn:aws:rds:ap-northeast-1:334678299258:subgrp:default-vpc-08f77b07c34029b7a',
      ),
    ],
  },
  'rds.RestoreDBInstanceFromDBSnapshot.1.json': {
    resources: [rgta('db', 'nestle-envtestdb2', 'arn:aws:rds:ap-northeast-1:999999999999:db:nestle-envtestdb2')],
  },
  'redshift.CreateCluster.1.json': {
    resources: [
      rgta('cluster', 'redshift-cluster-1', 'arn:aws:redshift:us-east-1:999999999999:cluster:redshift-cluster-1'),
    ],
  },
  'redshift.CreateCluster.2.json': {
    placeholder: 'YOUR_ACCOUNT_ID',
    resources: [rgta('cluster', 'test-goni', `arn:aws:redshift:ap-northeast-2:${REPLACED}:cluster:test-goni`)],
  },
  // S3 on Outposts objects are not S3 objects: another API, not handled.
  's3-outposts.PutObject.1.json': unsupported,
  's3.CreateBucket.1.json': {
    resources: [want('bucket', 'custodian-create-bucket-v4', 'arn:aws:s3:::custodian-create-bucket-v4', 's3-bucket')],
  },
  's3.CreateBucket.2.json': { resources: [want('bucket', 'cwe-test', 'arn:aws:s3:::cwe-test', 's3-bucket')] },
  's3.CreateBucket.4.json': {
    resources: [want('bucket', 'bucket-test-iad', 'arn:aws:s3:::bucket-test-iad', 's3-bucket')],
  },
  's3.CreateBucket.5.json': {
    resources: [want('bucket', 'testuser.some-region-2', 'arn:aws:s3:::testuser.some-region-2', 's3-bucket')],
  },
  's3.CreateBucket.6.json': {
    resources: [want('bucket', 'miket-testing-awstagging', 'arn:aws:s3:::miket-testing-awstagging', 's3-bucket')],
  },
  's3.CreateBucket.7.json': {
    resources: [
      want('bucket', 'cloudtrailwatcher-000000000000', 'arn:aws:s3:::cloudtrailwatcher-000000000000', 's3-bucket'),
    ],
  },
  's3.CreateBucket.8.json': {
    resources: [
      want(
        'bucket',
        'this-is-a-long-unique-bucket-name',
        'arn:aws:s3:::this-is-a-long-unique-bucket-name',
        's3-bucket',
      ),
    ],
  },
  // The request's bucket and key win over the sample's `resources` entry, which names another bucket.
  's3.PutObject.1.json': {
    resources: [
      want(
        'object',
        'username-sfn-tutorial/test.png',
        'arn:aws:s3:::username-sfn-tutorial/test.png',
        's3-object',
        {},
        { maxTags: 10, extra: { bucket: 'username-sfn-tutorial', key: 'test.png' } },
      ),
    ],
  },
  // No key in the request: it is read from the AWS::S3::Object resource of the same bucket.
  's3.PutObject.2.json': {
    placeholder: '000000000',
    resources: [
      want(
        'object',
        'elastic-cspm-cloudtrail-test-bucket/test.json',
        'arn:aws:s3:::elastic-cspm-cloudtrail-test-bucket/test.json',
        's3-object',
        {},
        {
          maxTags: 10,
          extra: { bucket: 'elastic-cspm-cloudtrail-test-bucket', key: 'test.json' },
        },
      ),
    ],
  },
  'sagemaker.CreateNotebookInstance.1.json': {
    resources: [
      rgta(
        'notebook-instance',
        'mlj-notebook',
        'arn:aws:sagemaker:ap-northeast-1:999999999999:notebook-instance/mlj-notebook',
      ),
    ],
  },
  // responseElements is null: the secret is named by its requested name; its ARN's random suffix is unknown.
  'secretsmanager.CreateSecret.1.json': {
    resources: [
      want(
        'secret',
        'MyDatabaseSecret',
        'arn:aws:secretsmanager:us-east-2:123456789012:secret:MyDatabaseSecret',
        'secretsmanager',
        {},
      ),
    ],
  },
  'secretsmanager.DeleteSecret.1.json': unsupported,
  'sns.CreateTopic.1.json': {
    resources: [
      rgta('topic', 'arn:aws:sns:us-east-1:999999999999:arms-admin', 'arn:aws:sns:us-east-1:999999999999:arms-admin'),
    ],
  },
  'sns.CreateTopic.2.json': {
    resources: [
      rgta(
        'topic',
        'arn:aws:sns:us-east-2:123456789012:exampletopic',
        'arn:aws:sns:us-east-2:123456789012:exampletopic',
      ),
    ],
  },
  'lenient/sns.CreateTopic.1.json': {
    resources: [
      rgta('topic', 'arn:aws:sns:us-west-2:123456789012:hello-topic', 'arn:aws:sns:us-west-2:123456789012:hello-topic'),
    ],
  },
  'sns.GetTopicAttributes.1.json': unsupported,
  'sqs.CreateQueue.1.json': {
    resources: [
      rgta(
        'queue',
        'https://sqs.us-east-1.amazonaws.com/999999999999/arms-deadletter',
        'arn:aws:sqs:us-east-1:999999999999:arms-deadletter',
      ),
    ],
  },
  'sqs.CreateQueue.2.json': {
    defaultAccount: '123456789012',
    resources: [
      rgta(
        'queue',
        'https://sqs.us-east-2.amazon.com/123456789012/MyQueue',
        'arn:aws:sqs:us-east-2:123456789012:MyQueue',
      ),
    ],
  },
  'sqs.CreateQueue.3.json': {
    defaultAccount: '123456789012',
    resources: [
      rgta('queue', 'https://test-sqs.amazon.com/123456789012/hello1', 'arn:aws:sqs:us-east-2:123456789012:hello1'),
    ],
  },
  'ssm.CreateDocument.1.json': {
    placeholder: '00000000000',
    resources: [
      want(
        'document',
        'EncryptFilesAndUploadRansomNote',
        `arn:aws:ssm:us-east-1:${REPLACED}:document/EncryptFilesAndUploadRansomNote`,
        'ssm',
        {},
        { extra: { resourceType: 'Document' } },
      ),
    ],
  },
  'states.CreateStateMachine.1.json': {
    resources: [
      rgta(
        'stateMachine',
        'arn:aws:states:ap-northeast-1:999999999999:stateMachine:BLyi9R1Js89B',
        'arn:aws:states:ap-northeast-1:999999999999:stateMachine:BLyi9R1Js89B',
        {
          'aws:cloudformation:stack-name': 'multi-channel-customer-engagement-stackVoiceAnalytics-TUGVL86HT3R2',
          'aws:cloudformation:logical-id': 'TranscribeStateMachine',
          'aws:cloudformation:stack-id':
            'arn:aws:cloudformation:ap-northeast-1:999999999999:stack/multi-channel-customer-engagement-stackVoiceAnalytics-TUGVL86HT3R2/9d6029d0-da86-11eb-b059-0640a6f9100d',
        },
      ),
    ],
  },
  'states.CreateStateMachine.2.json': {
    resources: [
      rgta(
        'stateMachine',
        'arn:aws:states:us-east-1:123456789012:stateMachine:testUser.2016-10-27-18-17-06.bd144e18-0437-476e-9bb',
        'arn:aws:states:us-east-1:123456789012:stateMachine:testUser.2016-10-27-18-17-06.bd144e18-0437-476e-9bb',
      ),
    ],
  },
  'states.DeleteStateMachine.1.json': failed,
  'lenient/kms.Decrypt.1.json': failed,
};

const SESSION_OR_SIGNIN = /^(lenient\/)?(sts|signin)\./;
const samples = loadSamples((f) => !SESSION_OR_SIGNIN.test(f));

function replacePlaceholder(event: unknown, placeholder: string): unknown {
  const pattern = new RegExp(`(?<![0-9A-Za-z_])${placeholder}(?![0-9A-Za-z_])`, 'g');
  return JSON.parse(JSON.stringify(event).replace(pattern, REPLACED));
}

describe('every non-session sample yields exactly its expected resources or rejection', () => {
  it('has an expectation for every such sample file, and no expectation without a file', () => {
    expect(samples.map((s) => s.file).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(samples.map((s) => [s.file, s.event] as const))('%s', (file, event) => {
    const c = CASES[file];
    let input = event;
    if (c.placeholder) {
      expectRejection(() => parsed(event), 'malformed', 'recipientAccountId');
      input = replacePlaceholder(event, c.placeholder);
    }
    if (c.defaultAccount) expectRejection(() => parsed(event), 'incomplete', 'recipientAccountId');
    const p = parsed(input, c.defaultAccount);
    if (c.resources) expectResources(p, c.resources);
    else expectRejection(() => extractResources(p), c.rejected as RejectionCode, c.field);
  });
});

describe('session and sign-in samples are never create events', () => {
  const sessionSamples = loadSamples((f) => SESSION_OR_SIGNIN.test(f));
  it.each(sessionSamples.map((s) => [s.file, s.event] as const))('%s', (_file, event) => {
    const record = (event as { detail?: Record<string, unknown> }).detail ?? (event as Record<string, unknown>);
    const account = (record.userIdentity as { accountId?: string }).accountId ?? '123456789012';
    const p = parsed(event, /^\d{12}$/.test(account) ? account : '123456789012');
    expectRejection(
      () => extractResources(p),
      record.errorCode ? 'failed-call' : 'unsupported',
      record.errorCode ? 'errorCode' : 'eventName',
    );
  });
});
