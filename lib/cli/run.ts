import { CommanderError } from 'commander';
import { ConfigError } from '../config';
import { boundedMessage } from '../excerpt';
import { PolicySizeError } from '../policies';
import { CliError, EXIT, ExitCode } from '../common/cli-error';
import { jsonHeader } from './json-output';
import { buildCommandLine, consoleOutput, Output, Registrar } from './program';

/** Bumped when the shape of the `--json` error object changes. */
export const ERROR_JSON_VERSION = 1;

/** What `--json` prints on stdout when a command fails: `{ version, config, error: { code, exitCode, message } }`. */
export type ErrorCode =
  'usage' | 'config' | 'credentials' | 'network' | 'incomplete' | 'refused' | 'interrupted' | 'failed';

const CODE_OF_EXIT: Record<ExitCode, ErrorCode> = {
  0: 'failed',
  1: 'failed',
  2: 'usage',
  3: 'incomplete',
  4: 'refused',
  130: 'interrupted',
};

/** Node's codes for a host that cannot be resolved or reached. */
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

interface Failure {
  code: ErrorCode;
  exitCode: ExitCode;
  message: string;
  /** Print the stack with TAGWARDEN_DEBUG: only faults nobody anticipated. */
  unexpected?: boolean;
}

function classify(e: unknown): Failure {
  if (e instanceof CliError) return { code: CODE_OF_EXIT[e.exitCode], exitCode: e.exitCode, message: e.message };
  if (e instanceof ConfigError) return { code: 'config', exitCode: EXIT.usage, message: e.message };
  // A config whose documents cannot fit is refused before anything is called, like any other bad config.
  if (e instanceof PolicySizeError) return { code: 'config', exitCode: EXIT.usage, message: e.message };
  const err = e as Error & { code?: string; hostname?: string; $metadata?: unknown };
  if (err.name === 'CredentialsProviderError') {
    return {
      code: 'credentials',
      exitCode: EXIT.failed,
      message: 'no AWS credentials found: pass --profile NAME, or configure credentials as for the AWS CLI',
    };
  }
  if ((err.code && NETWORK_CODES.has(err.code)) || err.name === 'TimeoutError') {
    const where = err.hostname ? ` ${err.hostname}` : ' AWS';
    return {
      code: 'network',
      exitCode: EXIT.failed,
      message: `the network is unreachable: cannot reach${where} (${err.code ?? err.name}); check the connection, any proxy (HTTPS_PROXY) and --region`,
    };
  }
  return { code: 'failed', exitCode: EXIT.failed, message: `${err.name ?? 'Error'}: ${err.message}`, unexpected: true };
}

/**
 * Parses argv and runs the command. Returns the exit code instead of exiting, so tests can call it.
 * Every failure becomes one line on stderr and a non-zero code (with --json, also a JSON object on stdout, unless
 * the command already printed its JSON result);
 * only unexpected faults print a stack, and only with TAGWARDEN_DEBUG.
 */
export async function runCli(argv: string[], registrars: Registrar[], output: Output = consoleOutput): Promise<number> {
  // A command that printed its result before failing (lint's findings, enrollment's report) keeps stdout one JSON
  // document: the error object is printed only when nothing else was.
  let printed = false;
  const tracked: Output = { out: (t) => ((printed = true), output.out(t)), err: (t) => output.err(t) };
  const { program, ctx } = buildCommandLine(registrars, tracked);
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and --version end in a CommanderError with exit code 0; every other one is a usage error.
      if (e.exitCode === 0) return 0;
      if (json && !printed)
        output.out(
          JSON.stringify({
            ...jsonHeader(ctx, ERROR_JSON_VERSION),
            error: { code: 'usage', exitCode: EXIT.usage, message: boundedMessage(e.message) },
          }),
        );
      return EXIT.usage;
    }
    const failure = classify(e);
    const message = boundedMessage(failure.message);
    output.err(`tagwarden: ${message}`);
    if (json && !printed)
      output.out(
        JSON.stringify({
          ...jsonHeader(ctx, ERROR_JSON_VERSION),
          error: { code: failure.code, exitCode: failure.exitCode, message },
        }),
      );
    if (failure.unexpected && process.env.TAGWARDEN_DEBUG) output.err(String((e as Error).stack));
    return failure.exitCode;
  }
}
