import { configJsonSchema } from '../config/json-schema';
import { unknownExemptionActions } from '../config/exemption-actions';
import { describeSlots, slotsNeeded } from '../policies/slots';
import { generate } from './policies';
import { printJson } from './json-output';
import { Registrar } from './program';
import { COMMAND_SUMMARY } from './summaries';

/** Bumped when a field of `config validate --json` changes meaning or is removed. */
export const CONFIG_JSON_VERSION = 1;

/**
 * `tagwarden config validate|schema`: check the config as everything that uses it would (and warn about doubtful
 * values, and say how many policy slots its guard takes), or print its JSON Schema.
 */
export const registerConfig: Registrar = (program, ctx) => {
  const config = program.command('config').description(COMMAND_SUMMARY.config);
  config
    .command('validate')
    .description(
      'Validate the config file, generate its policies as `policies export` would, and print it with every default ' +
        'filled in and the policy slots its guard takes; warns on exemption actions AWS does not know',
    )
    .action(async () => {
      const resolved = ctx.config();
      for (const warning of await unknownExemptionActions(resolved)) ctx.output.err(warning);
      // A config that validates must also export: the policies it yields must fit AWS's size limit.
      const policies = generate(ctx);
      if (ctx.globals().json) {
        const documents = policies.map((p) => ({ name: p.name, type: p.type, size: p.size }));
        printJson(ctx, CONFIG_JSON_VERSION, {
          valid: true,
          policies: documents,
          slots: slotsNeeded(policies),
          resolved,
        });
        return;
      }
      ctx.output.out(`config is valid\n${describeSlots(policies)}\n${JSON.stringify(resolved, null, 2)}`);
    });
  config
    .command('schema')
    .description('Print the JSON Schema of the config file, for editors that validate and complete YAML or JSON')
    .action(() => {
      ctx.output.out(JSON.stringify(configJsonSchema(), null, 2));
    });
};
