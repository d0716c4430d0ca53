import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { registerLint } from '../../lib/cli/lint';
import { RULES } from '../../lib/lint';
import { Output } from '../../lib/cli/program';
import { runCli } from '../../lib/cli/run';
import {
  DENY_LONG_TERM_CREDENTIALS,
  policy,
  SNS_CREATE_AND_TAG,
  SNS_DELETE,
  SNS_RETAG,
  withCondition,
} from '../lint/seed-snippets';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'lint');
const SCP = path.join(FIXTURES, 'seed-guard-scp.json');
const RCP = path.join(FIXTURES, 'seed-guard-rcp.json');
const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-lint-'));

function file(name: string, content: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (t) => out.push(t), err: (t) => void (t.startsWith('using config ') || err.push(t)) };
  const code = await runCli(argv, [registerLint], output);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const retagsAnything = file(
  'retag.json',
  policy(withCondition(SNS_CREATE_AND_TAG, (c) => delete c.StringEquals['aws:ResourceTag/project'])),
);
const abac = file('abac.json', policy(SNS_CREATE_AND_TAG, SNS_DELETE, SNS_RETAG));

describe('tagwarden lint', () => {
  test("tagwarden's own policy shapes lint clean: exit 0, one line per file", async () => {
    const r = await run('lint', SCP, RCP);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${SCP}: no findings (scp)`);
    expect(r.stdout).toContain(`${RCP}: no findings (rcp)`);
    expect(r.stdout).toContain('2 file(s): 0 error(s), 0 warning(s), 0 info');
    expect(r.stderr).toBe('');
  });

  test('reports file, statement, severity, rule, explanation and fix, and exits 1 on errors', async () => {
    const r = await run('lint', retagsAnything, SCP);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `^${retagsAnything}: Statement\\[0\\]: error \\[tag-on-create-no-resource-tag\\] allows sns:TagResource`,
        'm',
      ),
    );
    expect(r.stdout).toContain('    fix: add "aws:ResourceTag/project"');
    expect(r.stderr).toBe('tagwarden: lint: 1 error(s) found');
  });

  test('warnings alone do not fail the run', async () => {
    const r = await run('lint', abac);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warning [principal-tag-unguarded]');
  });

  test('--json prints every finding with its file, and the summary', async () => {
    const r = await run('--json', 'lint', retagsAnything, abac);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.reports.map((x: { file: string }) => x.file)).toEqual([retagsAnything, abac]);
    expect(report.reports[0]).toMatchObject({ type: 'identity', typeSource: expect.stringContaining('inferred') });
    expect(report.reports[0].findings[0]).toEqual({
      rule: 'tag-on-create-no-resource-tag',
      severity: 'error',
      statement: 'Statement[0]',
      statementIndex: 0,
      message: expect.stringContaining('take them over'),
      fix: expect.stringContaining('aws:ResourceTag/project'),
    });
    expect(report.summary).toEqual({ files: 2, errors: 1, warnings: 2, infos: 0, suppressed: 0, unreadable: 0 });
  });

  test('--json also works after the command name', async () => {
    const r = await run('lint', SCP, '--json');
    expect(JSON.parse(r.stdout).summary.errors).toBe(0);
  });

  test.each([
    ['missing.json', undefined, 'cannot be read (ENOENT'],
    ['broken.json', '{"Statement": [', 'is not valid JSON'],
    [
      'not-policy.json',
      { Statement: [{ Effect: 'Permit', Action: '*' }] },
      'is not an IAM policy: Statement[0].Effect must be "Allow" or "Deny" (received "Permit")',
    ],
  ])('%s: one line naming the file, exit 2, other files still linted', async (name, content, message) => {
    const p = content === undefined ? path.join(dir, name) : file(name, content);
    const r = await run('lint', p, SCP);
    expect(r.code).toBe(2);
    const [line] = r.stderr.split('\n');
    expect(line.startsWith(`tagwarden: ${p}: ${message}`)).toBe(true);
    expect(r.stderr).toContain('tagwarden: lint: 1 of 2 file(s) could not be linted');
    expect(r.stdout).toContain(`${SCP}: no findings (scp)`);
  });

  test('--type is required when the type cannot be inferred, and accepted values only', async () => {
    const mixed = file(
      'mixed.json',
      policy(DENY_LONG_TERM_CREDENTIALS, { ...DENY_LONG_TERM_CREDENTIALS, Principal: '*' }),
    );
    const unknown = await run('lint', mixed);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      `${mixed}: cannot tell whether this is an identity policy, SCP, RCP or resource policy: pass --type`,
    );
    expect((await run('lint', mixed, '--type', 'resource')).code).toBe(0);
    const bad = await run('lint', mixed, '--type', 'bucket');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('bucket');
  });

  test('the protected prefix comes from the config, and --protected-prefix overrides it', async () => {
    const credentialsScp = file('credentials-scp.json', policy(DENY_LONG_TERM_CREDENTIALS));
    expect((await run('lint', credentialsScp)).code).toBe(0);
    const config = file(
      'config.yaml',
      'organizationId: o-abcdef1234\nmanagementAccountId: "111111111111"\ncentralAccountId: "222222222222"\nhomeRegion: us-east-1\ngovernedRegions: [us-east-1]\ntargetOus: [ou-ab12-cdefgh12]\nprotectedTagPrefix: guarded-\n',
    );
    const fromConfig = await run('--config', config, 'lint', credentialsScp);
    expect(fromConfig.code).toBe(1);
    expect(fromConfig.stdout).toContain('error [principal-tag-unguarded]');
    expect((await run('--config', config, 'lint', credentialsScp, '--protected-prefix', 'scp-')).code).toBe(0);
  });

  test('--list-rules names every rule with its severity', async () => {
    const r = await run('lint', '--list-rules');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('case-sensitive-principal-tag-guard (error):');
    expect(r.stdout.split('\n')).toHaveLength(RULES.length);
  });

  test('--ignore accepts a finding, and rejects rule ids that do not exist', async () => {
    const accepted = await run('lint', retagsAnything, '--ignore', 'tag-on-create-no-resource-tag:Statement[0]');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).not.toContain('tag-on-create-no-resource-tag');
    const typo = await run('lint', retagsAnything, '--ignore', 'tag-on-create');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      'tagwarden: lint: --ignore "tag-on-create": no such rule (see tagwarden lint --list-rules)',
    );
  });

  test('no file is a one-line error; --help describes the command', async () => {
    const none = await run('lint');
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('tagwarden: lint: name at least one policy file, e.g. tagwarden lint policies/*.json');
    const help = await run('lint', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--type <type>');
  });
});
