import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { isObject } from '../../lambda/core/cloudtrail';
import { IamPrincipalRef } from '../../lambda/core/principal';
import { ruleFor } from '../../lambda/core/registry';
import { SESSION_EVENT_NAMES, SESSION_EVENT_SOURCE } from '../../lambda/core/session';
import { IamTagsResult, PlanSettings } from '../../lambda/core/tag-plan';
import { factsOf } from '../../lambda/engine/outcome';
import { recordSession } from '../../lambda/engine/record-session';
import { EventOutcome, tagEvent } from '../../lambda/engine/tag-event';
import { ExplainedEvent } from '../explain/contract';
import { explainEvents } from '../explain/explain';
import { Checkpoint } from './checkpoint';
import { DigestLedger } from './digests';
import { BackfillEngine, OnlineEngine, SetAside } from './engine';
import { dayFolder, daysBetween, LOG_FOLDER, parseTrailKey, TrailKey } from './layout';
import { BackfillProgress, silentBackfillProgress } from './progress-bar';
import { SESSION_LOOKBACK_HOURS, SessionView } from './session-view';
import { TrailSource } from './source';
import { addReason, BackfillSummary, emptySummary, serviceCounts } from './summary';
import { mapLimit } from '../common/map-limit';

const gunzipAsync = promisify(gunzip);
const HOUR_MS = 3_600_000;

/**
 * How long a create event waits, in trail time, for the STS event of its session to be read: CloudTrail delivers
 * logs "within an average of about 5 minutes", a time it does not guarantee (User Guide, "How CloudTrail works"), so
 * the safe reading allows an hour. Trail time is the delivery stamp of the newest file read: nothing waits in
 * wall-clock time, and only an hour of create events is ever held.
 */
export const SESSION_HOLD_MS = 60 * 60_000;

export interface BackfillInput {
  source: TrailSource;
  since: Date;
  until: Date;
  accounts?: string[];
  regions?: string[];
  mode: BackfillSummary['mode'];
  settings: PlanSettings;
  /** The AWS side (tagger role clients, IAM tags, rate limits); absent with --offline. */
  online?: OnlineEngine;
  /** IAM tags for --offline (from --principal-tags, or none). */
  offlineIamTags?: { read(ref: IamPrincipalRef): Promise<IamTagsResult> };
  digests?: DigestLedger;
  checkpoint: Checkpoint;
  /** Files listed and read at once. */
  readConcurrency?: number;
  /** Create events handled at once (their current-tag reads share GetResources calls). */
  eventConcurrency?: number;
  /** With --offline: each create event, in the explain contract. */
  onExplained?: (e: ExplainedEvent) => void;
  progress?: BackfillProgress;
  /** Stops reading files; the events already read are handled and the checkpoint saved. */
  signal?: AbortSignal;
  /** The day folders after this day are not listed (default: today). */
  today?: Date;
  /** Checkpoint saves at most this often while running (default 2 s). */
  saveEveryMs?: number;
}

interface Held {
  time: number;
  record: Record<string, unknown>;
  file: FileState;
}

interface FileState {
  key: TrailKey;
  pending: number;
  read: boolean;
  day: DayState;
}

interface DayState {
  day: string;
  keys: string[];
  remaining: number;
}

interface Stream {
  org: string;
  account: string;
  region: string;
}

const SESSION_EVENTS: ReadonlySet<string> = new Set(SESSION_EVENT_NAMES);
const silentLog = { info: () => undefined, warn: () => undefined };

/**
 * Replays an organization trail through the live engine. Day by day, the log files of every account and region are
 * read in delivery order; STS events go into the session view at once, create events wait in trail time until the
 * STS events of their sessions can have been read (SESSION_HOLD_MS), then go through the engine: with --offline
 * against the tags they were created with (a preview like explain), otherwise against their current tags.
 */
export async function runBackfill(input: BackfillInput): Promise<BackfillSummary> {
  const run = new BackfillRun(input);
  return run.execute();
}

class BackfillRun {
  private readonly summary: BackfillSummary;
  private readonly view: SessionView;
  private readonly engine?: BackfillEngine;
  private readonly progress: BackfillProgress;
  private held: Held[] = [];
  private frontier = 0;
  private createIndex = 0;
  private lastSave = 0;

  constructor(private readonly input: BackfillInput) {
    this.summary = input.checkpoint.summary ? structuredClone(input.checkpoint.summary) : emptySummary(input.mode);
    this.summary.complete = false;
    this.view = new SessionView(input.checkpoint.sessions);
    this.progress = input.progress ?? silentBackfillProgress;
    if (input.mode !== 'offline') {
      if (!input.online) throw new Error('a backfill that reads AWS needs its clients');
      this.engine = new BackfillEngine(input.online, input.settings, this.view, input.mode === 'apply');
    }
  }

