import { AddTagsToResourceCommand, ResourceTypeForTagging, type SSMClient } from '@aws-sdk/client-ssm';
import { withRetry } from '../retry';
import { tagList, Writer } from './types';
import { failed, unchanged, WriteOutcome, written } from '../../engine/ports';

/** ssm:AddTagsToResource takes a resource type and id, one resource a call. The registry puts the type in `extra.resourceType`. */
export const writeSsm: Writer = async (plans, ctx) => {
  const ssm = ctx.client<SSMClient>();
  const outcomes: WriteOutcome[] = [];
  for (const plan of plans) {
    if (Object.keys(plan.write).length === 0) {
      outcomes.push(unchanged(plan));
      continue;
    }
    const type = plan.resource.extra?.resourceType;
    if (!type) {
      outcomes.push(
        failed(plan, {
          retryable: false,
          kind: 'permanent',
          code: 'MissingResourceType',
          reason: `the registry gave ${plan.resource.arn} no resourceType`,
        }),
      );
      continue;
    }
    const call = await withRetry(
      () =>
        ssm.send(
          new AddTagsToResourceCommand({
            ResourceType: type as ResourceTypeForTagging,
            ResourceId: plan.resource.id,
            Tags: tagList(plan.write),
          }),
        ),
      ctx.retry,
    );
    outcomes.push(call.ok ? written(plan) : failed(plan, call.error));
  }
  return outcomes;
};
