import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { EXAMPLE_CONFIG_PATH, loadConfig } from '../../lib/config';
import { registerPolicies } from '../../lib/cli/policies';
import { runCli } from '../../lib/cli/run';
import { EXIT } from '../../lib/common/cli-error';
import { POLICY_OWNER_TAG_KEY } from '../../lib/names';
import { generatePolicies } from '../../lib/policies';
import { EXPORT_MANIFEST } from '../../lib/policies/export';
import { belowRootWarning } from '../../lib/policies/attach-plan';
import { fakeOrganizations, FakeOrg, FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS } from './fake-organizations';

const policies = generatePolicies(loadConfig(EXAMPLE_CONFIG_PATH));
/** The example config packs into two SCPs and one RCP. */
const SCPS = policies.filter((p) => p.type === 'SCP');
const RCPS = policies.filter((p) => p.type === 'RCP');
const ROOT = 'r-exam';
const OU = 'ou-exam-workload1';
const OWNER_TAGS = [{ Key: POLICY_OWNER_TAG_KEY, Value: 'tagwarden' }];
const WRITES = new Set([
  'CreatePolicyCommand',
  'UpdatePolicyCommand',
  'AttachPolicyCommand',
  'DetachPolicyCommand',
  'TagResourceCommand',
  'DeletePolicyCommand',
]);

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--config', EXAMPLE_CONFIG_PATH, ...args], [registerPolicies], {
    out: (t) => out.push(t),
    err: (t) => void (t.startsWith('using config ') || err.push(t)),
  });
  return { code, out: out.join(''), err: err.join('\n') };
}

function newOrg(): FakeOrg {
  return {
    rootId: ROOT,
    enabledTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
    policies: [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS],
    attachments: {
      [ROOT]: [FULL_AWS_ACCESS.Id, RCP_FULL_AWS_ACCESS.Id],
      [OU]: [FULL_AWS_ACCESS.Id, RCP_FULL_AWS_ACCESS.Id],
    },
  };
}

