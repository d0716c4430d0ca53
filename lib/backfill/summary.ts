import { formatCount } from '../common/progress';

/** A count with the first example of its reason, so that a reason seen a million times is printed once. */
export interface ReasonCount {
  count: number;
  example: string;
}

/** Per account and service: what was (or would be) done to its resources. */
export interface ServiceCounts {
  tagged: number;
  alreadyRight: number;
  gone: number;
  refused: number;
  failed: number;
  /** Tags written (or that would be). */
  tagsWritten: number;
}

export interface BackfillSummary {
  mode: 'offline' | 'dry-run' | 'apply';
  /** False when the run was interrupted: resume it with the same --checkpoint. */
  complete: boolean;
  files: { read: number; skippedByCheckpoint: number; unverified: { file: string; reason: string }[] };
  records: {
    read: number;
    /** STS session events replayed into the session view (from the lookback and the range). */
    sessionEvents: number;
    /** Create events in the range that went through the engine. */
    createEvents: number;
    /** Records outside --since/--until (the lookback's are read for their STS events only). */
    outsideRange: number;
    /** No rule covers them (reads, deletes, services tagwarden does not tag). */
    unsupported: number;
    /** Supported events whose call failed: nothing was created. */
    failedCalls: number;
    /** Records refused before the engine (account or region disagree with the key) or by it, by reason. */
    refused: Record<string, ReasonCount>;
  };
  resources: {
    /** Written, or with --offline and without --apply, would be written. */
    tagged: number;
    alreadyRight: number;
    gone: number;
    refused: Record<string, ReasonCount>;
    failed: Record<string, ReasonCount>;
  };
  /** Create events tagged without session tags because the trail had no STS event for their session. */
  withoutSessionTags: number;
  byAccountService: Record<string, ServiceCounts>;
  warnings: string[];
  /** AWS calls made to read current tags and to write. */
  awsCalls: { reads: number; writes: number };
}

export function emptySummary(mode: BackfillSummary['mode']): BackfillSummary {
  return {
    mode,
    complete: false,
    files: { read: 0, skippedByCheckpoint: 0, unverified: [] },
    records: {
      read: 0,
      sessionEvents: 0,
      createEvents: 0,
      outsideRange: 0,
      unsupported: 0,
      failedCalls: 0,
      refused: {},
    },
    resources: { tagged: 0, alreadyRight: 0, gone: 0, refused: {}, failed: {} },
    withoutSessionTags: 0,
    byAccountService: {},
    warnings: [],
    awsCalls: { reads: 0, writes: 0 },
  };
}

export function addReason(into: Record<string, ReasonCount>, code: string, example: string): void {
  const entry = into[code];
  if (entry) entry.count++;
  else into[code] = { count: 1, example };
}

export function serviceCounts(summary: BackfillSummary, account: string, service: string): ServiceCounts {
  const key = `${account} ${service}`;
  return (summary.byAccountService[key] ??= {
    tagged: 0,
    alreadyRight: 0,
    gone: 0,
    refused: 0,
    failed: 0,
    tagsWritten: 0,
  });
}

const total = (r: Record<string, ReasonCount>) => Object.values(r).reduce((n, e) => n + e.count, 0);

/** The summary as people read it. */
export function formatSummary(s: BackfillSummary): string {
  const verb = s.mode === 'apply' ? 'tagged' : 'would tag';
  const lines = [
    `backfill ${s.mode === 'apply' ? '' : `(${s.mode}, nothing written) `}${s.complete ? 'finished' : 'INTERRUPTED: run again with the same --checkpoint to resume'}`,
    `  files read: ${formatCount(s.files.read)}${s.files.skippedByCheckpoint ? ` (${formatCount(s.files.skippedByCheckpoint)} skipped: done before the checkpoint)` : ''}`,
    `  records read: ${formatCount(s.records.read)} (session events ${formatCount(s.records.sessionEvents)}, create events ${formatCount(s.records.createEvents)}, ` +
      `outside the range ${formatCount(s.records.outsideRange)}, unsupported ${formatCount(s.records.unsupported)}, failed calls ${formatCount(s.records.failedCalls)}, refused ${formatCount(total(s.records.refused))})`,
    `  resources: ${verb} ${formatCount(s.resources.tagged)}, already right ${formatCount(s.resources.alreadyRight)}, gone ${formatCount(s.resources.gone)}, ` +
      `refused ${formatCount(total(s.resources.refused))}, failed ${formatCount(total(s.resources.failed))}`,
  ];
  if (s.withoutSessionTags)
    lines.push(
      `  create events tagged without session tags (no STS event found): ${formatCount(s.withoutSessionTags)}`,
    );
  for (const [what, reasons] of [
    ['records refused', s.records.refused],
    ['resources refused', s.resources.refused],
    ['resources failed', s.resources.failed],
  ] as const) {
    for (const [code, r] of Object.entries(reasons))
      lines.push(`  ${what}: ${formatCount(r.count)} × ${code}, e.g. ${r.example}`);
  }
  for (const f of s.files.unverified)
    lines.push(`  unverified file (its records were not used): ${f.file}: ${f.reason}`);
  const rows = Object.entries(s.byAccountService).sort(([a], [b]) => a.localeCompare(b));
  if (rows.length > 0) {
    lines.push(`  per account and service (${verb} / already right / gone / refused / failed, tags):`);
    for (const [key, c] of rows)
      lines.push(
        `    ${key}: ${c.tagged} / ${c.alreadyRight} / ${c.gone} / ${c.refused} / ${c.failed}, ${c.tagsWritten} tags`,
      );
  }
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}
