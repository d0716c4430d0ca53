import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { EXAMPLE_CONFIG_PATH, loadConfig } from '../../lib/config';
import { registerPolicies } from '../../lib/cli/policies';
import { runCli } from '../../lib/cli/run';
import { POLICY_OWNER_TAG_KEY } from '../../lib/names';
import { generatePolicies } from '../../lib/policies';
import { fakeOrganizations, FakeOrg, FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS } from './fake-organizations';

const policies = generatePolicies(loadConfig(EXAMPLE_CONFIG_PATH));
const ROOT = 'r-exam';
const OU = 'ou-exam-workload1';
const WRITES = new Set(['CreatePolicyCommand', 'UpdatePolicyCommand', 'AttachPolicyCommand', 'DetachPolicyCommand', 'TagResourceCommand', 'DeletePolicyCommand']);

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--config', EXAMPLE_CONFIG_PATH, ...args], [registerPolicies], { out: (t) => out.push(t), err: (t) => void (t.startsWith('using config ') || err.push(t)) });
  return { code, out: out.join(''), err: err.join('') };
}

function newOrg(): FakeOrg {
  return {
    rootId: ROOT,
    enabledTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
    policies: [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS],
    attachments: { [ROOT]: [FULL_AWS_ACCESS.Id, RCP_FULL_AWS_ACCESS.Id], [OU]: [FULL_AWS_ACCESS.Id, RCP_FULL_AWS_ACCESS.Id] },
  };
}

/** Every command sent, as [name, input], in order. */
const sent = (mock: AwsClientStub<OrganizationsClient>) => mock.calls().map((c) => [c.args[0].constructor.name, c.args[0].input] as [string, Record<string, unknown>]);
const writes = (mock: AwsClientStub<OrganizationsClient>) => sent(mock).filter(([name]) => WRITES.has(name));

let mock: AwsClientStub<OrganizationsClient>;
afterEach(() => mock?.restore());

