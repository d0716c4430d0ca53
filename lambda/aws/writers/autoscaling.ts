import { type AutoScalingClient, CreateOrUpdateTagsCommand } from '@aws-sdk/client-auto-scaling';
import { withRetry } from '../retry';
import { Writer } from './types';
import { failed, unchanged, WriteOutcome, written } from '../../engine/ports';

/**
 * autoscaling:CreateOrUpdateTags for groups. PropagateAtLaunch is on: the instances a group launches later are
 * started by the service-linked role, so the creator's tags reach them only through the group.
 */
export const writeAutoScaling: Writer = async (plans, ctx) => {
  const autoscaling = ctx.client<AutoScalingClient>();
  const outcomes: WriteOutcome[] = [];
  for (const plan of plans) {
    if (Object.keys(plan.write).length === 0) {
      outcomes.push(unchanged(plan));
      continue;
    }
    const Tags = Object.entries(plan.write).map(([Key, Value]) => ({
      ResourceId: plan.resource.id,
      ResourceType: 'auto-scaling-group',
      Key,
      Value,
      PropagateAtLaunch: true,
    }));
    const call = await withRetry(() => autoscaling.send(new CreateOrUpdateTagsCommand({ Tags })), ctx.retry);
    outcomes.push(call.ok ? written(plan) : failed(plan, call.error));
  }
  return outcomes;
};