  async execute(): Promise<BackfillSummary> {
    const { since, until } = this.input;
    const lastDay = new Date(Math.min(until.getTime() + 24 * HOUR_MS, (this.input.today ?? new Date()).getTime()));
    const days = daysBetween(new Date(since.getTime() - SESSION_LOOKBACK_HOURS * HOUR_MS), lastDay);
    const callsBefore = { ...this.summary.awsCalls };
    try {
      const streams = await this.streams();
      if (streams.length === 0) {
        throw new Error(
          `no organization trail log folders under ${this.input.source.label}: expected AWSLogs/<org-id>/<account>/` +
            'CloudTrail/<region>/ there (for a folder, pass the one that holds AWSLogs/; check --accounts and --regions)',
        );
      }
      for (const [i, day] of days.entries()) {
        if (this.input.signal?.aborted) break;
        if (this.input.checkpoint.isDayDone(day)) continue;
        await this.readDay(streams, day, days[i + 1] ?? nextDay(day), (share) => (i + share) / days.length);
        this.input.digests?.forgetBefore(day);
      }
      await this.release(Number.POSITIVE_INFINITY);
      this.summary.complete = !this.input.signal?.aborted;
    } finally {
      this.summary.awsCalls = {
        reads: callsBefore.reads + (this.engine?.reader.calls ?? 0),
        writes: callsBefore.writes + (this.engine?.writeCalls ?? 0),
      };
      for (const p of this.input.digests?.problems ?? []) {
        if (!this.summary.files.unverified.some((u) => u.file === p.file))
          this.summary.files.unverified.push({ file: p.file, reason: `digest file: ${p.reason}` });
      }
      this.summary.warnings = this.warnings();
      this.input.checkpoint.save(this.view.records(), this.summary);
      this.progress.done();
    }
    return this.summary;
  }

  private warnings(): string[] {
    const warnings = this.summary.warnings.filter((w) => !w.startsWith('no STS events'));
    if (this.summary.records.sessionEvents === 0) {
      warnings.push(
        'no STS events were found: session tags cannot be replayed. The trail must log read-only management events ' +
          '(AssumeRole is read-only); every create event was planned without session tags.',
      );
    }
    return warnings;
  }

  /** Every organization, account and region folder the filters select. */
  private async streams(): Promise<Stream[]> {
    const { source, accounts, regions } = this.input;
    const streams: Stream[] = [];
    const orgs = (await source.listFolders(`${source.root}AWSLogs/`)).filter((o) => /^o-[a-z0-9]{10,32}$/.test(o));
    for (const org of orgs) {
      const ids = (await source.listFolders(`${source.root}AWSLogs/${org}/`)).filter(
        (a) => /^\d{12}$/.test(a) && (!accounts?.length || accounts.includes(a)),
      );
      const perAccount = await mapLimit(ids, this.readConcurrency, async (account) =>
        (await source.listFolders(`${source.root}AWSLogs/${org}/${account}/${LOG_FOLDER}/`))
          .filter((r) => !regions?.length || regions.includes(r))
          .map((region) => ({ org, account, region })),
      );
      streams.push(...perAccount.flat());
    }
    return streams;
  }

  private get readConcurrency(): number {
    return this.input.readConcurrency ?? 8;
  }

  private async readDay(streams: Stream[], day: string, next: string, share: (part: number) => number): Promise<void> {
    const { source, checkpoint, digests } = this.input;
    const listed = await mapLimit(streams, this.readConcurrency, (s) =>
      source.listFiles(dayFolder(source.root, s.org, s.account, LOG_FOLDER, s.region, day)),
    );
    const keys = listed
      .flat()
      .map(parseTrailKey)
      .filter((k): k is TrailKey => k?.kind === 'log')
      .sort((a, b) => (a.stamp === b.stamp ? a.key.localeCompare(b.key) : a.stamp.localeCompare(b.stamp)));
    const todo = keys.filter((k) => !checkpoint.isFileDone(k.key));
    this.summary.files.skippedByCheckpoint += keys.length - todo.length;
    const state: DayState = { day, keys: keys.map((k) => k.key), remaining: todo.length };
    if (todo.length === 0) {
      checkpoint.markDay(day, state.keys);
      return;
    }
    if (digests)
      await mapLimit(streams, this.readConcurrency, (s) => digests.prepare(s.org, s.account, s.region, day, next));

    // Files are read ahead concurrently, and handled one by one in delivery order. Once stopped, no read starts, and
    // the files already read are still handled, so that none is read again on resuming.
    const reads: (Promise<Buffer> | undefined)[] = [];
    let started = 0;
    const startReads = (consumed: number) => {
      for (; started < todo.length && started < consumed + this.readConcurrency; started++) {
        const reading = source.read(todo[started].key);
        reading.catch(() => undefined);
        reads[started] = reading;
      }
    };
    for (let i = 0; i < todo.length; i++) {
      if (!this.input.signal?.aborted) startReads(i);
      if (i >= started) break;
      let raw: Buffer;
      try {
        raw = await reads[i]!;
      } catch (e) {
        throw new Error(`cannot read ${todo[i].key} from ${source.label}: ${(e as Error).message}`, { cause: e });
      }
      reads[i] = undefined;
      await this.handleFile({ key: todo[i], pending: 0, read: false, day: state }, raw);
      this.progress.update(share((i + 1) / todo.length), this.summary.records.read);
    }
  }