describe('policies attach', () => {
  test('dry run reads the org, prints the exact plan and sends no write', async () => {
    mock = fakeOrganizations(newOrg());
    const r = await cli('policies', 'attach', '--target', ROOT, OU);
    expect(r.code).toBe(0);
    expect(writes(mock)).toEqual([]);
    const expected = [
      'plan (dry run; run again with --apply to make these changes):',
      ...policies.map((p) => `  create ${p.type} ${p.name} (${p.size} chars) tagged ${POLICY_OWNER_TAG_KEY}=tagwarden`),
      ...[ROOT, OU].flatMap((t) => policies.map((p) => `  attach ${p.type} ${p.name} to ${t}`)),
    ];
    expect(r.out.trimEnd().split('\n')).toEqual(expected);
    expect(new Set(sent(mock).map(([n]) => n))).toEqual(new Set(['ListRootsCommand', 'ListPoliciesCommand', 'ListPoliciesForTargetCommand']));
  });

  test('first apply creates the tagged policies and attaches each to each target; the second run plans nothing', async () => {
    const org = newOrg();
    mock = fakeOrganizations(org);
    const first = await cli('policies', 'attach', '--target', ROOT, OU, '--apply');
    expect(first.code).toBe(0);
    const ids = policies.map((_, i) => `p-new${i + 1}`);
    expect(writes(mock)).toEqual([
      ...policies.map((p): [string, Record<string, unknown>] => [
        'CreatePolicyCommand',
        { Name: p.name, Description: p.description, Type: p.type === 'SCP' ? 'SERVICE_CONTROL_POLICY' : 'RESOURCE_CONTROL_POLICY', Content: p.content, Tags: [{ Key: POLICY_OWNER_TAG_KEY, Value: 'tagwarden' }] },
      ]),
      ...[ROOT, OU].flatMap((t) => ids.map((id): [string, Record<string, unknown>] => ['AttachPolicyCommand', { PolicyId: id, TargetId: t }])),
    ]);
    expect(first.out).toContain(`done: attach SCP tagwarden-protect-principal-tags to ${OU}`);

    mock.resetHistory();
    const second = await cli('policies', 'attach', '--target', ROOT, OU, '--apply');
    expect(second.code).toBe(0);
    expect(writes(mock)).toEqual([]);
    expect(second.out).toBe(`nothing to do: every tagwarden policy is up to date and attached to ${ROOT}, ${OU}`);
    // Reading the owned policies paginates: one tag and one policy per page in the fake.
    expect(sent(mock).filter(([n]) => n === 'DescribePolicyCommand')).toHaveLength(policies.length);
  });

  test('changed content (or description) updates only that owned policy, in place', async () => {
    const org = newOrg();
    mock = fakeOrganizations(org);
    await cli('policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    const stale = org.policies.find((p) => p.Name === 'tagwarden-protect-tagwarden')!;
    stale.Content = '{"Version":"2012-10-17","Statement":[]}';
    mock.resetHistory();
    const dry = await cli('policies', 'attach', '--target', OU, '--allow-ou');
    expect(dry.out).toContain(`update SCP tagwarden-protect-tagwarden (${stale.Id}): content`);
    expect(writes(mock)).toEqual([]);
    const r = await cli('policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    expect(r.code).toBe(0);
    const doc = policies.find((p) => p.name === 'tagwarden-protect-tagwarden')!;
    expect(writes(mock)).toEqual([['UpdatePolicyCommand', { PolicyId: stale.Id, Content: doc.content, Description: doc.description }]]);
  });

  test('an owned policy the config no longer produces is detached, nothing else', async () => {
    const org = newOrg();
    mock = fakeOrganizations(org);
    await cli('policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    org.policies.push({ Id: 'p-old', Name: 'tagwarden-retired', Type: 'SERVICE_CONTROL_POLICY', Description: 'old', Content: '{}', AwsManaged: false, Tags: [{ Key: POLICY_OWNER_TAG_KEY, Value: 'tagwarden' }] });
    org.attachments[OU].push('p-old');
    mock.resetHistory();
    const r = await cli('policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    expect(r.code).toBe(0);
    expect(writes(mock)).toEqual([['DetachPolicyCommand', { PolicyId: 'p-old', TargetId: OU }]]);
  });

  test('a same-named policy without the owner tag is refused and nothing is written', async () => {
    const org = newOrg();
    org.policies.push({ Id: 'p-foreign', Name: 'tagwarden-protect-tagwarden', Type: 'SERVICE_CONTROL_POLICY', Description: 'someone else', Content: '{}', AwsManaged: false, Tags: [{ Key: 'team', Value: 'security' }] });
    mock = fakeOrganizations(org);
    const r = await cli('policies', 'attach', '--target', ROOT, '--apply');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `tagwarden: SCP "tagwarden-protect-tagwarden" (p-foreign) exists but has no ${POLICY_OWNER_TAG_KEY} tag, so tagwarden did not create it and will not change it: rename or delete it, or tag it ${POLICY_OWNER_TAG_KEY}=tagwarden to hand it over`,
    );
    expect(writes(mock)).toEqual([]);
  });

  test('a target that would exceed 5 SCPs (FullAWSAccess counted) is refused before any write', async () => {
    const org = newOrg();
    for (const n of [1, 2]) {
      org.policies.push({ Id: `p-team${n}`, Name: `team-guard-${n}`, Type: 'SERVICE_CONTROL_POLICY', Description: '', Content: '{}', AwsManaged: false, Tags: [] });
      org.attachments[OU].push(`p-team${n}`);
    }
    mock = fakeOrganizations(org);
    const r = await cli('policies', 'attach', '--target', ROOT, OU, '--apply');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `tagwarden: ${OU} would have 6 SCPs attached, over the limit of 5 (attached now: FullAWSAccess, team-guard-1, team-guard-2): detach 1 of them, or attach tagwarden's to a parent OU or the root instead`,
    );
    expect(writes(mock)).toEqual([]);
  });

  test('exactly at the limit is allowed', async () => {
    const org = newOrg();
    org.policies.push({ Id: 'p-team1', Name: 'team-guard-1', Type: 'SERVICE_CONTROL_POLICY', Description: '', Content: '{}', AwsManaged: false, Tags: [] });
    org.attachments[OU].push('p-team1');
    mock = fakeOrganizations(org);
    const r = await cli('policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    expect(r.code).toBe(0);
    expect(org.attachments[OU]).toHaveLength(2 + 1 + policies.length);
  });

  test('RCPs not enabled: refused with the command that enables them, after reading only the root', async () => {
    const org = newOrg();
    org.enabledTypes = ['SERVICE_CONTROL_POLICY'];
    mock = fakeOrganizations(org);
    const r = await cli('policies', 'attach', '--target', ROOT);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `tagwarden: RCP policies are not enabled in this organization; enable them first: aws organizations enable-policy-type --root-id ${ROOT} --policy-type RESOURCE_CONTROL_POLICY`,
    );
    expect(sent(mock)).toEqual([['ListRootsCommand', { NextToken: undefined }]]);
  });

  test('a malformed target id is refused before any call', async () => {
    mock = fakeOrganizations(newOrg());
    const r = await cli('policies', 'attach', '--target', OU, 'ou-nope', '12345', '--allow-ou');
    expect(r.code).toBe(1);
    expect(r.err).toBe('tagwarden: invalid target id "ou-nope", "12345": expected a root id (r-xxxx), an OU id (ou-xxxx-xxxxxxxx) or a 12-digit account id');
    expect(mock.calls()).toHaveLength(0);
  });

  test('the management account is refused before any call: SCPs and RCPs do not apply to it', async () => {
    mock = fakeOrganizations(newOrg());
    const management = loadConfig(EXAMPLE_CONFIG_PATH).managementAccountId;
    const r = await cli('policies', 'attach', '--target', ROOT, management, '--apply');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^tagwarden: ${management} is the management account: SCPs and RCPs do not apply to it.*--allow-management-account`));
    expect(mock.calls()).toHaveLength(0);
  });

  test('--allow-management-account attaches there anyway, with a warning on stderr', async () => {
    mock = fakeOrganizations(newOrg());
    const management = loadConfig(EXAMPLE_CONFIG_PATH).managementAccountId;
    const r = await cli('policies', 'attach', '--target', management, '--allow-management-account');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(new RegExp(`^warning: ${management} is the management account: SCPs and RCPs do not apply to it`));
    expect(r.out).toContain(`attach SCP tagwarden-protect-principal-tags to ${management}`);
    expect(writes(mock)).toEqual([]);
  });

  test('an account id is a valid target; --json prints the plan as JSON', async () => {
    mock = fakeOrganizations(newOrg());
    const r = await cli('--json', 'policies', 'attach', '--target', '444444444444', '--allow-ou');
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out);
    expect(parsed.applied).toBe(false);
    expect(parsed.steps).toContain('attach RCP tagwarden-protect-session-tags to 444444444444');
    expect(writes(mock)).toEqual([]);
  });
});

describe('policies attach below the root', () => {
  test('an OU alone is refused before any call, naming the risk and the fix', async () => {
    mock = fakeOrganizations(newOrg());
    const r = await cli('policies', 'attach', '--target', OU, '--apply');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^tagwarden: ${OU} is below the root: accounts elsewhere in the org could create roles named like the tagger.*attach to the root \\(r-xxxx\\), or pass --allow-ou`));
    expect(mock.calls()).toHaveLength(0);
  });

  test('--allow-ou attaches with a warning on stderr', async () => {
    mock = fakeOrganizations(newOrg());
    const r = await cli('policies', 'attach', '--target', OU, '--allow-ou');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(new RegExp(`^warning: attaching to ${OU} and not the root: an account outside them can create a role named like the tagger`));
    expect(r.out).toContain(`attach SCP tagwarden-protect-principal-tags to ${OU}`);
  });

  test('the root with an OU needs no flag and prints no warning', async () => {
    mock = fakeOrganizations(newOrg());
    const r = await cli('policies', 'attach', '--target', ROOT, OU);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });
});

