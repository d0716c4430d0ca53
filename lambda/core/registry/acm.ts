import { arnField, rgtaRule, tagsFrom } from './fields';
import { ResourceRule } from './types';

export const acmRules: ResourceRule[] = [
  rgtaRule('acm.amazonaws.com', 'RequestCertificate', 'certificate', (ctx) => {
    const arn = arnField(ctx.response, 'certificateArn', 'responseElements', 'acm');
    return { id: arn, arn, creationTags: tagsFrom(ctx.request.tags) };
  }),
];
