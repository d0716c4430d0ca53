import { arnOr, buildArn, nameAfterType, rgtaRule, str, tagsFrom } from './fields';
import { ExtractContext, ResourceRule } from './types';

const SOURCE = 'elasticache.amazonaws.com';

/** The response is the created object; its `aRN` is missing from older events and is then built from the id. */
function cacheRule(eventName: string, type: string, idField: string): ResourceRule {
  return rgtaRule(SOURCE, eventName, type, (ctx: ExtractContext) => {
    const arn = arnOr(ctx.response, 'aRN', 'responseElements', 'elasticache', () =>
      buildArn(ctx, 'elasticache', `${type}:${str(ctx.response, idField, 'responseElements')}`),
    );
    return { id: nameAfterType(arn), arn, creationTags: tagsFrom(ctx.request.tags) };
  });
}

export const elasticacheRules: ResourceRule[] = [
  cacheRule('CreateCacheCluster', 'cluster', 'cacheClusterId'),
  cacheRule('CreateReplicationGroup', 'replicationgroup', 'replicationGroupId'),
  cacheRule('CreateSnapshot', 'snapshot', 'snapshotName'),
  cacheRule('CopySnapshot', 'snapshot', 'snapshotName'),
];
