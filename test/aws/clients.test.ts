import { WRITERS } from '../../lambda/aws/writers/registry';
import { testClients } from '../support/engine';

describe('ClientPool', () => {
  test('one client per service, account and region, reused across events', async () => {
    const pool = testClients();
    const ec2 = (account: string, region: string) => pool.client(WRITERS.ec2.client, account, region);
    expect(ec2('111111111111', 'us-east-1')).toBe(ec2('111111111111', 'us-east-1'));
    expect(ec2('111111111111', 'us-east-1')).not.toBe(ec2('222222222222', 'us-east-1'));
    expect(ec2('111111111111', 'us-east-1')).not.toBe(ec2('111111111111', 'eu-west-1'));
    expect(await pool.iam('111111111111').config.region()).toBe('us-east-1');
    expect(await pool.iam('111111111111', 'aws-cn').config.region()).toBe('cn-north-1');
  });

  test('writer kinds that call one service share its clients', () => {
    const pool = testClients();
    const bucket = pool.client(WRITERS['s3-bucket'].client, '111111111111', 'us-east-1');
    expect(pool.client(WRITERS['s3-object'].client, '111111111111', 'us-east-1')).toBe(bucket);
    expect(pool.client(WRITERS.ssm.client, '111111111111', 'us-east-1')).not.toBe(bucket);
  });
});
