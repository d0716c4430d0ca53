import { arnField, arnName, rgtaRule, tagsFrom } from './fields';
import { ResourceRule } from './types';

const SOURCE = 'lambda.amazonaws.com';

/** CloudTrail names Lambda events after the API version: CreateFunction20150331, and the older CreateFunction. */
export const lambdaRules: ResourceRule[] = ['CreateFunction20150331', 'CreateFunction'].map((eventName) =>
  rgtaRule(SOURCE, eventName, 'function', (ctx) => {
    const arn = arnField(ctx.response, 'functionArn', 'responseElements', 'lambda');
    return { id: arnName(arn), arn, creationTags: tagsFrom(ctx.request.tags) };
  }),
);
