import { arnField, rgtaRule, tagsFrom } from './fields';
import { ResourceRule } from './types';

export const stepfunctionsRules: ResourceRule[] = [
  rgtaRule('states.amazonaws.com', 'CreateStateMachine', 'stateMachine', (ctx) => {
    const arn = arnField(ctx.response, 'stateMachineArn', 'responseElements', 'states');
    return { id: arn, arn, creationTags: tagsFrom(ctx.request.tags) };
  }),
];
