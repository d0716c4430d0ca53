import { singleEc2 } from './ec2-shapes';
import { ResourceRule } from './types';

/** VPC networking: logged by ec2.amazonaws.com, tagged with ec2:CreateTags like the rest of EC2. */
export const vpcRules: ResourceRule[] = [
  singleEc2('CreateVpc', 'vpc', ['vpc'], 'vpcId', 'vpc-'),
  singleEc2('CreateSubnet', 'subnet', ['subnet'], 'subnetId', 'subnet-'),
  singleEc2('CreateInternetGateway', 'internet-gateway', ['internetGateway'], 'internetGatewayId', 'igw-'),
  singleEc2('CreateNatGateway', 'natgateway', ['natGateway'], 'natGatewayId', 'nat-'),
  singleEc2('CreateTransitGateway', 'transit-gateway', ['transitGateway'], 'transitGatewayId', 'tgw-'),
  singleEc2('CreateCustomerGateway', 'customer-gateway', ['customerGateway'], 'customerGatewayId', 'cgw-'),
  singleEc2('CreateVpnGateway', 'vpn-gateway', ['vpnGateway'], 'vpnGatewayId', 'vgw-'),
  singleEc2('CreateVpcEndpoint', 'vpc-endpoint', ['vpcEndpoint'], 'vpcEndpointId', 'vpce-'),
  singleEc2('CreateRouteTable', 'route-table', ['routeTable'], 'routeTableId', 'rtb-'),
  singleEc2(
    'CreateVpcPeeringConnection',
    'vpc-peering-connection',
    ['vpcPeeringConnection'],
    'vpcPeeringConnectionId',
    'pcx-',
  ),
];
