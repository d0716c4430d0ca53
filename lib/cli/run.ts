import { CommanderError } from 'commander';
import { ConfigError } from '../config';
import { CliError } from '../common/cli-error';
import { buildProgram, consoleOutput, Output, Registrar } from './program';

/**
 * Parses argv and runs the command. Returns the exit code instead of exiting, so tests can call it.
 * Every failure becomes one line on stderr and a non-zero code; only unexpected faults print a stack.
 */
export async function runCli(argv: string[], registrars: Registrar[], output: Output = consoleOutput): Promise<number> {
  const program = buildProgram(registrars, output);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof CliError) {
      output.err(`tagwarden: ${e.message}`);
      return e.exitCode;
    }
    if (e instanceof ConfigError) {
      output.err(`tagwarden: ${e.message}`);
      return 2;
    }
    const err = e as Error & { name?: string };
    if (err.name === 'CredentialsProviderError') {
      output.err('tagwarden: no AWS credentials found: pass --profile NAME, or configure credentials as for the AWS CLI');
      return 1;
    }
    output.err(`tagwarden: ${err.name ?? 'Error'}: ${err.message}`);
    if (process.env.TAGWARDEN_DEBUG) output.err(String(err.stack));
    return 1;
  }
}
