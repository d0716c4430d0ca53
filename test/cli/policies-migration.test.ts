import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { EXAMPLE_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config';
import { registerPolicies } from '../../lib/cli/policies';
import { runCli } from '../../lib/cli/run';
import { EXIT } from '../../lib/common/cli-error';
import { POLICY_OWNER_TAG_KEY } from '../../lib/names';
import { generatePolicies, GeneratedPolicy, Statement } from '../../lib/policies';
import { CONCERNS } from '../../lib/policies/concerns';
import { FakeOrg, fakeOrganizations, FakePolicy, FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS } from './fake-organizations';
import { manyExemptions } from '../support/config';

/*
 * Migration from the layout of one document per concern (three SCPs and one RCP, as attached before packing) to
 * the packed documents, and uninstall. Every write is replayed on a copy of the org to prove that after each one,
 * every target still has every statement it had, or its replacement.
 */
const example = loadConfig(EXAMPLE_CONFIG_PATH);
const ROOT = 'r-exam';
const OU = 'ou-exam-workload1';
const OWNER_TAGS = [{ Key: POLICY_OWNER_TAG_KEY, Value: 'tagwarden' }];
const WRITES = new Set([
  'CreatePolicyCommand',
  'UpdatePolicyCommand',
  'AttachPolicyCommand',
  'DetachPolicyCommand',
  'DeletePolicyCommand',
]);
const LEGACY_NAMES: Record<string, string> = {
  'principal tags': 'tagwarden-protect-principal-tags',
  'tagwarden pieces': 'tagwarden-protect-tagwarden',
  exemptions: 'tagwarden-exemptions',
  'session tags': 'tagwarden-protect-session-tags',
};
const ORG_TYPE = { SCP: 'SERVICE_CONTROL_POLICY', RCP: 'RESOURCE_CONTROL_POLICY' } as const;

const doc = (statements: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const owned = (Id: string, Name: string, type: 'SCP' | 'RCP', Content: string): FakePolicy => ({
  Id,
  Name,
  Type: ORG_TYPE[type],
  Description: 'before packing',
  Content,
  AwsManaged: false,
  Tags: OWNER_TAGS,
});

/**
 * The four documents of the layout before packing, one per concern of that time, attached to the root and the OU.
 * The guard's later concerns (holders, StackSet stacks, central roles) had no document then.
 */
function legacyOrg(): FakeOrg {
  const legacy = CONCERNS.filter((c) => c.name in LEGACY_NAMES).map((c) =>
    owned(
      `p-${LEGACY_NAMES[c.name].replace('tagwarden-', '')}`,
      LEGACY_NAMES[c.name],
      c.type,
      doc(c.statements(example)),
    ),
  );
  const team: FakePolicy = {
    Id: 'p-team',
    Name: 'region-deny',
    Type: 'SERVICE_CONTROL_POLICY',
    Description: '',
    Content: '{}',
    AwsManaged: false,
    Tags: [],
  };
  const ids = legacy.map((p) => p.Id);
  return {
    rootId: ROOT,
    enabledTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
    policies: [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS, team, ...legacy],
    // The root has no free SCP slot: FullAWSAccess, the org's own guardrail and tagwarden's three.
    attachments: {
      [ROOT]: [FULL_AWS_ACCESS.Id, RCP_FULL_AWS_ACCESS.Id, 'p-team', ...ids],
      [OU]: [FULL_AWS_ACCESS.Id, RCP_FULL_AWS_ACCESS.Id, ...ids],
    },
  };
}

async function cli(config: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--config', config, ...args], [registerPolicies], {
    out: (t) => out.push(t),
    // Every command that loads a config names it first; the tests read what follows.
    err: (t) => void (t.startsWith('using config ') || err.push(t)),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

type Write = [string, Record<string, string>];
const writes = (mock: AwsClientStub<OrganizationsClient>): Write[] =>
  mock
    .calls()
    .map((c) => [c.args[0].constructor.name, c.args[0].input] as Write)
    .filter(([name]) => WRITES.has(name));

const sidsIn = (content: string): string[] => (JSON.parse(content).Statement ?? []).map((s: Statement) => s.Sid);

/**
 * Replays the writes on a copy of the org as it was before them and checks, after each write, that every target
 * has every Sid in `required` in some attached document of the right type.
 */
function assertNeverUnprotected(
  before: FakeOrg,
  sent: Write[],
  targets: string[],
  required: Record<'SCP' | 'RCP', string[]>,
): void {
  const org = structuredClone(before);
  for (const [i, [name, input]] of sent.entries()) {
    if (name === 'UpdatePolicyCommand' && input.Content)
      org.policies.find((p) => p.Id === input.PolicyId)!.Content = input.Content;
    if (name === 'DetachPolicyCommand')
      org.attachments[input.TargetId] = org.attachments[input.TargetId].filter((id) => id !== input.PolicyId);
    if (name === 'AttachPolicyCommand') org.attachments[input.TargetId].push(input.PolicyId);
    for (const target of targets) {
      for (const type of ['SCP', 'RCP'] as const) {
        const held = org.attachments[target]
          .map((id) => org.policies.find((p) => p.Id === id)!)
          .filter((p) => p.Type === ORG_TYPE[type] && !p.AwsManaged)
          .flatMap((p) => sidsIn(p.Content));
        const missing = required[type].filter((sid) => !held.includes(sid));
        if (missing.length)
          throw new Error(
            `after write ${i + 1} (${name} ${JSON.stringify(input)}), ${target} lacks ${missing.join(', ')}`,
          );
      }
    }
  }
}

const sidsOfType = (policies: GeneratedPolicy[], type: 'SCP' | 'RCP') =>
  policies.filter((p) => p.type === type).flatMap((p) => p.document.Statement.map((s) => s.Sid));

let mock: AwsClientStub<OrganizationsClient>;
afterEach(() => mock?.restore());

describe('attach: migration from one document per concern to packed documents', () => {
  const packed = generatePolicies(example);
  const [scp1, scp2, rcp] = packed;

  test('the dry run shows the order: receiver updated and renamed in place first, then the givers detached and deleted', async () => {
    mock = fakeOrganizations(legacyOrg());
    const r = await cli(EXAMPLE_CONFIG_PATH, 'policies', 'attach', '--target', ROOT, OU);
    expect(r.code).toBe(0);
    expect(writes(mock)).toEqual([]);
    expect(r.out.split('\n')).toEqual([
      'slots (attached directly to each target):',
      `  ${ROOT} SCP: 5/5 used now (FullAWSAccess, region-deny, tagwarden-protect-principal-tags, tagwarden-protect-tagwarden, tagwarden-exemptions); tagwarden will use 2; 4/5 after`,
      `  ${ROOT} RCP: 2/5 used now (RCPFullAWSAccess, tagwarden-protect-session-tags); tagwarden will use 1; 2/5 after`,
      `  ${OU} SCP: 4/5 used now (FullAWSAccess, tagwarden-protect-principal-tags, tagwarden-protect-tagwarden, tagwarden-exemptions); tagwarden will use 2; 3/5 after`,
      `  ${OU} RCP: 2/5 used now (RCPFullAWSAccess, tagwarden-protect-session-tags); tagwarden will use 1; 2/5 after`,
      'plan (dry run; run again with --apply to make these changes, in this order):',
      // The old tagwarden document becomes scp-1: it takes the statements of the guard's later concerns too, and
      // keeps the one that moves to scp-2 until the old exemptions document, renamed scp-2, holds it.
      expect.stringMatching(
        new RegExp(
          '^  update SCP tagwarden-scp-1 \\(p-protect-tagwarden\\): content and name and description \\(renamed from tagwarden-protect-tagwarden\\); ' +
            `receives DenyProtectedPrincipalTagsExceptTagger, DenyHolderRoleChanges, DenyHolderUserCredentials, DenyStackSetInstanceChanges, DenyCentralRoleChanges, DenyAccessKeysUnlessExempt; keeps ${scp2.document.Statement[0].Sid} until their new document has them \\(\\d+ chars\\)$`,
        ),
      ),
      `  update SCP tagwarden-scp-2 (p-exemptions): content and name and description (renamed from tagwarden-exemptions); receives ${scp2.document.Statement[0].Sid} (${scp2.size} chars)`,
      `  update SCP tagwarden-scp-1 (p-protect-tagwarden): content (${scp1.size} chars)`,
      `  update RCP tagwarden-rcp-1 (p-protect-session-tags): name and description (renamed from tagwarden-protect-session-tags) (${rcp.size} chars)`,
      ...[ROOT, OU].map(
        (t) =>
          `  detach SCP tagwarden-protect-principal-tags (p-protect-principal-tags) from ${t}: retired, its statements are in tagwarden-scp-1 now`,
      ),
      '  delete SCP tagwarden-protect-principal-tags (p-protect-principal-tags): owned by tagwarden and attached nowhere',
    ]);
  });

  test('--apply sends exactly that, never leaves a target without a statement, and ends with the packed documents only', async () => {
    const org = legacyOrg();
    const before = structuredClone(org);
    mock = fakeOrganizations(org);
    const r = await cli(EXAMPLE_CONFIG_PATH, 'policies', 'attach', '--target', ROOT, OU, '--apply');
    expect(r.code).toBe(0);
    const sent = writes(mock);
    expect(sent).toEqual([
      [
        'UpdatePolicyCommand',
        {
          PolicyId: 'p-protect-tagwarden',
          Name: scp1.name,
          Description: scp1.description,
          Content: expect.any(String),
        },
      ],
      [
        'UpdatePolicyCommand',
        { PolicyId: 'p-exemptions', Name: scp2.name, Description: scp2.description, Content: scp2.content },
      ],
      ['UpdatePolicyCommand', { PolicyId: 'p-protect-tagwarden', Content: scp1.content }],
      ['UpdatePolicyCommand', { PolicyId: 'p-protect-session-tags', Name: rcp.name, Description: rcp.description }],
      ['DetachPolicyCommand', { PolicyId: 'p-protect-principal-tags', TargetId: ROOT }],
      ['DetachPolicyCommand', { PolicyId: 'p-protect-principal-tags', TargetId: OU }],
      ['DeletePolicyCommand', { PolicyId: 'p-protect-principal-tags' }],
    ]);
    assertNeverUnprotected(before, sent, [ROOT, OU], {
      SCP: sidsOfType(packed, 'SCP'),
      RCP: sidsOfType(packed, 'RCP'),
    });
    expect(org.policies.filter((p) => p.Tags.length).map((p) => [p.Name, p.Content])).toEqual([
      [scp1.name, scp1.content],
      [scp2.name, scp2.content],
      [rcp.name, rcp.content],
    ]);
    expect(org.attachments[ROOT]).toEqual([
      FULL_AWS_ACCESS.Id,
      RCP_FULL_AWS_ACCESS.Id,
      'p-team',
      'p-protect-tagwarden',
      'p-exemptions',
      'p-protect-session-tags',
    ]);

    mock.resetHistory();
    const again = await cli(EXAMPLE_CONFIG_PATH, 'policies', 'attach', '--target', ROOT, OU, '--apply');
    expect(writes(mock)).toEqual([]);
    expect(again.out.split('\n').at(-1)).toBe(
      `nothing to do: every tagwarden policy is up to date and attached to ${ROOT}, ${OU}`,
    );
  });

  test('documents that trade statements: the first receiver holds old and new until the giver is trimmed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-migrate-'));
    const configPath = path.join(dir, 'many.yaml');
    // Twelve use cases: the example's other statements fill scp-1, the exemptions scp-2.
    const exemptions = manyExemptions(12);
    writeFileSync(configPath, JSON.stringify({ ...parseConfig({ ...example, exemptions }) }));
    const [one, two, three] = generatePolicies(loadConfig(configPath));
    expect([one.name, two.name, three.name]).toEqual(['tagwarden-scp-1', 'tagwarden-scp-2', 'tagwarden-rcp-1']);
    // Today scp-1 holds one statement that belongs in scp-2, and scp-2 one that belongs in scp-1.
    const a = one.document.Statement.at(-1)!;
    const b = two.document.Statement[0];
    const org: FakeOrg = {
      rootId: ROOT,
      enabledTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
      policies: [
        FULL_AWS_ACCESS,
        RCP_FULL_AWS_ACCESS,
        {
          ...owned('p-1', one.name, 'SCP', doc([...one.document.Statement.slice(0, -1), b])),
          Description: one.description,
        },
        {
          ...owned('p-2', two.name, 'SCP', doc([a, ...two.document.Statement.slice(1)])),
          Description: two.description,
        },
        { ...owned('p-3', three.name, 'RCP', three.content), Description: three.description },
      ],
      attachments: { [OU]: [FULL_AWS_ACCESS.Id, RCP_FULL_AWS_ACCESS.Id, 'p-1', 'p-2', 'p-3'] },
    };
    const before = structuredClone(org);
    mock = fakeOrganizations(org);
    const dry = await cli(configPath, 'policies', 'attach', '--target', OU, '--allow-ou');
    const plan = dry.out.split('\n').filter((l) => l.startsWith('  update'));
    expect(plan).toEqual([
      expect.stringMatching(
        new RegExp(
          `^  update SCP tagwarden-scp-1 \\(p-1\\): content; receives ${a.Sid}; keeps ${b.Sid} until their new document has them \\(\\d+ chars\\)$`,
        ),
      ),
      `  update SCP tagwarden-scp-2 (p-2): content; receives ${b.Sid} (${two.size} chars)`,
      `  update SCP tagwarden-scp-1 (p-1): content (${one.size} chars)`,
    ]);
    const r = await cli(configPath, 'policies', 'attach', '--target', OU, '--allow-ou', '--apply');
    expect(r.code).toBe(0);
    const sent = writes(mock).filter(([name]) => name !== 'CreatePolicyCommand');
    expect(sent.map(([, input]) => input.PolicyId)).toEqual(['p-1', 'p-2', 'p-1']);
    assertNeverUnprotected(before, sent, [OU], {
      SCP: [...sidsOfType([one, two], 'SCP')],
      RCP: sidsOfType([three], 'RCP'),
    });
    expect(org.policies.find((p) => p.Id === 'p-1')!.Content).toBe(one.content);
    expect(org.policies.find((p) => p.Id === 'p-2')!.Content).toBe(two.content);
  });

  test('a target without the slots for the packed documents is refused after reading, and nothing changes', async () => {
    const org = legacyOrg();
    mock = fakeOrganizations(org);
    const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-migrate-'));
    const configPath = path.join(dir, 'renamed.yaml');
    // Another tagger role name: no statement is shared, yet the owned documents are reused, so no slot is needed.
    writeFileSync(
      configPath,
      readFileSync(EXAMPLE_CONFIG_PATH, 'utf8').replace('taggerRoleName: tagger', 'taggerRoleName: guard-tagger'),
    );
    const ok = await cli(configPath, 'policies', 'attach', '--target', ROOT);
    expect(ok.code).toBe(0);
    // Now a second org guardrail takes the root's last slot and the tagwarden documents are gone: two new SCPs need two slots.
    org.policies = org.policies.filter((p) => p.Tags.length === 0);
    org.policies.push({
      Id: 'p-team2',
      Name: 'data-perimeter',
      Type: 'SERVICE_CONTROL_POLICY',
      Description: '',
      Content: '{}',
      AwsManaged: false,
      Tags: [],
    });
    org.attachments[ROOT] = [FULL_AWS_ACCESS.Id, RCP_FULL_AWS_ACCESS.Id, 'p-team', 'p-team2', 'p-team2', 'p-team2'];
    mock.resetHistory();
    const refused = await cli(configPath, 'policies', 'attach', '--target', ROOT, '--apply');
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.err).toBe(
      `tagwarden: ${ROOT} would have 7 SCPs attached, over the limit of 5 (attached now: FullAWSAccess, region-deny, data-perimeter, data-perimeter, data-perimeter): detach 2 of them, or attach tagwarden's to a parent OU or the root instead`,
    );
    expect(writes(mock)).toEqual([]);
  });
});

