import { arnField, obj, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

const SOURCE = 'cloudfront.amazonaws.com';

/** Distributions are global (no region in the ARN); CreateDistributionWithTags carries its tags in the request. */
export const cloudfrontRules: ResourceRule[] = ['CreateDistribution', 'CreateDistributionWithTags'].map((eventName) =>
  rgtaRule(SOURCE, eventName, 'distribution', (ctx) => {
    const dist = obj(ctx.response, 'distribution', 'responseElements');
    const withTags = ctx.request.distributionConfigWithTags;
    const tags = withTags && typeof withTags === 'object' ? (withTags as Record<string, unknown>).tags : undefined;
    const items = tags && typeof tags === 'object' ? (tags as Record<string, unknown>).items : undefined;
    return {
      id: str(dist, 'id', 'responseElements.distribution'),
      arn: arnField(dist, 'aRN', 'responseElements.distribution', 'cloudfront'),
      creationTags: tagsFrom(items),
    };
  }),
);
