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

  test("the SDK's standard retry strategy, 3 sends a call, is the only retry of throttling and 5xx", async () => {
    const client = testClients().client(WRITERS.rgta.client, '111111111111', 'us-east-1') as {
      config: { maxAttempts(): Promise<number>; retryMode: string };
    };
    expect(await client.config.maxAttempts()).toBe(3);
    expect(client.config.retryMode).toBe('standard');
  });

  test('one client per service, account and region: buckets (S3 Control) and objects (S3) use different ones', () => {
    const pool = testClients();
    const objects = pool.client(WRITERS['s3-object'].client, '111111111111', 'us-east-1');
    expect(pool.client(WRITERS['s3-object'].client, '111111111111', 'us-east-1')).toBe(objects);
    expect(pool.client(WRITERS['s3-bucket'].client, '111111111111', 'us-east-1')).not.toBe(objects);
    expect(pool.client(WRITERS['s3-object'].client, '111111111111', 'eu-west-1')).not.toBe(objects);
  });
});
