import { unknownExemptionActions } from '../config/exemption-actions';
import { Registrar } from './program';

/** `tagwarden config validate`: load the config, list every problem, warn about doubtful values, print the resolved values. */
export const registerConfig: Registrar = (program, ctx) => {
  const config = program.command('config').description('Inspect the tagwarden config');
  config
    .command('validate')
    .description('Validate the config file and print it with every default filled in; warns on exemption actions AWS does not know')
    .action(async () => {
      const resolved = ctx.config();
      for (const warning of await unknownExemptionActions(resolved)) ctx.output.err(warning);
      ctx.output.out(ctx.globals().json ? JSON.stringify(resolved, null, 2) : `config is valid\n${JSON.stringify(resolved, null, 2)}`);
    });
};