describe('policies export', () => {
  test('writes the documents, removes retired ones, prints name, type, size and headroom', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-export-'));
    writeFileSync(path.join(dir, 'tagwarden-retired.json'), '{}');
    writeFileSync(path.join(dir, 'notes.txt'), 'kept');
    const r = await cli('policies', 'export', '--out', dir);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([...policies.map((p) => `${p.name}.json`), 'notes.txt'].sort());
    for (const p of policies) expect(readFileSync(path.join(dir, `${p.name}.json`), 'utf8')).toBe(`${p.content}\n`);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['NAME', 'TYPE', 'SIZE', 'HEADROOM']);
    for (const [i, p] of policies.entries()) expect(lines[i + 1].split(/\s+/)).toEqual([p.name, p.type, String(p.size), String(p.headroom)]);
    expect(lines.at(-1)).toBe(`wrote ${policies.length} document(s) to ${dir}; removed tagwarden-retired.json`);
  });

  test('--json lists the documents', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-export-'));
    const r = await cli('--json', 'policies', 'export', '--out', dir);
    expect(JSON.parse(r.out).policies).toEqual(policies.map(({ name, type, description, size, headroom }) => ({ name, type, description, size, headroom })));
  });

  test('a config whose documents cannot fit fails with one line naming the document', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-export-'));
    const config = path.join(dir, 'big.yaml');
    writeFileSync(config, readFileSync(EXAMPLE_CONFIG_PATH, 'utf8').replace('protectedTagPrefix: scp-', 'protectedTagPrefix: guardtags-').replace(/tagKey: scp-/g, 'tagKey: guardtags-'));
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--config', config, 'policies', 'export', '--out', dir], [registerPolicies], { out: (t) => out.push(t), err: (t) => void (t.startsWith('using config ') || err.push(t)) });
    expect(code).toBe(1);
    expect(err.join('')).toMatch(/^tagwarden: SCP tagwarden-protect-principal-tags is \d+ characters minified, \d+ over the 5120-character limit: shorten protectedTagPrefix[^\n]*$/);
    expect(readdirSync(dir)).toEqual(['big.yaml']);
  });
});

describe('--help', () => {
  test.each([['policies'], ['policies', 'export'], ['policies', 'attach']])('%s %s --help', async (...args) => {
    const r = await cli(...args, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: tagwarden ${args.join(' ')}`);
  });
});
