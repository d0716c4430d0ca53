import { formatCount } from '../common/progress';
import { ProgressOutput } from '../common/progress';

export interface BackfillProgress {
  /** `fraction` of the run done (0..1), records read so far. */
  update(fraction: number, records: number): void;
  done(): void;
}

export const silentBackfillProgress: BackfillProgress = { update: () => undefined, done: () => undefined };

/**
 * A progress bar on stderr: share done, records per second and the time left at that pace. Redrawn in place on a
 * terminal, a line every few seconds otherwise (logs of a long run stay readable).
 */
export function progressBar(output: ProgressOutput, isTty: boolean, now: () => number = Date.now): BackfillProgress {
  const started = now();
  let last = 0;
  let lastLine = '';
  const draw = (fraction: number, records: number) => {
    const elapsed = Math.max(now() - started, 1) / 1000;
    const rate = records / elapsed;
    const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : undefined;
    const width = 24;
    const filled = Math.round(Math.min(fraction, 1) * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1)}% ${formatCount(records)} records, ${formatCount(Math.round(rate))} records/s, ETA ${eta === undefined ? '?' : duration(eta)}`;
  };
  return {
    update(fraction, records) {
      const t = now();
      if (t - last < (isTty ? 200 : 5000)) return;
      last = t;
      lastLine = draw(fraction, records);
      if (isTty) process.stderr.write(`\r${lastLine}`);
      else output.err(lastLine);
    },
    done() {
      if (isTty && lastLine) process.stderr.write('\n');
    },
  };
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}