describe('policies detach', () => {
  test('dry run lists every policy with the ownership tag, whatever its name, and sends no write', async () => {
    const org = legacyOrg();
    org.policies.push(owned('p-renamed', 'guard-renamed-by-admin', 'SCP', '{}'));
    org.attachments[OU].push('p-renamed');
    mock = fakeOrganizations(org);
    const r = await cli(EXAMPLE_CONFIG_PATH, 'policies', 'detach');
    expect(r.code).toBe(0);
    expect(writes(mock)).toEqual([]);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('plan (dry run; run again with --apply to make these changes):');
    const deleted = lines.filter((l) => l.startsWith('  delete')).map((l) => l.split(' ')[4]);
    expect(deleted.sort()).toEqual(['guard-renamed-by-admin', ...Object.values(LEGACY_NAMES)].sort());
    expect(r.out).not.toContain('region-deny');
    expect(r.out).not.toContain('FullAWSAccess');
  });

  test('--json: the versioned plan, with config null since uninstall reads none', async () => {
    mock = fakeOrganizations(legacyOrg());
    const r = await cli(EXAMPLE_CONFIG_PATH, '--json', 'policies', 'detach');
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out);
    expect(parsed).toMatchObject({ version: 1, config: null, applied: false });
    expect(parsed.policies.map((p: { name: string }) => p.name).sort()).toEqual(Object.values(LEGACY_NAMES).sort());
    expect(parsed.steps.filter((l: string) => l.startsWith('delete'))).toHaveLength(Object.keys(LEGACY_NAMES).length);
    expect(writes(mock)).toEqual([]);
  });

  test('--apply detaches each owned policy everywhere, then deletes it; other policies are untouched', async () => {
    const org = legacyOrg();
    mock = fakeOrganizations(org);
    const r = await cli(EXAMPLE_CONFIG_PATH, 'policies', 'detach', '--apply');
    expect(r.code).toBe(0);
    const sent = writes(mock);
    const ownedIds = ['p-protect-principal-tags', 'p-protect-tagwarden', 'p-exemptions', 'p-protect-session-tags'];
    expect(
      sent
        .filter(([n]) => n === 'DeletePolicyCommand')
        .map(([, i]) => i.PolicyId)
        .sort(),
    ).toEqual([...ownedIds].sort());
    expect(sent.every(([, i]) => ownedIds.includes(i.PolicyId))).toBe(true);
    expect(org.policies.map((p) => p.Id)).toEqual([FULL_AWS_ACCESS.Id, RCP_FULL_AWS_ACCESS.Id, 'p-team']);
    expect(org.attachments[ROOT]).toEqual([FULL_AWS_ACCESS.Id, RCP_FULL_AWS_ACCESS.Id, 'p-team']);
    expect(org.attachments[OU]).toEqual([FULL_AWS_ACCESS.Id, RCP_FULL_AWS_ACCESS.Id]);

    mock.resetHistory();
    const again = await cli(EXAMPLE_CONFIG_PATH, 'policies', 'detach', '--apply');
    expect(again.out).toBe('nothing to do: no SCP or RCP carries the tagwarden ownership tag');
    expect(writes(mock)).toEqual([]);
  });
});
