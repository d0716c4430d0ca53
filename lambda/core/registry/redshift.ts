import { buildArn, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

/** The response describes the cluster but names no ARN: it is built from the cluster identifier. */
export const redshiftRules: ResourceRule[] = [
  rgtaRule('redshift.amazonaws.com', 'CreateCluster', 'cluster', (ctx) => {
    const id = str(ctx.response, 'clusterIdentifier', 'responseElements');
    return { id, arn: buildArn(ctx, 'redshift', `cluster:${id}`), creationTags: tagsFrom(ctx.request.tags) };
  }),
];
