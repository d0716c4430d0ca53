import { CommandContext } from './program';

/** The fields every `--json` result starts with (docs/cli.md, "JSON output"). */
export interface JsonHeader<V extends number = number> {
  /** The version of this result's own contract: bumped only when a field is removed or changes meaning. */
  version: V;
  /** The config file the command read, or null when it read none (built-in defaults, or a command that needs none). */
  config: string | null;
}

/** The header of a `--json` result, from the result's own version constant and the config the command loaded. */
export function jsonHeader<V extends number>(ctx: Pick<CommandContext, 'configSource'>, version: V): JsonHeader<V> {
  return { version, config: ctx.configSource() ?? null };
}

/** Prints a `--json` result on stdout: the header first, then the result's own fields. */
export function printJson(ctx: CommandContext, version: number, body: object): void {
  ctx.output.out(JSON.stringify({ ...jsonHeader(ctx, version), ...body }, null, 2));
}
