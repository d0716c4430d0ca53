import { configJsonSchema } from '../config/json-schema';
import { unknownExemptionActions } from '../config/exemption-actions';
import { generate } from './policies';
import { Registrar } from './program';

/**
 * `tagwarden config validate|schema`: check the config as everything that uses it would (and warn about doubtful
 * values), or print its JSON Schema.
 */
export const registerConfig: Registrar = (program, ctx) => {
  const config = program.command('config').description('Inspect the tagwarden config');
  config
    .command('validate')
    .description(
      'Validate the config file, generate its policies as `policies export` would, and print it with every default ' +
        'filled in; warns on exemption actions AWS does not know',
    )
    .action(async () => {
      const resolved = ctx.config();
      for (const warning of await unknownExemptionActions(resolved)) ctx.output.err(warning);
      // A config that validates must also export: the policies it yields must fit AWS's size limit.
      const policies = generate(ctx);
      if (ctx.globals().json) {
        ctx.output.out(JSON.stringify(resolved, null, 2));
        return;
      }
      const sizes = policies.map((p) => `${p.name} ${p.size}`).join(', ');
      ctx.output.out(`config is valid; its ${policies.length} policies fit (${sizes} characters)\n${JSON.stringify(resolved, null, 2)}`);
    });
  config
    .command('schema')
    .description('Print the JSON Schema of the config file, for editors that validate and complete YAML or JSON')
    .action(() => {
      ctx.output.out(JSON.stringify(configJsonSchema(), null, 2));
    });
};
