import { OUTCOME_FIELD, TAGGER_OUTCOMES, TaggerOutcome } from '../../lambda/engine/outcome';
import { ParkedMessage } from './dead-letters';
import { TraceTarget } from './trace-query';

/** One log line the query returned. */
export interface TraceLine {
  timestamp: string;
  logGroup: string;
  line: Record<string, unknown>;
}

export interface TraceReport {
  target: TraceTarget;
  window: { start: string; end: string; logGroups: string[] };
  /** The last outcome line decides; `never-seen` when no function logged one and no DLQ holds the event. */
  outcome: TaggerOutcome | 'never-seen' | 'parked';
  lines: TraceLine[];
  parked: ParkedMessage[];
}

const OUTCOMES = new Set<string>(TAGGER_OUTCOMES);

/** Parses the @message of each row; a line that is not JSON is kept as its text. */
export function traceLine(row: { timestamp?: string; log?: string; message?: string }): TraceLine {
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(row.message ?? '') as Record<string, unknown>;
  } catch {
    line = { [OUTCOME_FIELD.message]: row.message ?? '' };
  }
  return { timestamp: row.timestamp ?? '', logGroup: row.log ?? '', line };
}

export function buildTraceReport(
  target: TraceTarget,
  window: TraceReport['window'],
  lines: TraceLine[],
  parked: ParkedMessage[],
): TraceReport {
  const outcomes = lines.filter((l) => OUTCOMES.has(String(l.line[OUTCOME_FIELD.message])));
  const last = outcomes.at(-1);
  const outcome = last ? (last.line[OUTCOME_FIELD.message] as TaggerOutcome) : parked.length ? 'parked' : 'never-seen';
  return { target, window, outcome, lines, parked };
}

function tagsText(written: unknown): string {
  if (!written || typeof written !== 'object') return 'no tags written';
  const entries = Object.entries(written as Record<string, string>);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'no tags written (already tagged)';
}

export function renderTrace(r: TraceReport): string {
  const what = r.target.kind === 'event' ? `event ${r.target.id}` : `resource ${r.target.arn}`;
  const out: string[] = [];
  for (const l of r.lines) {
    const f = l.line;
    const message = f[OUTCOME_FIELD.message];
    const msg = typeof message === 'string' ? message : JSON.stringify(message ?? '');
    const details: string[] = [];
    if (f[OUTCOME_FIELD.eventId]) details.push(`event ${String(f[OUTCOME_FIELD.eventId])}`);
    if (f[OUTCOME_FIELD.receiveCount] !== undefined) details.push(`receive ${String(f[OUTCOME_FIELD.receiveCount])}`);
    if (f[OUTCOME_FIELD.code]) details.push(`code ${String(f[OUTCOME_FIELD.code])}`);
    if (f[OUTCOME_FIELD.reason]) details.push(`reason: ${String(f[OUTCOME_FIELD.reason])}`);
    out.push(`${l.timestamp}  ${msg}${details.length ? `  (${details.join('; ')})` : ''}`);
    const resources = f[OUTCOME_FIELD.results];
    if (Array.isArray(resources)) {
      for (const res of resources as { arn?: string; status?: string; written?: unknown }[]) {
        out.push(`    ${res.arn ?? '?'}: ${res.status ?? '?'}, ${tagsText(res.written)}`);
      }
    }
  }
  for (const p of r.parked)
    out.push(
      `parked in the ${p.queue} DLQ: ${p.code}: ` +
        `${p.reason}${p.receiveCount !== undefined ? ` (receives ${p.receiveCount})` : ''}`,
    );
  const summary: Record<TraceReport['outcome'], string> = {
    tagged: 'tagged',
    ignored: 'skipped: the event needs no tags (see the reason)',
    retry: 'retried: waiting for its next receive (see the last reason)',
    'dead-lettered': 'dead-lettered: see the reason; fix it, then tagwarden dlq redrive',
    parked: 'parked in a DLQ without an outcome line: tagwarden dlq list',
    'never-seen':
      `never seen: no outcome in ${r.window.logGroups.join(', ')} ` +
      `between ${r.window.start} and ${r.window.end}, and in no DLQ`,
  };
  out.push(`${what}: ${summary[r.outcome]}`);
  return out.join('\n');
}
