/**
 * The CLI's exit codes, one contract for every command (docs/cli.md):
 * - 0: done;
 * - 1: failed while calling AWS, or found what the command checks for (lint errors);
 * - 2: refused before anything was called: a usage error, a bad argument, a bad config or input file;
 * - 3: the check ran, and what it reports is incomplete or failing (enrollment, coverage, selftest, a trace that
 *   found nothing);
 * - 4: refused after reading AWS and before changing anything (a target without free policy slots);
 * - 130: interrupted by Ctrl-C, after cleaning up.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, incomplete: 3, refused: 4, interrupted: 130 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI reports as one line, with a non-zero exit code, and no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A refusal before any AWS call: a bad argument, flag or file. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}
