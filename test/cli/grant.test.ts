import {
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRoleTagsCommand,
  ListUserTagsCommand,
  NoSuchEntityException,
  TagRoleCommand,
  TagUserCommand,
  UntagRoleCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { registerGrant } from '../../lib/cli/grant';
import { runTagwarden, writeTestConfig } from '../support/cli';

const stsMock = mockClient(STSClient);
const iamMock = mockClient(IAMClient);
const ASSUMED = {
  AccessKeyId: 'ASIATAGGERSESSION',
  SecretAccessKey: 'tagger-secret',
  SessionToken: 'tagger-token',
  Expiration: new Date('2026-11-22T10:00:00Z'),
};
const ACCOUNT = '333333333333';

function grant(...args: string[]) {
  return runTagwarden(['--config', writeTestConfig(), 'grant', '--account', ACCOUNT, ...args], [registerGrant]);
}

function revoke(...args: string[]) {
  return runTagwarden(['--config', writeTestConfig(), 'revoke', '--account', ACCOUNT, ...args], [registerGrant]);
}

function writes() {
  return [TagRoleCommand, TagUserCommand, UntagRoleCommand, UntagUserCommand].flatMap((c) =>
    iamMock.commandCalls(c as typeof TagRoleCommand),
  );
}

beforeEach(() => {
  stsMock.reset();
  iamMock.reset();
  stsMock.on(AssumeRoleCommand).resolves({ Credentials: ASSUMED });
  iamMock.on(ListRoleTagsCommand).resolves({
    Tags: [
      { Key: 'scp-team', Value: 'payments' },
      { Key: 'Name', Value: 'app' },
    ],
  });
  iamMock.on(ListUserTagsCommand).resolves({ Tags: [] });
  iamMock.on(GetRoleCommand).resolves({ Role: role(trust({ AWS: 'arn:aws:iam::111111111111:role/OrgAdmin' })) });
  iamMock
    .on(ListAttachedRolePoliciesCommand)
    .resolves({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] });
});

/** A role as GetRole returns it: the trust policy URL-encoded. */
function role(trustPolicy: unknown, boundary?: string) {
  return {
    RoleName: 'app',
    Path: '/',
    RoleId: 'AROAEXAMPLE',
    Arn: `arn:aws:iam::${ACCOUNT}:role/app`,
    CreateDate: new Date('2026-01-01T00:00:00Z'),
    AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trustPolicy)),
    ...(boundary
      ? {
          PermissionsBoundary: {
            PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const,
            PermissionsBoundaryArn: boundary,
          },
        }
      : {}),
  };
}

function trust(principal: unknown) {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] };
}

