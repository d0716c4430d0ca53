import { Command } from 'commander';
import { loadConfig, TagwardenConfig } from '../config';

/** Where a command writes: injectable so tests can read what a command printed. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const consoleOutput: Output = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

/** The options every command inherits from the root command. */
export interface GlobalOptions {
  config?: string;
  profile?: string;
  region?: string;
  json?: boolean;
}

/** What a command module gets: the parsed global options, a lazy config loader and the output. */
export interface CommandContext {
  globals(): GlobalOptions;
  config(): TagwardenConfig;
  output: Output;
}

/** A command module adds its subcommand(s) to the root program. */
export type Registrar = (program: Command, ctx: CommandContext) => void;

export function buildProgram(registrars: Registrar[], output: Output = consoleOutput): Command {
  const program = new Command('tagwarden')
    .description('Org-wide principal-tag propagation and the principal-tag guard for AWS Organizations.')
    .option('-c, --config <path>', 'tagwarden config file (YAML or JSON); default: $TAGWARDEN_CONFIG, else ./tagwarden.config.yaml')
    .option('--profile <name>', 'AWS profile to use, as with the AWS CLI')
    .option('--region <region>', 'AWS region for API calls, as with the AWS CLI')
    .option('--json', 'print machine-readable JSON instead of text')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (t) => output.out(t), writeErr: (t) => output.err(t) })
    .exitOverride();
  program.hook('preAction', () => {
    const { profile, region } = program.opts<GlobalOptions>();
    // The SDK's default credential and region chains read these, so every client honours the flags.
    if (profile) process.env.AWS_PROFILE = profile;
    if (region) process.env.AWS_REGION = region;
  });
  let config: TagwardenConfig | undefined;
  const ctx: CommandContext = {
    globals: () => program.opts<GlobalOptions>(),
    config: () => (config ??= loadConfig(program.opts<GlobalOptions>().config)),
    output,
  };
  for (const register of registrars) register(program, ctx);
  return program;
}
