import { z } from 'zod';
import { configSchema } from './schema';

/**
 * The JSON Schema of the config file, generated from the zod schema that validates it, so that editors check and
 * complete what `config validate` accepts. It describes the file as written (defaults make fields optional). Rules
 * that span fields (one partition, the global region, exemption prefixes) are not expressible in it: `config
 * validate` still checks them.
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'tagwarden config',
    description:
      'The tagwarden config file (tagwarden.config.yaml). Check it completely with `tagwarden config validate`.',
  };
}
