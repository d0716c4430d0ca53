import { arnField, obj, rgtaRule, tagsFrom } from './fields';
import { ResourceRule } from './types';

const SOURCE = 'eks.amazonaws.com';

export const eksRules: ResourceRule[] = [
  rgtaRule(SOURCE, 'CreateCluster', 'cluster', (ctx) => {
    const arn = arnField(obj(ctx.response, 'cluster', 'responseElements'), 'arn', 'responseElements.cluster', 'eks');
    return { id: arn, arn, creationTags: tagsFrom(ctx.request.tags) };
  }),
  rgtaRule(SOURCE, 'CreateNodegroup', 'nodegroup', (ctx) => {
    const arn = arnField(
      obj(ctx.response, 'nodegroup', 'responseElements'),
      'nodegroupArn',
      'responseElements.nodegroup',
      'eks',
    );
    return { id: arn, arn, creationTags: tagsFrom(ctx.request.tags) };
  }),
];
