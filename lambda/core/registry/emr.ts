import { arnOr, buildArn, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

/** RunJobFlow creates an EMR cluster; older events give only the job flow id. */
export const emrRules: ResourceRule[] = [
  rgtaRule('elasticmapreduce.amazonaws.com', 'RunJobFlow', 'cluster', (ctx) => {
    const id = str(ctx.response, 'jobFlowId', 'responseElements');
    return {
      id,
      arn: arnOr(ctx.response, 'clusterArn', 'responseElements', 'elasticmapreduce', () =>
        buildArn(ctx, 'elasticmapreduce', `cluster/${id}`),
      ),
      creationTags: tagsFrom(ctx.request.tags),
    };
  }),
];
