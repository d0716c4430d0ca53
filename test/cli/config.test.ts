import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse as parseYaml } from 'yaml';
import { registerConfig } from '../../lib/cli/config-command';
import { registerPolicies } from '../../lib/cli/policies';
import { EXIT } from '../../lib/common/cli-error';
import { EXAMPLE_CONFIG_PATH } from '../../lib/config';
import { runTagwarden, writeTestConfig } from '../support/cli';

const run = (config: string, ...args: string[]) =>
  runTagwarden(['--config', config, ...args], [registerConfig, registerPolicies]);

/** `count` exemptions, each denying a handful of IAM actions: together more than one SCP can hold. */
const exemptions = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    useCase: `use-case-${i}`,
    tagKey: `scp-exempt-use-case-${i}`,
    actions: ['iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'],
  }));

describe('tagwarden config validate', () => {
  test('accepts the example config, says the slots its policies take, and prints it with the defaults', async () => {
    const r = await run(EXAMPLE_CONFIG_PATH, 'config', 'validate');
    expect(r).toMatchObject({ code: 0, err: '', configNote: EXAMPLE_CONFIG_PATH });
    expect(r.out).toMatch(/^config is valid\nslots: takes 2 SCP slots and 1 RCP slot on each target [^\n]*\n\{/);
  });

  test('many exemptions only take more slots: validate and export both accept them', async () => {
    const config = writeTestConfig({ exemptions: exemptions(40) });
    const out = mkdtempSync(path.join(tmpdir(), 'tagwarden-export-'));
    const validate = await run(config, 'config', 'validate');
    const exported = await run(config, 'policies', 'export', '--out', out);
    expect([validate.code, exported.code]).toEqual([0, 0]);
    const slots = /^slots: .*$/m;
    expect(validate.out.match(slots)?.[0]).toBe(exported.out.match(slots)?.[0]);
  });

  test('fails exactly as policies export does when a statement cannot fit a document, and writes nothing', async () => {
    // Each letter of the prefix doubles the spellings the principal-tag statement lists.
    const config = writeTestConfig({ protectedTagPrefix: 'guardtags-' });
    const out = mkdtempSync(path.join(tmpdir(), 'tagwarden-export-'));
    const validate = await run(config, 'config', 'validate');
    const exported = await run(config, 'policies', 'export', '--out', out);
    expect(exported.code).toBe(EXIT.usage);
    expect(exported.err).toMatch(
      /^tagwarden: SCP statement DenyProtectedPrincipalTagsExceptTagger .*5120-character limit/,
    );
    expect(exported.out).toBe('');
    expect(validate).toEqual(exported);
    expect(readdirSync(out)).toEqual([]);
  });

  test('refuses a misspelt nested key, naming the key and the one it should be', async () => {
    const r = await run(writeTestConfig({ stackSets: { retainStackOnAccountRemoval: true } }), 'config', 'validate');
    expect(r.code).not.toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain(
      'stackSets.retainStackOnAccountRemoval: is not a config key here: did you mean "retainStacksOnAccountRemoval"?',
    );
  });
});

describe('tagwarden config schema', () => {
  const schemaOf = async () => {
    const r = await runTagwarden(['config', 'schema'], [registerConfig]);
    expect(r).toMatchObject({ code: 0, err: '' });
    return JSON.parse(r.out) as Record<string, unknown>;
  };
  const example = parseYaml(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;

  test('prints a JSON Schema (2020-12) that a standard validator compiles and that accepts the example config', async () => {
    const schema = await schemaOf();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    // Formats (alarm e-mail addresses) are checked by the config's own parser; ajv would only warn about them.
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);
    expect(validate(example)).toBe(true);
    expect(
      validate({
        ...example,
        homeRegion: 'us-gov-west-1',
        governedRegions: ['us-gov-west-1'],
        adminPrincipals: ['arn:aws-us-gov:iam::111111111111:role/OrgAdmin'],
      }),
    ).toBe(true);
  });

  test('lets an editor flag what the config refuses: unknown keys at any level, a missing field, a bad account id', async () => {
    const validate = new Ajv2020({ strict: false, validateFormats: false, allErrors: true }).compile(await schemaOf());
    const errorsOf = (config: unknown) =>
      validate(config) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
    expect(errorsOf({ ...example, stackSets: { retainStackOnAccountRemoval: true } })).toEqual([
      '/stackSets must NOT have additional properties',
    ]);
    expect(errorsOf({ ...example, tagger: { maxConcurency: 3 } })).toEqual([
      '/tagger must NOT have additional properties',
    ]);
    expect(
      errorsOf({
        ...example,
        exemptions: [{ useCase: 'x', tagKey: 'scp-x', actions: ['iam:CreateUser'], tagvalue: 'y' }],
      }),
    ).toEqual(['/exemptions/0 must NOT have additional properties']);
    const { organizationId: _, ...noOrg } = example;
    expect(errorsOf(noOrg)).toEqual([" must have required property 'organizationId'"]);
    expect(errorsOf({ ...example, centralAccountId: '2222' })).toEqual([
      String.raw`/centralAccountId must match pattern "^\d{12}$"`,
    ]);
  });
});