describe('tagwarden grant', () => {
  it('assumes the tagger role of the account and reads the role with those credentials', async () => {
    await grant('--role', 'app', '--tag', 'scp-team=platform');
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    const assume = stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input;
    expect(assume.RoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/tagger`);
    expect(assume.RoleSessionName).toMatch(/^tagwarden-grant-[\w+=,.@-]+$/);
    expect(assume.RoleSessionName!.length).toBeLessThanOrEqual(64);
    const read = iamMock.commandCalls(ListRoleTagsCommand)[0];
    expect(read.args[0].input).toEqual({ RoleName: 'app' });
    const credentials = await (read.thisValue as IAMClient).config.credentials();
    expect(credentials).toMatchObject({
      accessKeyId: 'ASIATAGGERSESSION',
      secretAccessKey: 'tagger-secret',
      sessionToken: 'tagger-token',
    });
  });

  it('is a dry run without --apply: shows the current value and the change, writes nothing', async () => {
    const run = await grant('--role', 'app', '--tag', 'scp-team=platform', '--tag', 'scp-exempt-access-keys=true');
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      [
        `dry run: grant would change role app in ${ACCOUNT}:`,
        '  scp-team: payments -> platform',
        '  scp-exempt-access-keys: (not set) -> true',
        '  scp-tagwarden-holder: (not set) -> true',
        'nothing was changed; re-run with --apply to grant',
        '',
      ].join('\n'),
    );
    expect(writes()).toHaveLength(0);
  });

  it('tags the role with --apply, with the tagger credentials', async () => {
    const run = await grant('--role', 'app', '--tag', 'scp-team=platform', '--apply');
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      `tagged role app in ${ACCOUNT} as tagger:\n  scp-team: payments -> platform\n  scp-tagwarden-holder: (not set) -> true\n`,
    );
    const calls = iamMock.commandCalls(TagRoleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({
      RoleName: 'app',
      Tags: [
        { Key: 'scp-team', Value: 'platform' },
        { Key: 'scp-tagwarden-holder', Value: 'true' },
      ],
    });
    expect(await (calls[0].thisValue as IAMClient).config.credentials()).toMatchObject({
      accessKeyId: 'ASIATAGGERSESSION',
    });
  });

  it('tags a user with --user, keeping the caller casing of the prefix', async () => {
    const run = await grant('--user', 'alice', '--tag', 'SCP-Team=platform', '--apply');
    expect(run.code).toBe(0);
    expect(iamMock.commandCalls(ListUserTagsCommand)[0].args[0].input).toEqual({ UserName: 'alice' });
    expect(iamMock.commandCalls(TagUserCommand)[0].args[0].input).toEqual({
      UserName: 'alice',
      Tags: [
        { Key: 'SCP-Team', Value: 'platform' },
        { Key: 'scp-tagwarden-holder', Value: 'true' },
      ],
    });
    // A user has no trust policy: only its credentials are at stake, and the SCP locks those.
    expect(iamMock.commandCalls(GetRoleCommand)).toHaveLength(0);
  });

  it('writes nothing when the tag already has the value, even with --apply', async () => {
    const run = await grant('--role', 'app', '--tag', 'scp-team=payments', '--apply');
    expect(run.code).toBe(0);
    expect(run.out).toBe(`role app in ${ACCOUNT}: nothing to change (the tags already are as requested)\n`);
    expect(writes()).toHaveLength(0);
  });

  it('refuses a key that differs only in case from an existing key, and says which', async () => {
    const run = await grant('--role', 'app', '--tag', 'scp-Team=platform', '--apply');
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      'tagwarden: role app already has tag "scp-team", which IAM treats as the same key as "scp-Team": spell it "scp-team" to change or revoke it\n',
    );
    expect(writes()).toHaveLength(0);
  });

  it('refuses two requested keys that differ only in case', async () => {
    const run = await grant('--role', 'app', '--tag', 'scp-a=1', '--tag', 'SCP-A=2', '--apply');
    expect(run.code).toBe(2);
    expect(run.err).toBe('tagwarden: tags "scp-a" and "SCP-A" are the same IAM key (keys ignore case): give it once\n');
    expect(writes()).toHaveLength(0);
  });

  it.each([
    [
      ['--role', 'app', '--tag', 'team=platform'],
      'tag key "team" is outside the protected prefix "scp-": tagwarden only grants scp-* keys, e.g. scp-team',
    ],
    [['--role', 'app', '--tag', 'scp-=x'], 'tag key "scp-" is outside the protected prefix "scp-"'],
    [['--role', 'app', '--tag', 'scp-te*m=x'], 'tag key "scp-te*m" is not a valid IAM tag key'],
    [['--role', 'app', '--tag', 'scp-team'], '--tag "scp-team" has no value: write --tag KEY=VALUE'],
    [
      ['--role', 'app', '--tag', 'scp-team=a;b!'],
      'value of scp-team contains ";", "!": IAM tag values allow letters, digits, spaces and _ . : / = + - @ only',
    ],
    [
      ['--role', 'app', '--tag', `scp-team=${'v'.repeat(257)}`],
      'value of scp-team is 257 characters long: IAM tag values hold at most 256',
    ],
    [['--role', 'app'], 'give at least one --tag, e.g. --tag scp-team=platform'],
    [['--role', 'a/b', '--tag', 'scp-team=x'], '--role "a/b" is not an IAM role name'],
    [['--user', 'x'.repeat(65), '--tag', 'scp-team=x'], 'is not an IAM user name'],
    [['--role', 'app', '--user', 'alice', '--tag', 'scp-team=x'], 'give either --role or --user, not both'],
    [['--tag', 'scp-team=x'], 'name the principal with --role NAME or --user NAME'],
  ])('refuses %j before any AWS call', async (args, message) => {
    const run = await grant(...args);
    expect(run.code).toBe(2);
    expect(run.err.startsWith('tagwarden: ')).toBe(true);
    expect(run.err).toContain(message);
    expect(run.err.trimEnd().split('\n')).toHaveLength(1);
    expect(stsMock.calls()).toHaveLength(0);
    expect(iamMock.calls()).toHaveLength(0);
  });

  it('refuses a malformed account id', async () => {
    const run = await runTagwarden(
      ['--config', writeTestConfig(), 'grant', '--account', '12345', '--role', 'app', '--tag', 'scp-a=1'],
      [registerGrant],
    );
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      'tagwarden: --account "12345" is not an AWS account id: give the 12 digits, e.g. --account 123456789012\n',
    );
    expect(stsMock.calls()).toHaveLength(0);
  });

  it('uses the prefix and tagger role name of the config', async () => {
    const config = writeTestConfig({ protectedTagPrefix: 'guard:', taggerRoleName: 'org-tagger' });
    const run = await runTagwarden(
      ['--config', config, 'grant', '--account', ACCOUNT, '--role', 'app', '--tag', 'guard:team=x'],
      [registerGrant],
    );
    expect(run.code).toBe(0);
    expect(stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleArn).toBe(
      `arn:aws:iam::${ACCOUNT}:role/org-tagger`,
    );
    const refused = await runTagwarden(
      ['--config', config, 'grant', '--account', ACCOUNT, '--role', 'app', '--tag', 'scp-team=x'],
      [registerGrant],
    );
    expect(refused.code).toBe(2);
  });

  it('explains in one line when the tagger role cannot be assumed', async () => {
    stsMock.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        message: 'not authorized to perform: sts:AssumeRole',
        $metadata: {},
      }),
    );
    const run = await grant('--role', 'app', '--tag', 'scp-team=x');
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      `tagwarden: cannot assume arn:aws:iam::${ACCOUNT}:role/tagger (not authorized to perform: sts:AssumeRole): the account must be enrolled (see tagwarden enrollment status) and your principal listed in adminPrincipals\n`,
    );
  });

  it('says so when the role does not exist', async () => {
    iamMock
      .on(ListRoleTagsCommand)
      .rejects(new NoSuchEntityException({ message: 'The role with name ghost cannot be found.', $metadata: {} }));
    const run = await grant('--role', 'ghost', '--tag', 'scp-team=x');
    expect(run.code).toBe(1);
    expect(run.err).toBe(`tagwarden: role ghost does not exist in account ${ACCOUNT}\n`);
  });

  it('creates its clients in the --region given', async () => {
    const saved = process.env.AWS_REGION;
    try {
      await runTagwarden(
        [
          '--config',
          writeTestConfig(),
          '--region',
          'us-west-2',
          'grant',
          '--account',
          ACCOUNT,
          '--role',
          'app',
          '--tag',
          'scp-a=1',
        ],
        [registerGrant],
      );
    } finally {
      if (saved === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = saved;
    }
    expect(await (stsMock.commandCalls(AssumeRoleCommand)[0].thisValue as STSClient).config.region()).toBe('us-west-2');
    expect(await (iamMock.commandCalls(ListRoleTagsCommand)[0].thisValue as IAMClient).config.region()).toBe(
      'us-west-2',
    );
  });

  it('prints a versioned JSON result naming its config with --json', async () => {
    const config = writeTestConfig();
    const run = await runTagwarden(
      ['--config', config, '--json', 'grant', '--account', ACCOUNT, '--role', 'app', '--tag', 'scp-team=platform'],
      [registerGrant],
    );
    expect(Object.keys(JSON.parse(run.out)).slice(0, 2)).toEqual(['version', 'config']);
    expect(JSON.parse(run.out)).toEqual({
      version: 1,
      config,
      command: 'grant',
      account: ACCOUNT,
      principal: { type: 'role', name: 'app' },
      applied: false,
      changes: [
        { key: 'scp-team', before: 'payments', after: 'platform' },
        { key: 'scp-tagwarden-holder', before: null, after: 'true' },
      ],
    });
  });
});

describe('grant locks the holder', () => {
  it('does not set the marker again when the principal already carries it', async () => {
    iamMock.on(ListRoleTagsCommand).resolves({
      Tags: [
        { Key: 'scp-team', Value: 'payments' },
        { Key: 'scp-tagwarden-holder', Value: 'true' },
      ],
    });
    await grant('--role', 'app', '--tag', 'scp-exempt-access-keys=true', '--apply');
    expect(iamMock.commandCalls(TagRoleCommand)[0].args[0].input.Tags).toEqual([
      { Key: 'scp-exempt-access-keys', Value: 'true' },
    ]);
  });

  it.each([
    [
      'the account root',
      trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
      `trusts arn:aws:iam::${ACCOUNT}:root of its own account`,
    ],
    ['the account id', trust({ AWS: ACCOUNT }), `trusts ${ACCOUNT} of its own account`],
    ['everyone', trust('*'), 'trusts every principal ("*")'],
    [
      'a role of its own account',
      trust({ AWS: [`arn:aws:iam::444444444444:role/ci`, `arn:aws:iam::${ACCOUNT}:role/ops`] }),
      `trusts arn:aws:iam::${ACCOUNT}:role/ops`,
    ],
    ['a service', trust({ Service: 'lambda.amazonaws.com' }), 'trusts the service lambda.amazonaws.com'],
    [
      'a SAML provider of its account',
      trust({ Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/Corp` }),
      `identity provider arn:aws:iam::${ACCOUNT}:saml-provider/Corp`,
    ],
    [
      'an OIDC provider of its account',
      trust({ Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` }),
      'oidc-provider/token.actions.githubusercontent.com, which',
    ],
    [
      'Cognito identity pools',
      trust({ Federated: 'cognito-identity.amazonaws.com' }),
      'identity provider cognito-identity.amazonaws.com',
    ],
    [
      'NotPrincipal',
      {
        Statement: [
          { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::444444444444:root' }, Action: 'sts:AssumeRole' },
        ],
      },
      'NotPrincipal',
    ],
  ])('refuses a role that trusts %s, says why and how to fix it, and writes nothing', async (_, trustPolicy, why) => {
    iamMock.on(GetRoleCommand).resolves({ Role: role(trustPolicy) });
    const run = await grant('--role', 'app', '--tag', 'scp-exempt-access-keys=true', '--apply');
    expect(run.code).toBe(1);
    expect(run.err).toContain(`refusing to grant to role app in ${ACCOUNT}`);
    expect(run.err).toContain(why);
    expect(run.err).toContain('Fix: trust only principals of other accounts');
    expect(writes()).toHaveLength(0);
  });

  it('refuses in the dry run too, so the admin sees it before --apply', async () => {
    iamMock.on(GetRoleCommand).resolves({ Role: role(trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` })) });
    expect((await grant('--role', 'app', '--tag', 'scp-x=1')).code).toBe(1);
  });

  it('refuses a role with a customer-managed policy or boundary, which CreatePolicyVersion changes', async () => {
    iamMock
      .on(ListAttachedRolePoliciesCommand)
      .resolves({ AttachedPolicies: [{ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/app-access` }] });
    const policy = await grant('--role', 'app', '--tag', 'scp-x=1', '--apply');
    expect(policy.code).toBe(1);
    expect(policy.err).toContain(`customer-managed policies attached (arn:aws:iam::${ACCOUNT}:policy/app-access)`);
    iamMock.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    iamMock.on(GetRoleCommand).resolves({
      Role: role(trust({ AWS: 'arn:aws:iam::111111111111:role/OrgAdmin' }), `arn:aws:iam::${ACCOUNT}:policy/boundary`),
    });
    const boundary = await grant('--role', 'app', '--tag', 'scp-x=1', '--apply');
    expect(boundary.code).toBe(1);
    expect(boundary.err).toContain(`permissions boundary arn:aws:iam::${ACCOUNT}:policy/boundary is customer-managed`);
    expect(writes()).toHaveLength(0);
  });

  it('accepts a role that trusts another account through a web identity, with an AWS-managed policy', async () => {
    iamMock.on(GetRoleCommand).resolves({
      Role: role(trust({ AWS: 'arn:aws:iam::111111111111:role/OrgAdmin', Federated: 'accounts.google.com' })),
    });
    expect((await grant('--role', 'app', '--tag', 'scp-x=1', '--apply')).code).toBe(0);
    expect(iamMock.commandCalls(TagRoleCommand)).toHaveLength(1);
  });

  it.each([
    ['grant', 'scp-tagwarden-holder=true'],
    ['revoke', 'SCP-Tagwarden-Holder'],
  ])('%s refuses the marker itself', async (command, tag) => {
    const run = await runTagwarden(
      ['--config', writeTestConfig(), command, '--account', ACCOUNT, '--role', 'app', '--tag', tag],
      [registerGrant],
    );
    expect(run.code).toBe(2);
    expect(run.err).toContain('is set and removed by tagwarden itself');
    expect(stsMock.calls()).toHaveLength(0);
  });
});

describe('tagwarden revoke', () => {
  it('removes the marker with the last protected key, and keeps it while another remains', async () => {
    iamMock.on(ListRoleTagsCommand).resolves({
      Tags: [
        { Key: 'scp-team', Value: 'payments' },
        { Key: 'scp-tagwarden-holder', Value: 'true' },
        { Key: 'Name', Value: 'app' },
      ],
    });
    await revoke('--role', 'app', '--tag', 'scp-team', '--apply');
    expect(iamMock.commandCalls(UntagRoleCommand)[0].args[0].input).toEqual({
      RoleName: 'app',
      TagKeys: ['scp-team', 'scp-tagwarden-holder'],
    });
    iamMock.on(ListRoleTagsCommand).resolves({
      Tags: [
        { Key: 'scp-team', Value: 'a' },
        { Key: 'SCP-other', Value: 'b' },
        { Key: 'scp-tagwarden-holder', Value: 'true' },
      ],
    });
    await revoke('--role', 'app', '--tag', 'scp-team', '--apply');
    expect(iamMock.commandCalls(UntagRoleCommand)[1].args[0].input).toEqual({ RoleName: 'app', TagKeys: ['scp-team'] });
  });

  it('is a dry run without --apply', async () => {
    const run = await revoke('--role', 'app', '--tag', 'scp-team');
    expect(run.code).toBe(0);
    expect(run.out).toContain('  scp-team: payments -> (removed)');
    expect(run.out).toContain('re-run with --apply to revoke');
    expect(writes()).toHaveLength(0);
    expect(stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleSessionName).toMatch(/^tagwarden-revoke-/);
  });

  it('prints a versioned JSON result naming its config with --json', async () => {
    const config = writeTestConfig();
    const run = await runTagwarden(
      ['--config', config, '--json', 'revoke', '--account', ACCOUNT, '--role', 'app', '--tag', 'scp-team', '--apply'],
      [registerGrant],
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual({
      version: 1,
      config,
      command: 'revoke',
      account: ACCOUNT,
      principal: { type: 'role', name: 'app' },
      applied: true,
      changes: [{ key: 'scp-team', before: 'payments', after: null }],
    });
  });

  it('removes the tag with --apply', async () => {
    const run = await revoke('--role', 'app', '--tag', 'scp-team', '--apply');
    expect(run.code).toBe(0);
    expect(iamMock.commandCalls(UntagRoleCommand)[0].args[0].input).toEqual({ RoleName: 'app', TagKeys: ['scp-team'] });
    expect(await (iamMock.commandCalls(UntagRoleCommand)[0].thisValue as IAMClient).config.credentials()).toMatchObject(
      { sessionToken: 'tagger-token' },
    );
  });

  it('removes a user tag with --apply', async () => {
    iamMock.on(ListUserTagsCommand).resolves({ Tags: [{ Key: 'scp-exempt-access-keys', Value: 'true' }] });
    await revoke('--user', 'alice', '--tag', 'scp-exempt-access-keys', '--apply');
    expect(iamMock.commandCalls(UntagUserCommand)[0].args[0].input).toEqual({
      UserName: 'alice',
      TagKeys: ['scp-exempt-access-keys'],
    });
  });

  it('changes nothing when the tag is not set', async () => {
    const run = await revoke('--role', 'app', '--tag', 'scp-other', '--apply');
    expect(run.code).toBe(0);
    expect(run.out).toContain('nothing to change');
    expect(writes()).toHaveLength(0);
  });

  it('refuses a wrong-case key and a key with a value', async () => {
    const wrongCase = await revoke('--role', 'app', '--tag', 'SCP-TEAM', '--apply');
    expect(wrongCase.code).toBe(2);
    expect(wrongCase.err).toContain('already has tag "scp-team", which IAM treats as the same key as "SCP-TEAM"');
    const withValue = await revoke('--role', 'app', '--tag', 'scp-team=payments');
    expect(withValue.code).toBe(2);
    expect(withValue.err).toBe(
      'tagwarden: --tag "scp-team=payments": revoke takes the key only, e.g. --tag scp-team\n',
    );
    expect(writes()).toHaveLength(0);
  });
});

it.each(['grant', 'revoke'])('%s --help documents its options', async (command) => {
  const run = await runTagwarden([command, '--help'], [registerGrant]);
  expect(run.code).toBe(0);
  for (const option of ['--account <id>', '--role <name>', '--user <name>', '--tag <tag>', '--apply'])
    expect(run.out).toContain(option);
});
