import { testClients } from '../support/engine';

describe('ClientPool', () => {
  test('one client per service, account and region, reused across events', async () => {
    const pool = testClients();
    expect(pool.ec2('111111111111', 'us-east-1')).toBe(pool.ec2('111111111111', 'us-east-1'));
    expect(pool.ec2('111111111111', 'us-east-1')).not.toBe(pool.ec2('222222222222', 'us-east-1'));
    expect(pool.ec2('111111111111', 'us-east-1')).not.toBe(pool.ec2('111111111111', 'eu-west-1'));
    expect(await pool.iam('111111111111').config.region()).toBe('us-east-1');
    expect(await pool.iam('111111111111', 'aws-cn').config.region()).toBe('cn-north-1');
  });
});