  private async handleFile(file: FileState, raw: Buffer): Promise<void> {
    const { key } = file;
    let records: unknown[] | undefined;
    try {
      const content = await gunzipAsync(raw);
      const check = this.input.digests?.check(key.tail, content);
      if (check && !check.ok) {
        this.summary.files.unverified.push({ file: key.tail, reason: check.reason });
      } else {
        const parsed = JSON.parse(content.toString('utf8')) as unknown;
        records = isObject(parsed) && Array.isArray(parsed.Records) ? parsed.Records : undefined;
        if (!records)
          this.summary.files.unverified.push({
            file: key.tail,
            reason: 'not a CloudTrail log file: no "Records" list',
          });
      }
    } catch (e) {
      this.summary.files.unverified.push({
        file: key.tail,
        reason: `not a gzip JSON log file: ${(e as Error).message}`,
      });
    }
    this.summary.files.read++;
    for (const record of records ?? []) await this.handleRecord(record, file);
    file.read = true;
    if (file.pending === 0) this.fileDone(file);
    this.frontier = Math.max(this.frontier, Date.parse(key.stamp));
    await this.release(this.frontier - SESSION_HOLD_MS);
    // A session that expired an hour before the oldest event still to come (waiting, or in a file not read yet) is
    // of no use any more.
    const oldest = Math.min(this.frontier - SESSION_HOLD_MS, ...(this.held.length > 0 ? [this.held[0].time] : []));
    this.view.forgetExpiredBefore(new Date(oldest - HOUR_MS));
  }

  private async handleRecord(record: unknown, file: FileState): Promise<void> {
    const s = this.summary.records;
    s.read++;
    if (!isObject(record)) return addReason(s.refused, 'malformed', `a record of ${file.key.tail} is not an object`);
    // An organization trail delivers each account's and region's records to its own folder: a record that names
    // another account or region than its key was not put there by CloudTrail.
    if (record.recipientAccountId !== file.key.account || record.awsRegion !== file.key.region) {
      return addReason(
        s.refused,
        'key-mismatch',
        `${String(record.eventID)} names account ${String(record.recipientAccountId)} and region ${String(record.awsRegion)}, its key ${file.key.account} ${file.key.region} (${file.key.tail})`,
      );
    }
    if (
      record.eventSource === SESSION_EVENT_SOURCE &&
      typeof record.eventName === 'string' &&
      SESSION_EVENTS.has(record.eventName)
    ) {
      s.sessionEvents++;
      const outcome = await recordSession(record, { store: this.view, log: silentLog, count: () => undefined });
      if (outcome.status === 'rejected')
        addReason(
          s.refused,
          `session-${outcome.rejection.code}`,
          `${String(record.eventID)}: ${outcome.rejection.message}`,
        );
      return;
    }
    const time = typeof record.eventTime === 'string' ? Date.parse(record.eventTime) : Number.NaN;
    if (!(time >= this.input.since.getTime() && time < this.input.until.getTime())) {
      s.outsideRange++;
      return;
    }
    if (
      typeof record.eventSource !== 'string' ||
      typeof record.eventName !== 'string' ||
      !ruleFor(record.eventSource, record.eventName)
    ) {
      s.unsupported++;
      return;
    }
    file.pending++;
    this.held.push({ time, record, file });
  }

  /**
   * Hands the events made up to `cutoff` to the engine, oldest first, `eventConcurrency` at a time. They are let
   * through in groups of at least that many (except at the end), so that their current-tag reads fill GetResources
   * calls rather than making one each.
   */
  private async release(cutoff: number): Promise<void> {
    if (this.held.length === 0) return;
    const width = this.input.eventConcurrency ?? 100;
    this.held.sort((a, b) => a.time - b.time);
    let ready = 0;
    while (ready < this.held.length && this.held[ready].time <= cutoff) ready++;
    if (ready < width && cutoff !== Number.POSITIVE_INFINITY) return;
    const batch = this.held.slice(0, ready);
    this.held = this.held.slice(ready);
    for (let i = 0; i < batch.length; i += width) {
      await Promise.all(batch.slice(i, i + width).map((h) => this.handleCreate(h)));
    }
  }

