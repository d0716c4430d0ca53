import { type AutoScalingClient, CreateOrUpdateTagsCommand } from '@aws-sdk/client-auto-scaling';
import { oneByOne } from './types';

/**
 * autoscaling:CreateOrUpdateTags for groups. PropagateAtLaunch is on: the instances a group launches later are
 * started by the service-linked role, so the creator's tags reach them only through the group.
 */
export const writeAutoScaling = oneByOne((plan, ctx) =>
  ctx.client<AutoScalingClient>().send(
    new CreateOrUpdateTagsCommand({
      Tags: Object.entries(plan.write).map(([Key, Value]) => ({
        ResourceId: plan.resource.id,
        ResourceType: 'auto-scaling-group',
        Key,
        Value,
        PropagateAtLaunch: true,
      })),
    }),
  ),
);
