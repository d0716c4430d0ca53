import { Command } from 'commander';
import { loadConfig, NO_CONFIG_HELP, parseConfig, resolveConfigPath, TagwardenConfig } from '../config';
import { isRegionCode } from '../../lambda/core/aws-syntax';
import { boundedMessage, excerpt } from '../excerpt';
import { PACKAGE_VERSION } from '../package-root';
import { notifySlowCalls } from '../common/aws-clients';
import { usageError } from '../common/cli-error';
import { profileExists } from './profiles';

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

/** What a command module gets: the parsed global options, lazy config loaders and the output. */
export interface CommandContext {
  globals(): GlobalOptions;
  /** The config of a command that reads or changes an organization: refuses (exit 2) when none is given. */
  config(): TagwardenConfig;
  /** The config of an offline command: the one given, else the documented built-in defaults (said on stderr). */
  offlineConfig(): TagwardenConfig;
  /** The config file in use, for JSON output: undefined before a config is loaded or when defaults are used. */
  configSource(): string | undefined;
  output: Output;
}

/** A command module adds its subcommand(s) to the root program. */
export type Registrar = (program: Command, ctx: CommandContext) => void;

/**
 * What `explain` and `lint` use without a config (docs/cli.md): the schema's defaults for every setting, with
 * placeholder ids that offline commands never read.
 */
export function builtInDefaults(): TagwardenConfig {
  return parseConfig(
    {
      organizationId: 'o-0000000000',
      managementAccountId: '000000000000',
      centralAccountId: '000000000001',
      homeRegion: 'us-east-1',
      governedRegions: ['us-east-1'],
      targetOus: ['r-0000'],
    },
    'built-in defaults',
  );
}

export function buildProgram(registrars: Registrar[], output: Output = consoleOutput): Command {
  return buildCommandLine(registrars, output).program;
}

/** The root program with every registrar's commands, and the context they share (its config, for error output). */
export function buildCommandLine(
  registrars: Registrar[],
  output: Output = consoleOutput,
): { program: Command; ctx: CommandContext } {
  const program = new Command('tagwarden')
    .description('Org-wide principal-tag propagation and the principal-tag guard for AWS Organizations.')
    .version(PACKAGE_VERSION, '-V, --version', 'print the tagwarden version')
    .option(
      '-c, --config <path>',
      'tagwarden config file (YAML or JSON); default: $TAGWARDEN_CONFIG, else ./tagwarden.config.yaml',
    )
    .option('--profile <name>', 'AWS profile to use, as with the AWS CLI')
    .option('--region <region>', 'AWS region for API calls, as with the AWS CLI')
    .option('--json', 'print machine-readable JSON instead of text (errors too)')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (t) => output.out(t), writeErr: (t) => output.err(boundedMessage(t)) })
    .exitOverride();
  program.hook('preAction', async () => {
    const { profile, region } = program.opts<GlobalOptions>();
    if (region !== undefined && !isRegionCode(region)) {
      throw usageError(`--region ${excerpt(region)} is not an AWS region code such as us-east-1 or eu-west-1`);
    }
    if (profile !== undefined && !(await profileExists(profile))) {
      throw usageError(
        `--profile ${excerpt(profile)} does not exist in the AWS config or credentials file (list them with: aws configure list-profiles)`,
      );
    }
    // The SDK's default credential and region chains read these, so every client honours the flags.
    if (profile) process.env.AWS_PROFILE = profile;
    if (region) process.env.AWS_REGION = region;
    notifySlowCalls((message) => output.err(message));
  });
  let config: TagwardenConfig | undefined;
  let source: string | undefined;
  const load = (path: string) => {
    // Named before it is read, so that the error of a config that does not load names it too.
    source = path;
    config = loadConfig(path);
    output.err(`using config ${path}`);
    return config;
  };
  const ctx: CommandContext = {
    globals: () => program.opts<GlobalOptions>(),
    config: () => {
      if (config) return config;
      const path = resolveConfigPath(program.opts<GlobalOptions>().config);
      if (path === undefined)
        throw usageError(`this command acts on your organization and needs a config: ${NO_CONFIG_HELP}`);
      return load(path);
    },
    offlineConfig: () => {
      if (config) return config;
      const path = resolveConfigPath(program.opts<GlobalOptions>().config);
      if (path !== undefined) return load(path);
      output.err(
        'no config found: using the built-in defaults (protected prefix scp-, Owner key Owner, conflict keep; see docs/cli.md)',
      );
      return (config = builtInDefaults());
    },
    configSource: () => source,
    output,
  };
  for (const register of registrars) register(program, ctx);
  return { program, ctx };
}
