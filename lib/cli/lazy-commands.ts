import { Registrar } from './program';
import { COMMAND_SUMMARY, CommandName } from './summaries';

/**
 * Each command's module, loaded only when that command runs: a module brings its AWS SDK clients with it, and
 * `tagwarden --help` or one command should not pay for all of them. `require` keeps the loading synchronous, so the
 * program is built as before; the types come from the modules themselves.
 */
const LOADERS: Record<CommandName, () => Registrar> = {
  policies: () => (require('./policies') as typeof import('./policies')).registerPolicies,
  explain: () => (require('./explain') as typeof import('./explain')).registerExplain,
  enrollment: () => (require('./enrollment') as typeof import('./enrollment')).registerEnrollment,
  grant: () => (require('./grant') as typeof import('./grant')).registerGrant,
  revoke: () => (require('./grant') as typeof import('./grant')).registerGrant,
  list: () => (require('./list-tags') as typeof import('./list-tags')).registerListTags,
  coverage: () => (require('./coverage') as typeof import('./coverage')).registerCoverage,
  backfill: () => (require('./backfill') as typeof import('./backfill')).registerBackfill,
  selftest: () => (require('./selftest') as typeof import('./selftest')).registerSelftest,
  trace: () => (require('./trace') as typeof import('./trace')).registerTrace,
  dlq: () => (require('./dlq') as typeof import('./dlq')).registerDlq,
  lint: () => (require('./lint') as typeof import('./lint')).registerLint,
  config: () => (require('./config-command') as typeof import('./config-command')).registerConfig,
};

/** Root options that take a value: the token after them is not a command name. */
const OPTIONS_WITH_VALUE = new Set(['-c', '--config', '--profile', '--region']);

function isCommandName(token: string): token is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMAND_SUMMARY, token);
}

/** The command argv names (`help policies` names `policies`), or undefined for the root. */
export function commandOf(argv: string[]): CommandName | undefined {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (OPTIONS_WITH_VALUE.has(token)) {
      i++;
      continue;
    }
    if (token.startsWith('-')) continue;
    if (token === 'help' && argv[i + 1] !== undefined) return commandOf(argv.slice(i + 1));
    return isCommandName(token) ? token : undefined;
  }
  return undefined;
}

/**
 * The registrars argv needs: the one command it names, or, for the root (help, --version, an unknown command),
 * one line per command from its summary, so that nothing heavy loads.
 */
export function registrarsFor(argv: string[]): Registrar[] {
  const name = commandOf(argv);
  if (name !== undefined) return [LOADERS[name]()];
  return [
    (program) => {
      for (const [command, summary] of Object.entries(COMMAND_SUMMARY)) program.command(command).summary(summary);
    },
  ];
}

/** Every command's registrar, in the order `--help` lists them: for the tests and docs that walk the whole CLI. */
export function allCommands(): Registrar[] {
  return [...new Set(Object.values(LOADERS).map((load) => load()))];
}
