import { Registrar } from './program';

/** Bumped when a field of `config validate --json` changes meaning or is removed. */
export const CONFIG_JSON_VERSION = 1;

/** `tagwarden config validate`: load the config, list every problem, print the resolved values. */
export const registerConfig: Registrar = (program, ctx) => {
  const config = program.command('config').description('Inspect the tagwarden config');
  config
    .command('validate')
    .description('Validate the config file and print it with every default filled in')
    .action(() => {
      const resolved = ctx.config();
      const body = { version: CONFIG_JSON_VERSION, config: ctx.configSource() ?? null, valid: true, resolved };
      ctx.output.out(ctx.globals().json ? JSON.stringify(body, null, 2) : `config is valid\n${JSON.stringify(resolved, null, 2)}`);
    });
};
