import { IAMClient, ListRolesCommand, ListRoleTagsCommand, ListUserTagsCommand, Role } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { registerListTags } from '../../lib/cli/list-tags';
import { runTagwarden, writeTestConfig } from '../support/cli';

const stsMock = mockClient(STSClient);
const iamMock = mockClient(IAMClient);
const ACCOUNT = '333333333333';

async function list(...args: string[]) {
  const configPath = writeTestConfig();
  const run = await runTagwarden(
    [
      '--config',
      configPath,
      ...args.filter((a) => a === '--json'),
      'list',
      '--account',
      ACCOUNT,
      ...args.filter((a) => a !== '--json'),
    ],
    [registerListTags],
  );
  return { ...run, configPath };
}

/* The SDK paginators reuse one input object across pages, so the inputs are copied when each call is made. */
let roleMarkers: (string | null)[] = [];
let tagInputs: object[] = [];

/** An account with `count` roles; every third one carries protected tags, spread over two ListRoleTags pages. */
function installRoles(count: number, pageSize = 100) {
  const roles: Role[] = Array.from({ length: count }, (_, i) => ({
    RoleName: `role-${String(i).padStart(4, '0')}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/role-${i}`,
    Path: '/',
    RoleId: `AROA${i}`,
    CreateDate: new Date(0),
  }));
  iamMock.on(ListRolesCommand).callsFake((input) => {
    roleMarkers.push(input.Marker ?? null);
    const start = input.Marker ? Number(input.Marker) : 0;
    const end = start + pageSize;
    return {
      Roles: roles.slice(start, end),
      IsTruncated: end < roles.length,
      ...(end < roles.length ? { Marker: String(end) } : {}),
    };
  });
  iamMock.on(ListRoleTagsCommand).callsFake((input) => {
    tagInputs.push(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    const i = Number(input.RoleName.slice(5));
    if (i % 3 !== 0) return { Tags: [{ Key: 'Name', Value: input.RoleName }], IsTruncated: false };
    return input.Marker
      ? { Tags: [{ Key: 'SCP-Legacy', Value: 'x' }], IsTruncated: false }
      : {
          Tags: [
            { Key: 'scp-team', Value: `t${i}` },
            { Key: 'cost', Value: 'c' },
          ],
          IsTruncated: true,
          Marker: 'more',
        };
  });
}

beforeEach(() => {
  roleMarkers = [];
  tagInputs = [];
  stsMock.reset();
  iamMock.reset();
  stsMock.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'ASIALIST', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date() },
  });
});