/** Every command sent, as [name, input], in order. */
const sent = (mock: AwsClientStub<OrganizationsClient>) =>
  mock.calls().map((c) => [c.args[0].constructor.name, c.args[0].input] as [string, Record<string, unknown>]);
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
      'slots (attached directly to each target):',
      ...[ROOT, OU].flatMap((t) => [
        `  ${t} SCP: 1/5 used now (FullAWSAccess); tagwarden will use ${SCPS.length}; ${1 + SCPS.length}/5 after`,
        `  ${t} RCP: 1/5 used now (RCPFullAWSAccess); tagwarden will use ${RCPS.length}; ${1 + RCPS.length}/5 after`,
      ]),
      'plan (dry run; run again with --apply to make these changes, in this order):',
      ...policies.map((p) => `  create ${p.type} ${p.name} (${p.size} chars) tagged ${POLICY_OWNER_TAG_KEY}=tagwarden`),
      ...[ROOT, OU].flatMap((t) => policies.map((p) => `  attach ${p.type} ${p.name} to ${t}`)),
    ];
    expect(r.out.trimEnd().split('\n')).toEqual(expected);
    expect(new Set(sent(mock).map(([n]) => n))).toEqual(
      new Set(['ListRootsCommand', 'ListPoliciesCommand', 'ListPoliciesForTargetCommand']),
    );
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
        {
          Name: p.name,
          Description: p.description,
          Type: p.type === 'SCP' ? 'SERVICE_CONTROL_POLICY' : 'RESOURCE_CONTROL_POLICY',
          Content: p.content,
          Tags: [{ Key: POLICY_OWNER_TAG_KEY, Value: 'tagwarden' }],
        },
      ]),
      ...[ROOT, OU].flatMap((t) =>
        ids.map((id): [string, Record<string, unknown>] => ['AttachPolicyCommand', { PolicyId: id, TargetId: t }]),
      ),
    ]);
    expect(first.out).toContain(`done: attach SCP tagwarden-scp-1 to ${OU}`);

    mock.resetHistory();
    const second = await cli('policies', 'attach', '--target', ROOT, OU, '--apply');
    expect(second.code).toBe(0);
    expect(writes(mock)).toEqual([]);
    const ours = SCPS.map((p) => p.name).join(', ');
    const slotsAfter = `${1 + SCPS.length}/5`;
    expect(second.out).toContain(
      `${OU} SCP: ${slotsAfter} used now (FullAWSAccess, ${ours}); tagwarden will use ${SCPS.length}; ${slotsAfter} after`,
    );
    expect(second.out.trimEnd().split('\n').at(-1)).toBe(
      `nothing to do: every tagwarden policy is up to date and attached to ${ROOT}, ${OU}`,
    );
    // Reading the owned policies paginates: one tag and one policy per page in the fake.
    expect(sent(mock).filter(([n]) => n === 'DescribePolicyCommand')).toHaveLength(policies.length);
  });

  test('changed content (or description) updates only that owned policy, in place', async () => {
    const org = newOrg();
    mock = fakeOrganizations(org);
    await cli('policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    const stale = org.policies.find((p) => p.Name === 'tagwarden-scp-1')!;
    stale.Content = '{"Version":"2012-10-17","Statement":[]}';
    stale.Description = 'old';
    mock.resetHistory();
    const doc = policies.find((p) => p.name === 'tagwarden-scp-1')!;
    const dry = await cli('policies', 'attach', '--target', OU, '--allow-ou');
    expect(dry.out).toContain(
      `update SCP tagwarden-scp-1 (${stale.Id}): content and description; receives ${doc.document.Statement.map((s) => s.Sid).join(', ')} (${doc.size} chars)`,
    );
    expect(writes(mock)).toEqual([]);
    const r = await cli('policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    expect(r.code).toBe(0);
    expect(writes(mock)).toEqual([
      ['UpdatePolicyCommand', { PolicyId: stale.Id, Content: doc.content, Description: doc.description }],
    ]);
  });

  test('an owned policy the config no longer produces is detached and deleted, nothing else', async () => {
    const org = newOrg();
    mock = fakeOrganizations(org);
    await cli('policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    org.policies.push({
      Id: 'p-old',
      Name: 'tagwarden-retired',
      Type: 'SERVICE_CONTROL_POLICY',
      Description: 'old',
      Content: '{}',
      AwsManaged: false,
      Tags: OWNER_TAGS,
    });
    org.attachments[OU].push('p-old');
    mock.resetHistory();
    const r = await cli('policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    expect(r.code).toBe(0);
    expect(writes(mock)).toEqual([
      ['DetachPolicyCommand', { PolicyId: 'p-old', TargetId: OU }],
      ['DeletePolicyCommand', { PolicyId: 'p-old' }],
    ]);
    expect(r.out).toContain(`done: detach SCP tagwarden-retired (p-old) from ${OU}: the config no longer produces it`);
  });

  test('a retired owned policy still attached to a target outside the run is detached from the targets only, and kept', async () => {
    const org = newOrg();
    mock = fakeOrganizations(org);
    await cli('policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    org.policies.push({
      Id: 'p-old',
      Name: 'tagwarden-retired',
      Type: 'SERVICE_CONTROL_POLICY',
      Description: 'old',
      Content: '{}',
      AwsManaged: false,
      Tags: OWNER_TAGS,
    });
    org.attachments[OU].push('p-old');
    org.attachments['ou-exam-sandbox1'] = ['p-old'];
    mock.resetHistory();
    const r = await cli('policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    expect(r.code).toBe(0);
    expect(writes(mock)).toEqual([['DetachPolicyCommand', { PolicyId: 'p-old', TargetId: OU }]]);
    expect(r.err.split('\n')).toEqual([
      belowRootWarning([OU]),
      'kept SCP tagwarden-retired (p-old): still attached to ou-exam-sandbox1, which this run does not attach to; include it in --target to retire it',
    ]);
  });

  test('a same-named policy without the owner tag is refused and nothing is written', async () => {
    const org = newOrg();
    org.policies.push({
      Id: 'p-foreign',
      Name: 'tagwarden-scp-1',
      Type: 'SERVICE_CONTROL_POLICY',
      Description: 'someone else',
      Content: '{}',
      AwsManaged: false,
      Tags: [{ Key: 'team', Value: 'security' }],
    });
    mock = fakeOrganizations(org);
    const r = await cli('policies', 'attach', '--target', ROOT, '--apply');
    expect(r.code).toBe(EXIT.refused);
    expect(r.err).toBe(
      `tagwarden: SCP "tagwarden-scp-1" (p-foreign) exists but has no ${POLICY_OWNER_TAG_KEY} tag, so tagwarden did not create it and will not change it: rename or delete it, or tag it ${POLICY_OWNER_TAG_KEY}=tagwarden to hand it over`,
    );
    expect(writes(mock)).toEqual([]);
  });

  test('a target that would exceed 5 SCPs (FullAWSAccess counted) is refused after reading, before any write', async () => {
    const org = newOrg();
    // FullAWSAccess and three more: one slot short of tagwarden's two SCPs.
    for (const n of [1, 2, 3]) {
      org.policies.push({
        Id: `p-team${n}`,
        Name: `team-guard-${n}`,
        Type: 'SERVICE_CONTROL_POLICY',
        Description: '',
        Content: '{}',
        AwsManaged: false,
        Tags: [],
      });
      org.attachments[OU].push(`p-team${n}`);
    }
    mock = fakeOrganizations(org);
    const r = await cli('policies', 'attach', '--target', ROOT, OU, '--apply');
    expect(r.code).toBe(EXIT.refused);
    expect(r.err).toBe(
      `tagwarden: ${OU} would have 6 SCPs attached, over the limit of 5 (attached now: FullAWSAccess, team-guard-1, team-guard-2, team-guard-3): detach 1 of them, or attach tagwarden's to a parent OU or the root instead`,
    );
    expect(writes(mock)).toEqual([]);
    // With --json the refusal is also the error object on stdout.
    const json = await cli('--json', 'policies', 'attach', '--target', ROOT, OU, '--apply');
    expect(json.code).toBe(EXIT.refused);
    // Refused after the config was read: the error object names it.
    expect(JSON.parse(json.out)).toEqual({
      version: 1,
      config: EXAMPLE_CONFIG_PATH,
      error: { code: 'refused', exitCode: EXIT.refused, message: r.err.replace(/^tagwarden: /, '') },
    });
    expect(writes(mock)).toEqual([]);
  });

  test("exactly at the limit is allowed: the org's three SCPs and tagwarden's two", async () => {
    const org = newOrg();
    for (const n of [1, 2]) {
      org.policies.push({
        Id: `p-team${n}`,
        Name: `team-guard-${n}`,
        Type: 'SERVICE_CONTROL_POLICY',
        Description: '',
        Content: '{}',
        AwsManaged: false,
        Tags: [],
      });
      org.attachments[OU].push(`p-team${n}`);
    }
    mock = fakeOrganizations(org);
    const r = await cli('policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `${OU} SCP: 3/5 used now (FullAWSAccess, team-guard-1, team-guard-2); tagwarden will use ${SCPS.length}; 5/5 after`,
    );
    expect(org.attachments[OU]).toHaveLength(2 + 2 + policies.length);
  });

  test('RCPs not enabled: refused with the command that enables them, after reading only the root', async () => {
    const org = newOrg();
    org.enabledTypes = ['SERVICE_CONTROL_POLICY'];
    mock = fakeOrganizations(org);
    const r = await cli('policies', 'attach', '--target', ROOT);
    expect(r.code).toBe(EXIT.refused);
    expect(r.err).toBe(
      `tagwarden: RCP policies are not enabled in this organization; enable them first: aws organizations enable-policy-type --root-id ${ROOT} --policy-type RESOURCE_CONTROL_POLICY`,
    );
    expect(sent(mock)).toEqual([['ListRootsCommand', { NextToken: undefined }]]);
  });

  test('a malformed target id is refused before any call', async () => {
    mock = fakeOrganizations(newOrg());
    const r = await cli('policies', 'attach', '--target', OU, 'ou-nope', '12345', '--allow-ou');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toBe(
      'tagwarden: invalid target id "ou-nope", "12345": expected a root id (r-xxxx), an OU id (ou-xxxx-xxxxxxxx) or a 12-digit account id',
    );
    expect(mock.calls()).toHaveLength(0);
    const json = await cli('--json', 'policies', 'attach', '--target', 'ou-nope');
    expect(JSON.parse(json.out).error).toMatchObject({ code: 'usage', exitCode: EXIT.usage });
    expect(mock.calls()).toHaveLength(0);
  });

  test('the management account is refused before any call: SCPs and RCPs do not apply to it', async () => {
    mock = fakeOrganizations(newOrg());
    const management = loadConfig(EXAMPLE_CONFIG_PATH).managementAccountId;
    const r = await cli('policies', 'attach', '--target', ROOT, management, '--apply');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(
      new RegExp(
        `^tagwarden: ${management} is the management account: SCPs and RCPs do not apply to it.*--allow-management-account`,
      ),
    );
    expect(mock.calls()).toHaveLength(0);
  });

  test('--allow-management-account attaches there anyway, with a warning on stderr', async () => {
    mock = fakeOrganizations(newOrg());
    const management = loadConfig(EXAMPLE_CONFIG_PATH).managementAccountId;
    const r = await cli('policies', 'attach', '--target', management, '--allow-management-account');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      new RegExp(`^warning: ${management} is the management account: SCPs and RCPs do not apply to it`),
    );
    expect(r.out).toContain(`attach SCP tagwarden-scp-1 to ${management}`);
    expect(writes(mock)).toEqual([]);
  });

  test('an account id is a valid target; --json prints the plan as JSON', async () => {
    mock = fakeOrganizations(newOrg());
    const r = await cli('--json', 'policies', 'attach', '--target', '444444444444', '--allow-ou');
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out);
    expect(parsed).toMatchObject({ version: 1, config: EXAMPLE_CONFIG_PATH, applied: false });
    expect(parsed.steps).toContain('attach RCP tagwarden-rcp-1 to 444444444444');
    expect(parsed.slots).toEqual([
      { targetId: '444444444444', type: 'SCP', attachedNow: [], tagwarden: 2, peak: 2, after: 2, limit: 5 },
      { targetId: '444444444444', type: 'RCP', attachedNow: [], tagwarden: 1, peak: 1, after: 1, limit: 5 },
    ]);
    expect(writes(mock)).toEqual([]);
  });
});

