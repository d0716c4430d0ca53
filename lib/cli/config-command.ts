import { Registrar } from './program';

/** `tagwarden config validate`: load the config, list every problem, print the resolved values. */
export const registerConfig: Registrar = (program, ctx) => {
  const config = program.command('config').description('Inspect the tagwarden config');
  config
    .command('validate')
    .description('Validate the config file and print it with every default filled in')
    .action(() => {
      const resolved = ctx.config();
      ctx.output.out(ctx.globals().json ? JSON.stringify(resolved, null, 2) : `config is valid\n${JSON.stringify(resolved, null, 2)}`);
    });
};