describe('tagwarden list', () => {
  it('shows the protected tags of one role, through the tagger role, following pagination', async () => {
    installRoles(1);
    const run = await list('--role', 'role-0000');
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      [
        'PRINCIPAL       KEY         VALUE',
        '--------------  ----------  -----',
        'role/role-0000  scp-team    t0',
        'role/role-0000  SCP-Legacy  x',
        '',
        `role role-0000 in ${ACCOUNT}: 2 scp-* tag(s)`,
        'role/role-0000: no holder marker, so the guard does not freeze it yet (granted before the marker existed): ' +
          'grant one of its tags again to set the marker',
        '',
      ].join('\n'),
    );
    expect(tagInputs).toEqual([{ RoleName: 'role-0000' }, { RoleName: 'role-0000', Marker: 'more' }]);
    expect(stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/tagger`,
      RoleSessionName: expect.stringMatching(/^tagwarden-list-/),
    });
    expect(
      await (iamMock.commandCalls(ListRoleTagsCommand)[0].thisValue as IAMClient).config.credentials(),
    ).toMatchObject({ accessKeyId: 'ASIALIST' });
    expect(iamMock.commandCalls(ListRolesCommand)).toHaveLength(0);
  });

  it('shows a user with no protected tags', async () => {
    iamMock.on(ListUserTagsCommand).resolves({ Tags: [{ Key: 'team', Value: 'a' }] });
    const run = await list('--json', '--user', 'alice');
    expect(JSON.parse(run.out)).toEqual({
      version: 1,
      config: run.configPath,
      account: ACCOUNT,
      scanned: 1,
      principals: [{ type: 'user', name: 'alice', tags: {}, frozen: false }],
    });
  });

  it('reads every role of the account across pages, with progress, and lists those with protected tags', async () => {
    installRoles(1000);
    const run = await list();
    expect(run.code).toBe(0);
    expect(iamMock.commandCalls(ListRolesCommand)).toHaveLength(10);
    expect(roleMarkers).toEqual([null, '100', '200', '300', '400', '500', '600', '700', '800', '900']);
    // 1,000 first pages plus a second page for each of the 334 tagged roles.
    expect(iamMock.commandCalls(ListRoleTagsCommand)).toHaveLength(1334);
    expect(run.out).toContain(`334 of 1000 role(s) in ${ACCOUNT} have scp-* tags`);
    expect(run.out).toMatch(/role\/role-0999\s+scp-team\s+t999\n/);
    expect(run.out).not.toContain('role-0001');
    // The roles without the holder marker are named, ten at most.
    expect(run.out).toMatch(/role\/role-0000, .*role\/role-0027, and 324 more: no holder marker/);
    expect(run.err.split('\n')).toEqual(
      expect.arrayContaining(['listed 200 roles', 'read tags of 400/1,000 roles', 'read tags of 1,000/1,000 roles']),
    );
  });

  it('prints the same listing as versioned JSON naming its config, without progress', async () => {
    installRoles(7);
    const run = await list('--json');
    expect(run.err).toBe('');
    expect(Object.keys(JSON.parse(run.out)).slice(0, 2)).toEqual(['version', 'config']);
    expect(JSON.parse(run.out)).toEqual({
      version: 1,
      config: run.configPath,
      account: ACCOUNT,
      scanned: 7,
      principals: [
        { type: 'role', name: 'role-0000', tags: { 'scp-team': 't0', 'SCP-Legacy': 'x' }, frozen: false },
        { type: 'role', name: 'role-0003', tags: { 'scp-team': 't3', 'SCP-Legacy': 'x' }, frozen: false },
        { type: 'role', name: 'role-0006', tags: { 'scp-team': 't6', 'SCP-Legacy': 'x' }, frozen: false },
      ],
    });
  });

  it('a holder with the marker is frozen; one without it is named as not frozen yet', async () => {
    iamMock.on(ListUserTagsCommand).resolves({
      Tags: [
        { Key: 'scp-exempt', Value: 'true' },
        { Key: 'SCP-TagWarden-Holder', Value: 'true' },
      ],
    });
    const frozen = await list('--user', 'alice');
    expect(frozen.code).toBe(0);
    expect(frozen.out).not.toContain('no holder marker');
    const json = await list('--json', '--user', 'alice');
    expect(JSON.parse(json.out).principals).toEqual([
      { type: 'user', name: 'alice', tags: { 'scp-exempt': 'true', 'SCP-TagWarden-Holder': 'true' }, frozen: true },
    ]);
    iamMock.on(ListUserTagsCommand).resolves({ Tags: [{ Key: 'scp-exempt', Value: 'true' }] });
    const legacy = await list('--user', 'alice');
    expect(legacy.out).toContain('user/alice: no holder marker, so the guard does not freeze it yet');
  });

  it('refuses a bad account id or role name before any AWS call', async () => {
    const badAccount = await runTagwarden(
      ['--config', writeTestConfig(), 'list', '--account', 'abc'],
      [registerListTags],
    );
    expect(badAccount.code).toBe(2);
    const badRole = await list('--role', 'arn:aws:iam::1:role/x');
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain('is not an IAM role name');
    expect(stsMock.calls()).toHaveLength(0);
  });

  it('documents its options in --help', async () => {
    const run = await runTagwarden(['list', '--help'], [registerListTags]);
    expect(run.code).toBe(0);
    for (const option of ['--account <id>', '--role <name>', '--user <name>']) expect(run.out).toContain(option);
  });
});
