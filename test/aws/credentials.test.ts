import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { TaggerCredentials } from '../../lambda/aws/credentials';

const sts = mockClient(STSClient);
beforeEach(() => sts.reset());

function creds(expiresAtMs: number) {
  return {
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: new Date(expiresAtMs),
    },
  };
}

describe('TaggerCredentials', () => {
  test('assumes the tagger role of the account and caches it until shortly before expiry', async () => {
    let now = 0;
    sts.on(AssumeRoleCommand).resolves(creds(3_600_000));
    const c = new TaggerCredentials({
      roleName: 'tagger',
      sts: new STSClient({ region: 'us-east-1' }),
      refreshMarginMs: 300_000,
      now: () => now,
    });
    await Promise.all([c.credentials('123456789012', 'eu-west-1'), c.credentials('123456789012', 'eu-west-1')]);
    now = 3_000_000;
    await c.provider('123456789012', 'eu-west-1')();
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({
      RoleArn: 'arn:aws:iam::123456789012:role/tagger',
    });
    now = 3_300_001;
    await Promise.all([
      c.credentials('123456789012', 'eu-west-1'),
      c.credentials('123456789012', 'eu-west-1'),
      c.credentials('123456789012', 'eu-west-1'),
    ]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  test('each account has its own role session', async () => {
    sts.on(AssumeRoleCommand).resolves(creds(Date.now() + 3_600_000));
    const c = new TaggerCredentials({ roleName: 'tagger', sts: new STSClient({ region: 'us-east-1' }) });
    await c.credentials('111111111111', 'eu-west-1');
    await c.credentials('222222222222', 'eu-west-1');
    expect(sts.commandCalls(AssumeRoleCommand).map((x) => x.args[0].input.RoleArn)).toEqual([
      'arn:aws:iam::111111111111:role/tagger',
      'arn:aws:iam::222222222222:role/tagger',
    ]);
  });

  test('a failed AssumeRole is not cached', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(new Error('denied'))
      .resolves(creds(Date.now() + 3_600_000));
    const c = new TaggerCredentials({ roleName: 'tagger', sts: new STSClient({ region: 'us-east-1' }) });
    await expect(c.credentials('111111111111', 'eu-west-1')).rejects.toThrow('denied');
    await expect(c.credentials('111111111111', 'eu-west-1')).resolves.toMatchObject({ accessKeyId: 'ASIAEXAMPLE' });
  });

  test.each([
    ['us-gov-west-1', 'arn:aws-us-gov:iam::111111111111:role/tagger'],
    ['cn-north-1', 'arn:aws-cn:iam::111111111111:role/tagger'],
    ['eu-west-1', 'arn:aws:iam::111111111111:role/tagger'],
  ])('in %s assumes the tagger role of that partition', async (region, roleArn) => {
    sts.on(AssumeRoleCommand).resolves(creds(Date.now() + 3_600_000));
    const c = new TaggerCredentials({ roleName: 'tagger', sts: new STSClient({ region }) });
    await c.credentials('111111111111', region);
    expect(sts.commandCalls(AssumeRoleCommand).map((x) => x.args[0].input.RoleArn)).toEqual([roleArn]);
  });

  test('regions of one partition share the session of an account', async () => {
    sts.on(AssumeRoleCommand).resolves(creds(Date.now() + 3_600_000));
    const c = new TaggerCredentials({ roleName: 'tagger', sts: new STSClient({ region: 'us-gov-west-1' }) });
    await c.provider('111111111111', 'us-gov-west-1')();
    await c.provider('111111111111', 'us-gov-east-1')();
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });
});
