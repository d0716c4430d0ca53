import { arnField, obj, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

/** KMS logs creation tags as `{tagKey, tagValue}`. */
export const kmsRules: ResourceRule[] = [
  rgtaRule('kms.amazonaws.com', 'CreateKey', 'key', (ctx) => {
    const meta = obj(ctx.response, 'keyMetadata', 'responseElements');
    return {
      id: str(meta, 'keyId', 'responseElements.keyMetadata'),
      arn: arnField(meta, 'arn', 'responseElements.keyMetadata', 'kms'),
      creationTags: tagsFrom(ctx.request.tags),
    };
  }),
];
