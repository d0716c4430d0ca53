import { arnField, rgtaRule, tagsFrom } from './fields';
import { ResourceRule } from './types';

export const snsRules: ResourceRule[] = [
  rgtaRule('sns.amazonaws.com', 'CreateTopic', 'topic', (ctx) => {
    const arn = arnField(ctx.response, 'topicArn', 'responseElements', 'sns');
    return { id: arn, arn, creationTags: tagsFrom(ctx.request.tags) };
  }),
];
