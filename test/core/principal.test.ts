import { parseEvent } from '../../lambda/core/cloudtrail';
import { resolvePrincipal } from '../../lambda/core/principal';
import { loadSample } from '../support/samples';

function principalOf(file: string) {
  const event = parseEvent(loadSample(file), { defaultAccount: '000000000000' });
  return resolvePrincipal(event.record.userIdentity, event.account, event.region);
}

describe('resolvePrincipal on real events', () => {
  test('IAM user: Owner is the user ARN, IAM tags of the user, no session tags', () => {
    expect(principalOf('s3.CreateBucket.5.json')).toMatchObject({
      kind: 'iam-user',
      owner: 'arn:aws:iam::000000000001:user/testuser',
      iamPrincipal: { kind: 'user', name: 'testuser', account: '000000000001' },
      mayHaveSessionTags: false,
      crossAccount: false,
    });
  });

  test('IAM user acting through the console (invokedBy signin)', () => {
    const p = principalOf('s3.CreateBucket.6.json');
    expect(p).toMatchObject({
      kind: 'iam-user',
      invokedBy: 'signin.amazonaws.com',
      owner: 'arn:aws:iam::006393696278:user/mthomas',
    });
    expect(p.sessionCreatedAt).toBe('2017-06-28T15:16:30.000Z');
  });

  test('assumed role: Owner is the session ARN, IAM tags of the role, session key from the ASIA access key', () => {
    expect(principalOf('cloudfront.CreateDistribution.1.json')).toMatchObject({
      kind: 'assumed-role',
      roleFlavor: 'role',
      owner: 'arn:aws:sts::012345678912:assumed-role/c7nbot/HarishAchappa',
      iamPrincipal: { kind: 'role', name: 'c7nbot', account: '012345678912' },
      sessionKey: 'ASIAVD4IK2M7C6RULHH3',
      mayHaveSessionTags: true,
      sessionCreatedAt: '2022-07-13T17:55:21.000Z',
    });
  });

  test('assumed role without an access key still names its role', () => {
    const p = principalOf('s3.CreateBucket.2.json');
    expect(p).toMatchObject({
      kind: 'assumed-role',
      owner: 'arn:aws:sts::101010101111:assumed-role/Sandbox_Dev/user',
      iamPrincipal: { name: 'Sandbox_Dev' },
    });
    expect(p.sessionKey).toBeUndefined();
  });

  test('a role session acting through a service (invokedBy) is still the session', () => {
    const p = principalOf('autoscaling.CreateAutoScalingGroup.1.json');
    expect(p.kind).toBe('assumed-role');
    expect(p.invokedBy).toEqual(expect.stringContaining('amazonaws.com'));
    expect(p.owner).toMatch(/^arn:aws:sts::\d{12}:assumed-role\//);
    expect(p.iamPrincipal?.kind).toBe('role');
  });

  test('root: Owner is the root ARN, no IAM principal to read', () => {
    const p = principalOf('s3.CreateBucket.1.json');
    expect(p).toMatchObject({ kind: 'root', owner: 'arn:aws:iam::619193117841:root', mayHaveSessionTags: false });
    expect(p.iamPrincipal).toBeUndefined();
  });

  test('federated user: Owner is the federated-user ARN, IAM tags of the issuing user', () => {
    expect(principalOf('sts.GetCallerIdentity.1.json')).toMatchObject({
      kind: 'federated-user',
      owner: 'arn:aws:sts::742491224508:federated-user/stratus_red_team',
      iamPrincipal: { kind: 'user', name: 'stratus-red-team-user-federation-user', account: '742491224508' },
      sessionKey: 'ASIASTJKC5GCM7ZE6LUP',
      mayHaveSessionTags: true,
    });
  });

  test('an AWS service on its own is named by its service principal', () => {
    expect(principalOf('kms.Decrypt.2.json')).toMatchObject({
      kind: 'aws-service',
      owner: 'workmail.eu-west-1.amazonaws.com',
      mayHaveSessionTags: false,
    });
  });

  test('an AWSAccount principal of another account is named by that account and marked cross-account', () => {
    const event = parseEvent(loadSample('sts.AssumeRole.2.json'), { defaultAccount: '111122223333' });
    const p = resolvePrincipal(event.record.userIdentity, event.account);
    expect(p).toMatchObject({
      kind: 'aws-account',
      owner: 'arn:aws:iam::777788889999:root',
      account: '777788889999',
      crossAccount: true,
    });
  });
});

describe('resolvePrincipal on constructed identities', () => {
  const sso = {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:alice@example.com',
    arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com',
    accountId: '123456789012',
    accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        arn: 'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef',
        accountId: '123456789012',
        userName: 'AWSReservedSSO_Admin_0123456789abcdef',
      },
      attributes: { creationDate: '2024-01-02T03:04:05Z' },
    },
  };

  test('an IAM Identity Center role session reads the tags of the role by its name, without the path', () => {
    expect(resolvePrincipal(sso, '123456789012')).toMatchObject({
      kind: 'assumed-role',
      roleFlavor: 'identity-center',
      iamPrincipal: { kind: 'role', name: 'AWSReservedSSO_Admin_0123456789abcdef', account: '123456789012' },
      owner: sso.arn,
    });
  });

  test('an OIDC session is recognised from webIdFederationData', () => {
    const role = {
      ...sso,
      arn: 'arn:aws:sts::123456789012:assumed-role/Deployer/run-1',
      sessionContext: { ...sso.sessionContext, sessionIssuer: { userName: 'Deployer', accountId: '123456789012' } },
    };
    const oidc = {
      ...role,
      sessionContext: {
        ...role.sessionContext,
        webIdFederationData: {
          federatedProvider: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
        },
      },
    };
    expect(resolvePrincipal(oidc, '123456789012').roleFlavor).toBe('web-identity');
    const saml = {
      ...role,
      sessionContext: {
        ...role.sessionContext,
        webIdFederationData: { federatedProvider: 'arn:aws:iam::123456789012:saml-provider/Okta' },
      },
    };
    expect(resolvePrincipal(saml, '123456789012').roleFlavor).toBe('saml');
  });

  test('a role of another account (a resource-policy write) is named in Owner and read in its own account', () => {
    const p = resolvePrincipal(
      {
        ...sso,
        accountId: '999999999999',
        arn: 'arn:aws:sts::999999999999:assumed-role/Writer/s',
        sessionContext: { sessionIssuer: { userName: 'Writer', accountId: '999999999999' } },
      },
      '123456789012',
    );
    expect(p).toMatchObject({
      crossAccount: true,
      owner: 'arn:aws:sts::999999999999:assumed-role/Writer/s',
      iamPrincipal: { name: 'Writer', account: '999999999999' },
    });
  });

  test('an IAM user with a permanent AKIA key has no session key', () => {
    expect(
      resolvePrincipal(
        {
          type: 'IAMUser',
          arn: 'arn:aws:iam::123456789012:user/bob',
          accountId: '123456789012',
          userName: 'bob',
          accessKeyId: 'AKIAEXAMPLEEXAMPLE12',
        },
        '123456789012',
      ).sessionKey,
    ).toBeUndefined();
  });

  test('an empty identity still yields an Owner', () => {
    expect(resolvePrincipal({}, '123456789012')).toMatchObject({
      kind: 'unknown',
      owner: 'arn:aws:iam::123456789012:root',
    });
  });
});
