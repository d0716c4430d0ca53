import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import {
  Finding,
  LintOptions,
  lintPolicy,
  LintResult,
  POLICY_TYPES,
  PolicyShapeError,
  PolicyType,
  PolicyTypeUnknownError,
  RULES,
} from '../lint';
import { excerpt } from '../excerpt';
import { CliError, EXIT } from '../common/cli-error';
import { printJson } from './json-output';
import { CommandContext, Registrar } from './program';
import { COMMAND_SUMMARY } from './summaries';

interface LintFlags {
  type?: PolicyType;
  protectedPrefix?: string;
  ignore?: string[];
  listRules?: boolean;
}

interface FileReport extends LintResult {
  file: string;
}

interface FileFailure {
  file: string;
  error: string;
}

/** Bumped when a field of `lint --json` or `lint --list-rules --json` changes meaning or is removed. */
export const LINT_JSON_VERSION = 1;

const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').filter(Boolean)];

/** `tagwarden lint FILE...`: reports the ABAC mistakes in IAM policy documents; exit 1 on errors, 2 on unreadable files. */
export const registerLint: Registrar = (program, ctx) => {
  program
    .command('lint')
    .description(COMMAND_SUMMARY.lint)
    .argument('[files...]', 'JSON policy documents')
    .addOption(
      new Option('--type <type>', 'policy type, when it cannot be inferred from the document').choices([
        ...POLICY_TYPES,
      ]),
    )
    .option(
      '--protected-prefix <prefix>',
      "principal tag prefix guarded by tagwarden's SCP/RCP (default: protectedTagPrefix of the config)",
    )
    .option(
      '--ignore <finding>',
      'accept a finding: a rule id, or RULE:STATEMENT (Sid or Statement[i]) for one statement; repeat it or separate with commas',
      collect,
      [],
    )
    .option('--list-rules', 'list the rules and exit')
    .action(async (files: string[], flags: LintFlags) => {
      if (flags.listRules) return listRules(ctx);
      if (files.length === 0)
        throw new CliError('lint: name at least one policy file, e.g. tagwarden lint policies/*.json', EXIT.usage);
      const ignore = flags.ignore ?? [];
      const unknown = ignore.filter((i) => !RULES.some((r) => r.id === i.split(':')[0]));
      if (unknown.length > 0)
        throw new CliError(
          `lint: --ignore ${unknown.map((u) => excerpt(u)).join(', ')}: no such rule (see tagwarden lint --list-rules)`,
          EXIT.usage,
        );
      const protectedPrefix = flags.protectedPrefix ?? ctx.offlineConfig().protectedTagPrefix;
      const reports: FileReport[] = [];
      const failures: FileFailure[] = [];
      for (const file of files) {
        const outcome = await lintFile(file, { type: flags.type, protectedPrefix, ignore });
        if ('error' in outcome) {
          failures.push(outcome);
          ctx.output.err(`tagwarden: ${file}: ${outcome.error}`);
        } else {
          reports.push(outcome);
        }
      }
      const all = reports.flatMap((r) => r.findings);
      const count = (s: Finding['severity']) => all.filter((f) => f.severity === s).length;
      const used = new Set(reports.flatMap((r) => r.suppressed.map((x) => x.by)));
      const summary = {
        files: files.length,
        errors: count('error'),
        warnings: count('warning'),
        infos: count('info'),
        suppressed: reports.reduce((n, r) => n + r.suppressed.length, 0),
        unreadable: failures.length,
      };
      const unusedIgnores = ignore.filter((i) => !used.has(i));
      for (const i of unusedIgnores) ctx.output.err(`tagwarden: --ignore ${i} matched no finding`);
      if (ctx.globals().json) {
        const fileReports = reports.map(({ file, type, typeSource, findings, suppressed }) => ({
          file,
          type,
          typeSource,
          findings,
          suppressed: suppressed.map((x) => ({ rule: x.finding.rule, statement: x.finding.statement, by: x.by })),
        }));
        printJson(ctx, LINT_JSON_VERSION, { reports: fileReports, failures, unusedIgnores, summary });
      } else {
        ctx.output.out(renderText(reports, summary));
      }
      if (failures.length > 0)
        throw new CliError(`lint: ${failures.length} of ${files.length} file(s) could not be linted`, EXIT.usage);
      if (summary.errors > 0) throw new CliError(`lint: ${summary.errors} error(s) found`, EXIT.failed);
    });
};

async function lintFile(file: string, options: LintOptions): Promise<FileReport | FileFailure> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { file, error: `cannot be read (${(e as Error).message})` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { file, error: `is not valid JSON (${(e as Error).message})` };
  }
  try {
    return { file, ...(await lintPolicy(doc, options)) };
  } catch (e) {
    if (e instanceof PolicyShapeError) return { file, error: `is not an IAM policy: ${e.message}` };
    if (e instanceof PolicyTypeUnknownError) return { file, error: e.message };
    throw e;
  }
}

const TYPE_NAMES: Record<PolicyType, string> = {
  identity: 'an identity policy',
  scp: 'an SCP',
  rcp: 'an RCP',
  resource: 'a resource policy',
};

function renderText(
  reports: FileReport[],
  summary: { files: number; errors: number; warnings: number; infos: number; suppressed: number },
): string {
  const lines: string[] = [];
  for (const r of reports) {
    if (r.findings.length === 0) {
      lines.push(`${r.file}: no findings (${r.type})`);
      continue;
    }
    lines.push(`${r.file}: ${r.findings.length} finding(s), read as ${TYPE_NAMES[r.type]} (${r.typeSource})`);
    for (const f of r.findings) {
      lines.push(`${r.file}: ${f.statement}: ${f.severity} [${f.rule}] ${f.message}`);
      lines.push(`    fix: ${f.fix}`);
    }
  }
  const suppressed = summary.suppressed > 0 ? `; ${summary.suppressed} suppressed by --ignore` : '';
  lines.push(
    `${summary.files} file(s): ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} info${suppressed}`,
  );
  return lines.join('\n');
}

function listRules(ctx: CommandContext): void {
  if (ctx.globals().json) {
    const rules = RULES.map(({ id, severity, summary }) => ({ id, severity, summary }));
    printJson(ctx, LINT_JSON_VERSION, { rules });
    return;
  }
  ctx.output.out(RULES.map((r) => `${r.id} (${r.severity}): ${r.summary}`).join('\n'));
}
