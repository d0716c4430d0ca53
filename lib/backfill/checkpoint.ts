import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { SessionRecord } from '../../lambda/core/session';
import { BackfillSummary } from './summary';

/** What a checkpoint belongs to: a run resumes only with the same source, range, filters and mode. */
export interface RunIdentity {
  source: string;
  since: string;
  until: string;
  accounts: string[];
  regions: string[];
  mode: BackfillSummary['mode'];
  verifyDigests: boolean;
}

interface CheckpointFile {
  version: 1;
  run: RunIdentity;
  /** Days whose every file is done: their files are not listed again. */
  doneDays: string[];
  /** Done files of days not yet done. */
  doneFiles: string[];
  /** The sessions still alive where the run stopped. */
  sessions: SessionRecord[];
  summary: BackfillSummary;
}

/**
 * The progress of a run, saved to a file (written whole to a temporary file, then renamed, so a crash never leaves
 * half a checkpoint). A file is recorded as done only once every create event it holds was handled, so a resumed
 * run reads no done file again and loses no event.
 */
export class Checkpoint {
  private readonly doneDays = new Set<string>();
  private readonly doneFiles = new Set<string>();
  readonly sessions: SessionRecord[] = [];
  readonly summary?: BackfillSummary;

  private constructor(
    private readonly file: string | undefined,
    private readonly run: RunIdentity,
    saved?: CheckpointFile,
  ) {
    if (!saved) return;
    saved.doneDays.forEach((d) => this.doneDays.add(d));
    saved.doneFiles.forEach((f) => this.doneFiles.add(f));
    this.sessions = saved.sessions;
    this.summary = saved.summary;
  }

  /** The checkpoint in `file` (a fresh one if the file does not exist); none at all without a file. */
  static open(file: string | undefined, run: RunIdentity): Checkpoint {
    if (!file || !existsSync(file)) return new Checkpoint(file, run);
    let saved: CheckpointFile;
    try {
      saved = JSON.parse(readFileSync(file, 'utf8')) as CheckpointFile;
    } catch (e) {
      throw new Error(
        `--checkpoint ${file} is not a backfill checkpoint (${(e as Error).message}): remove it or name another file`,
        { cause: e },
      );
    }
    if (saved.version !== 1 || JSON.stringify(saved.run) !== JSON.stringify(run)) {
      throw new Error(
        `--checkpoint ${file} belongs to another run (${JSON.stringify(saved.run)}): resume with the same options or name another file`,
      );
    }
    return new Checkpoint(file, run, saved);
  }

  get resumed(): boolean {
    return this.summary !== undefined;
  }

  isDayDone(day: string): boolean {
    return this.doneDays.has(day);
  }

  isFileDone(key: string): boolean {
    return this.doneFiles.has(key);
  }

  markFile(key: string): void {
    this.doneFiles.add(key);
  }

  /** Every file of `day` is done: one entry replaces theirs. */
  markDay(day: string, keys: string[]): void {
    this.doneDays.add(day);
    for (const k of keys) this.doneFiles.delete(k);
  }

  save(sessions: SessionRecord[], summary: BackfillSummary): void {
    if (!this.file) return;
    const data: CheckpointFile = {
      version: 1,
      run: this.run,
      doneDays: [...this.doneDays],
      doneFiles: [...this.doneFiles],
      sessions,
      summary,
    };
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(data));
    renameSync(temporary, this.file);
  }
}
