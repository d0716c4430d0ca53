import { arnField, obj, rgtaRule, tagsFrom } from './fields';
import { ResourceRule } from './types';

const SOURCE = 'ecs.amazonaws.com';

function ecsRule(eventName: string, type: string, body: string, arnFieldName: string): ResourceRule {
  return rgtaRule(SOURCE, eventName, type, (ctx) => {
    const arn = arnField(obj(ctx.response, body, 'responseElements'), arnFieldName, `responseElements.${body}`, 'ecs');
    return { id: arn, arn, creationTags: tagsFrom(ctx.request.tags) };
  });
}

export const ecsRules: ResourceRule[] = [
  ecsRule('CreateCluster', 'cluster', 'cluster', 'clusterArn'),
  ecsRule('CreateService', 'service', 'service', 'serviceArn'),
  ecsRule('CreateTaskSet', 'task-set', 'taskSet', 'taskSetArn'),
];
