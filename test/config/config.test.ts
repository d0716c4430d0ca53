import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EXAMPLE_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config';
import { configProblems, VALID_CONFIG } from '../support/config';

const valid = VALID_CONFIG;

const problemsOf = configProblems;

describe('config', () => {
  test('the committed example config is valid', () => {
    const config = loadConfig(EXAMPLE_CONFIG_PATH);
    expect(config.taggerRoleName).toBe('tagger');
    expect(config.governedRegions).toContain('us-east-1');
  });

  test('defaults are applied to a minimal config', () => {
    const config = parseConfig(valid);
    expect(config).toMatchObject({
      taggerRoleName: 'tagger',
      protectedTagPrefix: 'scp-',
      ownerTagKey: 'Owner',
      conflict: 'keep',
      crossAccountCreators: 'owner',
      propagation: { include: ['*'], exclude: [] },
      excludedAccounts: [],
      stackSets: { retainStacksOnAccountRemoval: false },
    });
  });

  test('every problem is listed, each with field, received value and a fix', () => {
    const problems = problemsOf({
      ...valid,
      organizationId: 'org-1',
      managementAccountId: '1234',
      centralAccountId: 222222222222,
      governedRegions: ['eu-west-1', 'mars-1'],
    });
    const byField = Object.fromEntries(problems.map((p) => [p.field, p]));
    expect(byField.organizationId).toMatchObject({
      received: 'org-1',
      message: expect.stringContaining('o-a1b2c3d4e5'),
    });
    expect(byField.managementAccountId).toMatchObject({
      received: '1234',
      message: expect.stringContaining('12-digit'),
    });
    expect(byField.centralAccountId.received).toBe(222222222222);
    expect(byField['governedRegions.1']).toMatchObject({ received: 'mars-1' });
    expect(problems.length).toBeGreaterThanOrEqual(4);
  });

  test('cross-field rules: us-east-1, home region, excluded central account, exemption prefix', () => {
    const problems = problemsOf({
      ...valid,
      governedRegions: ['eu-west-1'],
      homeRegion: 'eu-central-1',
      excludedAccounts: ['222222222222'],
      exemptions: [{ useCase: 'keys', tagKey: 'exempt-keys', actions: ['iam:CreateAccessKey'] }],
    });
    const messages = problems.map((p) => `${p.field}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^governedRegions: must include "us-east-1"/),
        expect.stringMatching(/^homeRegion: must be one of governedRegions/),
        expect.stringMatching(/^excludedAccounts: must not contain centralAccountId/),
        expect.stringMatching(/^exemptions\.0\.tagKey: must start with protectedTagPrefix/),
      ]),
    );
  });

  test('exemption tag keys that differ only in case are one key', () => {
    const problems = problemsOf({
      ...valid,
      exemptions: [
        { useCase: 'a', tagKey: 'scp-exempt', actions: ['iam:CreateAccessKey'] },
        { useCase: 'b', tagKey: 'SCP-Exempt', actions: ['iam:CreateUser'] },
      ],
    });
    expect(problems).toEqual([
      expect.objectContaining({ field: 'exemptions.1.tagKey', message: expect.stringContaining('case-insensitively') }),
    ]);
  });

  test('use cases that would yield the same statement id are refused, naming both', () => {
    const exemption = (useCase: string) => ({
      useCase,
      tagKey: `scp-exempt-${useCase}`,
      actions: ['iam:CreateAccessKey'],
    });
    const problems = problemsOf({
      ...valid,
      exemptions: [exemption('1-2'), exemption('12'), exemption('ab'), exemption('a-b')],
    });
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'exemptions.1.useCase',
        message: expect.stringMatching(/same statement id \(Deny12UnlessExempt\) as use case "1-2".*rename one/),
      }),
      expect.objectContaining({ field: 'exemptions.3.useCase', message: expect.stringContaining('as use case "ab"') }),
    ]);
  });

  test('use cases with distinct statement ids are accepted', () => {
    const exemption = (useCase: string) => ({
      useCase,
      tagKey: `scp-exempt-${useCase}`,
      actions: ['iam:CreateAccessKey'],
    });
    const config = parseConfig({
      ...valid,
      exemptions: [exemption('1-2'), exemption('1-3'), exemption('access-keys')],
    });
    expect(config.exemptions.map((e) => e.useCase)).toEqual(['1-2', '1-3', 'access-keys']);
  });

  test('crossAccountCreators is "owner" or "full", and anything else is refused with both choices named', () => {
    expect(parseConfig({ ...valid, crossAccountCreators: 'full' }).crossAccountCreators).toBe('full');
    const [problem] = problemsOf({ ...valid, crossAccountCreators: 'all' });
    expect(problem).toMatchObject({
      field: 'crossAccountCreators',
      received: 'all',
      message: expect.stringMatching(/"owner".*"full"/),
    });
  });

  test('unknown fields are refused by name, with the nearest valid key', () => {
    expect(problemsOf({ ...valid, taggerRole: 'x' })).toEqual([
      {
        field: 'taggerRole',
        received: 'x',
        message: expect.stringMatching(
          /^is not a config key here: did you mean "taggerRoleName"\? Valid keys at the top level: organizationId, /,
        ),
      },
    ]);
  });

  test.each([
    [
      'stackSets',
      { stackSets: { retainStackOnAccountRemoval: true } },
      'stackSets.retainStackOnAccountRemoval',
      'retainStacksOnAccountRemoval',
    ],
    ['tagger', { tagger: { maxConcurency: 20 } }, 'tagger.maxConcurency', 'maxConcurrency'],
    ['propagation', { propagation: { exlude: ['cost-*'] } }, 'propagation.exlude', 'exclude'],
    [
      'an exemption',
      {
        exemptions: [
          { useCase: 'keys', tagKey: 'scp-exempt-keys', actions: ['iam:CreateAccessKey'] },
          { useCase: 'u', tagKey: 'scp-u', action: ['iam:CreateUser'] },
        ],
      },
      'exemptions.1.action',
      'actions',
    ],
  ])(
    'a misspelt key in %s is refused, not silently defaulted, and the nearest key is named',
    (_, extra, field, nearest) => {
      const problems = problemsOf({ ...valid, ...extra });
      expect(problems).toContainEqual(
        expect.objectContaining({ field, message: expect.stringContaining(`did you mean "${nearest}"?`) }),
      );
      expect(problems.filter((p) => p.message.startsWith('is not a config key'))).toHaveLength(1);
    },
  );

  test('every unknown key is its own problem', () => {
    const problems = problemsOf({ ...valid, stackSets: { retain: true, failureTolerance: 5 } });
    expect(problems.map((p) => p.field).sort()).toEqual(['stackSets.failureTolerance', 'stackSets.retain']);
    expect(problems.find((p) => p.field === 'stackSets.failureTolerance')?.message).toContain(
      'did you mean "failureTolerancePercentage"?',
    );
  });

  test('a file that is not YAML is refused with its path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tw-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'a: [unclosed');
    expect(() => loadConfig(file)).toThrow(/bad\.yaml.*not valid YAML/s);
    expect(() => loadConfig(path.join(dir, 'missing.yaml'))).toThrow(/cannot be read/);
  });
});
