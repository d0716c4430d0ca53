import { formatCount as n } from '../common/progress';
import { renderTable } from '../common/table';
import { Finding, FindingSource } from './findings';
import { CoverageResult } from './scan';

/** Bumped whenever a field of the JSON or CSV output changes meaning or is removed. */
export const COVERAGE_JSON_VERSION = 1;

export interface CoverageRow {
  account: string;
  service: string;
  seen: number;
  missingOwner: number;
  /** Of those missing the owner key, how many carry no tag at all (not known for RGTA findings). */
  untagged: number;
  sources: FindingSource[];
}

export interface CoverageSummary {
  accounts: number;
  seen: number;
  missingOwner: number;
  untagged: number;
  gaps: number;
  setupProblems: number;
}

export function coverageRows(findings: Finding[]): CoverageRow[] {
  const rows = new Map<string, CoverageRow>();
  for (const f of findings) {
    const key = `${f.account}/${f.service}`;
    const row = rows.get(key) ?? { account: f.account, service: f.service, seen: 0, missingOwner: 0, untagged: 0, sources: [] };
    row.seen++;
    if (!f.hasOwner) row.missingOwner++;
    if (!f.hasOwner && f.untagged) row.untagged++;
    if (!row.sources.includes(f.source)) row.sources.push(f.source);
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.account.localeCompare(b.account) || a.service.localeCompare(b.service));
}

export function coverageSummary(result: CoverageResult): CoverageSummary {
  const missing = result.findings.filter((f) => !f.hasOwner);
  return {
    accounts: new Set(result.findings.map((f) => f.account)).size,
    seen: result.findings.length,
    missingOwner: missing.length,
    untagged: missing.filter((f) => f.untagged).length,
    gaps: result.gaps.length,
    setupProblems: result.setup.problems.length,
  };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** The findings behind a row: only the resources that lack the owner key, most specific first. */
export function missingOwner(findings: Finding[]): Finding[] {
  return findings
    .filter((f) => !f.hasOwner)
    .sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region) || a.arn.localeCompare(b.arn));
}

const RGTA_NOTE = 'rgta*: the Resource Groups Tagging API lists only resources that have some tag; resources with no tag are not counted';

export function renderCoverage(result: CoverageResult, ownerTagKey: string): string {
  const rows = coverageRows(result.findings);
  const lines: string[] = [];
  for (const p of result.setup.problems) {
    lines.push(`setup: ${p.id}: ${p.message}`, ...p.fix.map((f) => `  fix: ${f}`));
  }
  if (result.setup.problems.length) lines.push('');
  const sourceText = (s: FindingSource[]) => s.map((x) => (x === 'rgta' ? 'rgta*' : x)).join('+');
  lines.push(
    renderTable(
      ['ACCOUNT', 'SERVICE', 'SEEN', `MISSING ${ownerTagKey.toUpperCase()}`, '%', 'NO TAGS', 'SOURCE'],
      rows.map((r) => [r.account, r.service, n(r.seen), n(r.missingOwner), percent(r.missingOwner, r.seen), n(r.untagged), sourceText(r.sources)]),
    ),
  );
  if (rows.some((r) => r.sources.includes('rgta'))) lines.push('', RGTA_NOTE);
  if (result.gaps.length) {
    lines.push('', 'not covered:', ...result.gaps.map((g) => `  ${[g.account, g.region, g.service].filter(Boolean).join(' ')}: ${g.reason}`));
  }
  const s = coverageSummary(result);
  lines.push(
    '',
    `${n(s.seen)} resource(s) of supported types in ${n(s.accounts)} account(s); ${n(s.missingOwner)} (${percent(s.missingOwner, s.seen)}) ` +
      `lack ${ownerTagKey}, ${n(s.untagged)} of them with no tag at all; ${n(s.gaps)} part(s) not covered`,
  );
  return lines.join('\n');
}

/** The fields of `coverage --json` after the CLI's header (version COVERAGE_JSON_VERSION and config). */
export function coverageJson(result: CoverageResult): object {
  return {
    setup: result.setup,
    summary: coverageSummary(result),
    rows: coverageRows(result.findings),
    untagged: missingOwner(result.findings).map(findingRow),
    fallbackPairs: result.fallbackPairs,
    gaps: result.gaps,
  };
}

function findingRow(f: Finding): Record<string, string | boolean | null> {
  return { arn: f.arn, type: f.type, account: f.account, region: f.region, source: f.source, untagged: f.untagged ?? null };
}

const CSV_COLUMNS = ['arn', 'type', 'account', 'region', 'source', 'untagged'] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function coverageCsv(result: CoverageResult): string {
  const rows = missingOwner(result.findings).map(findingRow);
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(','))].join('\n');
}
