import { GetRoleCommand, IAMClient, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { IamTagReader } from '../../lambda/aws/iam-tags';
import { IamPrincipalRef } from '../../lambda/core/principal';
import { testClients } from '../support/engine';
import { getRoleOutput, SERVICE_TRUST } from '../support/iam-roles';

const iam = mockClient(IAMClient);
beforeEach(() => iam.reset());

const role: IamPrincipalRef = { kind: 'role', name: 'Developer', account: '123456789012', partition: 'aws' };

describe('IamTagReader', () => {
  test('a burst of reads for one principal makes one IAM call', async () => {
    iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, { team: 'blue' }));
    const reader = new IamTagReader({ clients: testClients(), ttlSeconds: 300 });
    const results = await Promise.all(Array.from({ length: 25 }, () => reader.read(role)));
    expect(iam.commandCalls(GetRoleCommand)).toHaveLength(1);
    expect(iam.commandCalls(GetRoleCommand)[0].args[0].input).toEqual({ RoleName: 'Developer' });
    expect(results.every((r) => r.status === 'read' && r.tags.team === 'blue')).toBe(true);
    // Names are unique without regard to case in IAM: another spelling is the same cache entry.
    await reader.read({ ...role, name: 'DEVELOPER' });
    expect(iam.commandCalls(GetRoleCommand)).toHaveLength(1);
  });

  test('a role is read with GetRole: its tags and what its trust policy says about session tags', async () => {
    iam.on(GetRoleCommand, { RoleName: 'Developer' }).resolves(getRoleOutput('Developer', { team: 'blue' }));
    iam.on(GetRoleCommand, { RoleName: 'app-function' }).resolves(getRoleOutput('app-function', {}, SERVICE_TRUST));
    const reader = new IamTagReader({ clients: testClients(), ttlSeconds: 300 });
    expect(await reader.read(role)).toEqual({
      status: 'read',
      tags: { team: 'blue' },
      tagSession: { mayCarryTags: true, reason: expect.stringContaining('Action sts:TagSession') },
    });
    const fn = await reader.read({ ...role, name: 'app-function' });
    expect(fn).toMatchObject({ status: 'read', tags: {}, tagSession: { mayCarryTags: false } });
    // The verdict is cached with the tags: one GetRole per role.
    await reader.read({ ...role, name: 'app-function' });
    expect(iam.commandCalls(GetRoleCommand)).toHaveLength(2);
  });

  test('pages are followed', async () => {
    iam
      .on(ListUserTagsCommand)
      .resolvesOnce({ Tags: [{ Key: 'a', Value: '1' }], IsTruncated: true, Marker: 'm1' })
      .resolvesOnce({ Tags: [{ Key: 'b', Value: '2' }], IsTruncated: false });
    const reader = new IamTagReader({ clients: testClients(), ttlSeconds: 300 });
    expect(await reader.read({ kind: 'user', name: 'bob', account: '123456789012', partition: 'aws' })).toEqual({
      status: 'read',
      tags: { a: '1', b: '2' },
    });
    expect(iam.commandCalls(ListUserTagsCommand).map((c) => c.args[0].input.Marker)).toEqual([undefined, 'm1']);
  });

  test('entries expire after the TTL', async () => {
    iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, {}));
    let now = 0;
    const reader = new IamTagReader({ clients: testClients(), ttlSeconds: 60, now: () => now });
    await reader.read(role);
    now = 59_000;
    await reader.read(role);
    expect(iam.commandCalls(GetRoleCommand)).toHaveLength(1);
    now = 60_001;
    await reader.read(role);
    expect(iam.commandCalls(GetRoleCommand)).toHaveLength(2);
  });

  test('the cache holds at most maxEntries principals, dropping the least recently used', async () => {
    iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, {}));
    const reader = new IamTagReader({ clients: testClients(), ttlSeconds: 300, maxEntries: 2 });
    const r = (name: string) => reader.read({ ...role, name });
    await r('a');
    await r('b');
    await r('a'); // a is now the most recent
    await r('c'); // evicts b
    await r('a');
    expect(iam.commandCalls(GetRoleCommand)).toHaveLength(3);
    await r('b');
    expect(iam.commandCalls(GetRoleCommand)).toHaveLength(4);
  });

  test('a principal whose tags cannot be read is unavailable, with the reason', async () => {
    iam
      .on(GetRoleCommand)
      .rejects(Object.assign(new Error('role gone'), { name: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } }));
    const reader = new IamTagReader({ clients: testClients(), ttlSeconds: 300 });
    expect(await reader.read(role)).toEqual({
      status: 'unavailable',
      reason: expect.stringContaining('NoSuchEntity: role gone'),
    });
  });

  test('throttling is thrown as retryable and not cached', async () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    iam.on(GetRoleCommand).rejectsOnce(throttled).resolves(getRoleOutput('Developer', {}));
    const reader = new IamTagReader({ clients: testClients(), ttlSeconds: 300 });
    await expect(reader.read(role)).rejects.toMatchObject({ name: 'RetryableError' });
    expect(await reader.read(role)).toMatchObject({ status: 'read', tags: {} });
  });
});

describe('IamTagReader without a cache', () => {
  test('a TTL of 0 reads every time', async () => {
    iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, { team: 'blue' }));
    const reader = new IamTagReader({ clients: testClients(), ttlSeconds: 0 });
    const ref = { kind: 'role', name: 'Dev', account: '111111111111', partition: 'aws' } as const;
    await reader.read(ref);
    await reader.read(ref);
    expect(iam.commandCalls(GetRoleCommand)).toHaveLength(2);
  });
});