describe('policies attach below the root', () => {
  test('an OU alone is refused before any call, naming the risk and the fix', async () => {
    mock = fakeOrganizations(newOrg());
    const r = await cli('policies', 'attach', '--target', OU, '--apply');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(
      new RegExp(
        `^tagwarden: ${OU} is below the root: accounts elsewhere in the org could create roles named like the tagger.*attach to the root \\(r-xxxx\\), or pass --allow-ou`,
      ),
    );
    expect(mock.calls()).toHaveLength(0);
  });

  test('--allow-ou attaches with a warning on stderr', async () => {
    mock = fakeOrganizations(newOrg());
    const r = await cli('policies', 'attach', '--target', OU, '--allow-ou');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      new RegExp(
        `^warning: attaching to ${OU} and not the root: an account outside them can create a role named like the tagger`,
      ),
    );
    expect(r.out).toContain(`attach SCP tagwarden-scp-1 to ${OU}`);
  });

  test('the root with an OU needs no flag and prints no warning', async () => {
    mock = fakeOrganizations(newOrg());
    const r = await cli('policies', 'attach', '--target', ROOT, OU);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });
});

describe('policies export', () => {
  test('writes the documents and a manifest, prints name, type, size, headroom and slots; leaves every other file alone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-export-'));
    // A user's own files, named like tagwarden's: not in the manifest, so never removed.
    writeFileSync(path.join(dir, 'tagwarden-config.json'), '{"mine":true}');
    writeFileSync(path.join(dir, 'tagwarden-retired.json'), '{}');
    writeFileSync(path.join(dir, 'notes.txt'), 'kept');
    const r = await cli('policies', 'export', '--out', dir);
    expect(r.code).toBe(0);
    const names = policies.map((p) => `${p.name}.json`);
    expect(readdirSync(dir).sort()).toEqual(
      [...names, EXPORT_MANIFEST, 'notes.txt', 'tagwarden-config.json', 'tagwarden-retired.json'].sort(),
    );
    expect(readFileSync(path.join(dir, 'tagwarden-config.json'), 'utf8')).toBe('{"mine":true}');
    expect(JSON.parse(readFileSync(path.join(dir, EXPORT_MANIFEST), 'utf8'))).toEqual({ version: 1, files: names });
    for (const p of policies) expect(readFileSync(path.join(dir, `${p.name}.json`), 'utf8')).toBe(`${p.content}\n`);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['NAME', 'TYPE', 'SIZE', 'HEADROOM']);
    for (const [i, p] of policies.entries())
      expect(lines[i + 1].split(/\s+/)).toEqual([p.name, p.type, String(p.size), String(p.headroom)]);
    expect(lines.at(-2)).toBe(
      'slots: takes 2 SCP slots and 1 RCP slot on each target (a target has room for 4 SCPs besides FullAWSAccess, 4 RCPs besides RCPFullAWSAccess)',
    );
    expect(lines.at(-1)).toBe(`wrote ${policies.length} document(s) to ${dir}`);
  });

  test('a later export removes exactly the documents the manifest lists that the config no longer produces', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-export-'));
    writeFileSync(path.join(dir, 'tagwarden-scp-3.json'), '{}');
    writeFileSync(path.join(dir, 'tagwarden-config.json'), '{}');
    writeFileSync(
      path.join(dir, EXPORT_MANIFEST),
      JSON.stringify({ version: 1, files: ['tagwarden-scp-1.json', 'tagwarden-scp-3.json', 'tagwarden-gone.json'] }),
    );
    const r = await cli('policies', 'export', '--out', dir);
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe(
      `wrote ${policies.length} document(s) to ${dir}; removed tagwarden-scp-3.json`,
    );
    expect(readdirSync(dir).sort()).toEqual(
      [...policies.map((p) => `${p.name}.json`), EXPORT_MANIFEST, 'tagwarden-config.json'].sort(),
    );
  });

  test('a document name taken by a file the manifest does not list: refused, nothing written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-export-'));
    writeFileSync(path.join(dir, 'tagwarden-rcp-1.json'), 'my own notes');
    const r = await cli('policies', 'export', '--out', dir);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toBe(
      `tagwarden: tagwarden-rcp-1.json already exists in ${dir} and was not written by tagwarden (not in ${EXPORT_MANIFEST}): move it away or choose another --out`,
    );
    expect(readdirSync(dir)).toEqual(['tagwarden-rcp-1.json']);
    expect(readFileSync(path.join(dir, 'tagwarden-rcp-1.json'), 'utf8')).toBe('my own notes');
  });

  test('a manifest that is not one: refused, nothing written or removed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-export-'));
    writeFileSync(path.join(dir, EXPORT_MANIFEST), JSON.stringify({ version: 1, files: ['../../etc/passwd'] }));
    const r = await cli('policies', 'export', '--out', dir);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/is not a tagwarden export manifest/);
    expect(readdirSync(dir)).toEqual([EXPORT_MANIFEST]);
  });

  test('--json lists the documents and the slots, with the version of the output and the config used', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-export-'));
    const r = await cli('--json', 'policies', 'export', '--out', dir);
    const parsed = JSON.parse(r.out);
    expect(parsed).toMatchObject({ version: 1, config: EXAMPLE_CONFIG_PATH, out: dir, removed: [] });
    expect(parsed.policies).toEqual(
      policies.map(({ name, type, description, size, headroom, concerns }) => ({
        name,
        type,
        description,
        size,
        headroom,
        concerns,
      })),
    );
    expect(parsed.slots).toEqual({ SCP: 2, RCP: 1 });
  });

  test('a config whose documents cannot fit is refused before anything is written, with one line naming the statement', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-export-'));
    const config = path.join(dir, 'big.yaml');
    writeFileSync(
      config,
      readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')
        .replace('protectedTagPrefix: scp-', 'protectedTagPrefix: guardtags-')
        .replace(/tagKey: scp-/g, 'tagKey: guardtags-'),
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--config', config, 'policies', 'export', '--out', dir], [registerPolicies], {
      out: (t) => out.push(t),
      err: (t) => void (t.startsWith('using config ') || err.push(t)),
    });
    expect(code).toBe(EXIT.usage);
    expect(err.join('')).toMatch(
      /^tagwarden: SCP statement DenyProtectedPrincipalTagsExceptTagger \(principal tags\) is \d+ characters minified: [^\n]*: shorten protectedTagPrefix[^\n]*$/,
    );
    expect(readdirSync(dir)).toEqual(['big.yaml']);
  });
});

describe('--help', () => {
  test.each([['policies'], ['policies', 'export'], ['policies', 'attach'], ['policies', 'detach']])(
    '%s %s --help',
    async (...args) => {
      const r = await cli(...args, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: tagwarden ${args.join(' ')}`);
    },
  );
});
