/** Where progress goes: the CLI's standard error. */
export interface ProgressOutput {
  err(text: string): void;
}

const count = new Intl.NumberFormat('en-US');

/** "1,000": counts as people read them. */
export function formatCount(n: number): string {
  return count.format(n);
}

/** Reports progress of long listings, e.g. `update('listed', 'accounts', 400, 1000)`. */
export interface Progress {
  update(verb: string, noun: string, done: number, total?: number): void;
  /** The final count of a listing whose total was not known while it ran; printed only if progress was shown. */
  finish(verb: string, noun: string, done: number): void;
}

export const silentProgress: Progress = { update: () => undefined, finish: () => undefined };

/**
 * Writes "listed 400/1,000 accounts" to stderr each time `every` more items are done, and when a known total is
 * reached, so stdout stays clean for tables. With --json it is silent: machine readers get the result only.
 */
export function progressReporter(output: ProgressOutput, json: boolean | undefined, every = 200): Progress {
  if (json) return silentProgress;
  const printed = new Map<string, number>();
  return {
    update(verb, noun, done, total) {
      const key = `${verb} ${noun}`;
      const last = printed.get(key) ?? 0;
      const reachedTotal = total !== undefined && done >= total && done > last;
      if (done - last < every && !reachedTotal) return;
      printed.set(key, done);
      output.err(`${verb} ${formatCount(done)}${total === undefined ? '' : `/${formatCount(total)}`} ${noun}`);
    },
    finish(verb, noun, done) {
      const last = printed.get(`${verb} ${noun}`);
      if (last !== undefined && last !== done) output.err(`${verb} ${formatCount(done)} ${noun}`);
    },
  };
}
