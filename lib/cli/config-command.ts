import { describeSlots } from '../policies/slots';
import { generate } from './policies';
import { Registrar } from './program';

/**
 * `tagwarden config validate`: load the config, list every problem, print the resolved values and the policy slots
 * its guard takes.
 */
export const registerConfig: Registrar = (program, ctx) => {
  const config = program.command('config').description('Inspect the tagwarden config');
  config
    .command('validate')
    .description('Validate the config file; print it with every default filled in and the policy slots its guard takes')
    .action(() => {
      const resolved = ctx.config();
      if (ctx.globals().json) {
        ctx.output.out(JSON.stringify(resolved, null, 2));
        return;
      }
      ctx.output.out(`config is valid\n${describeSlots(generate(ctx))}\n${JSON.stringify(resolved, null, 2)}`);
    });
};