  private async handleCreate(h: Held): Promise<void> {
    this.summary.records.createEvents++;
    if (this.engine) await this.applyEngine(h, this.engine);
    else await this.preview(h);
    h.file.pending--;
    if (h.file.read && h.file.pending === 0) this.fileDone(h.file);
  }

  private async preview(h: Held): Promise<void> {
    const [explained] = await explainEvents([h.record], {
      settings: this.input.settings,
      sessions: this.view,
      iamTags: this.input.offlineIamTags ?? {
        read: () =>
          Promise.resolve({
            status: 'unavailable',
            reason: 'IAM tags are not read offline: pass --principal-tags FILE',
          }),
      },
    });
    explained.index = this.createIndex++;
    this.input.onExplained?.(explained);
    const s = this.summary;
    const code = explained.reason.split(':')[0];
    if (explained.action === 'ignore') {
      if (code === 'failed-call') s.records.failedCalls++;
      else s.records.unsupported++;
      return;
    }
    if (explained.action !== 'tag')
      return addReason(s.records.refused, code, `${explained.eventId}: ${explained.reason}`);
    if (explained.warnings.some((w) => w.startsWith('tagged without session tags'))) s.withoutSessionTags++;
    for (const [i, w] of explained.writes.entries()) {
      const counts = serviceCounts(s, explained.account ?? '?', explained.resources[i]?.service ?? '?');
      const n = Object.keys(w.tags).length;
      if (n > 0) {
        s.resources.tagged++;
        counts.tagged++;
        counts.tagsWritten += n;
      } else {
        s.resources.alreadyRight++;
        counts.alreadyRight++;
      }
    }
  }

  private async applyEngine(h: Held, engine: BackfillEngine): Promise<void> {
    const s = this.summary;
    const setAside: SetAside[] = [];
    let outcome: EventOutcome;
    try {
      outcome = await tagEvent(h.record, engine.depsFor(setAside));
    } catch (e) {
      outcome = { facts: factsOf(h.record), status: 'retry', reason: `unexpected fault: ${(e as Error).message}` };
    }
    for (const a of setAside) {
      const counts = serviceCounts(s, a.resource.account, a.resource.service);
      if (a.status === 'gone') {
        s.resources.gone++;
        counts.gone++;
      } else {
        addReason(s.resources.refused, 'unreadable', `${a.resource.arn}: ${a.reason}`);
        counts.refused++;
      }
    }
    if (outcome.status === 'ignored') {
      if (outcome.code === 'failed-call') s.records.failedCalls++;
      else s.records.unsupported++;
      return;
    }
    if ('plan' in outcome && outcome.plan?.warnings.some((w) => w.code === 'session-missing')) s.withoutSessionTags++;
    const outcomes = 'outcomes' in outcome ? outcome.outcomes : undefined;
    if (!outcomes) {
      if (outcome.status === 'rejected')
        addReason(s.records.refused, outcome.code, `${outcome.facts.eventId ?? '?'}: ${outcome.reason}`);
      else if (outcome.status === 'retry')
        addReason(s.resources.failed, 'not-handled', `${outcome.facts.eventId ?? '?'}: ${outcome.reason}`);
      return;
    }
    for (const o of outcomes) {
      const counts = serviceCounts(s, o.resource.account, o.resource.service);
      if (o.status === 'written') {
        s.resources.tagged++;
        counts.tagged++;
        counts.tagsWritten += Object.keys(o.written).length;
      } else if (o.status === 'unchanged') {
        s.resources.alreadyRight++;
        counts.alreadyRight++;
      } else if (o.error?.kind === 'not-yet-visible') {
        // Backfill runs long after the creation: "not found" means deleted since, not "not visible yet".
        s.resources.gone++;
        counts.gone++;
      } else {
        addReason(s.resources.failed, o.error?.code ?? 'failed', `${o.resource.arn}: ${o.error?.reason ?? 'failed'}`);
        counts.failed++;
      }
    }
  }

  private fileDone(file: FileState): void {
    const { checkpoint } = this.input;
    checkpoint.markFile(file.key.key);
    if (--file.day.remaining === 0) checkpoint.markDay(file.day.day, file.day.keys);
    const now = Date.now();
    if (now - this.lastSave >= (this.input.saveEveryMs ?? 2000)) {
      this.lastSave = now;
      checkpoint.save(this.view.records(), this.summary);
    }
  }
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
