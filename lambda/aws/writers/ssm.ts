import { AddTagsToResourceCommand, ResourceTypeForTagging, type SSMClient } from '@aws-sdk/client-ssm';
import { oneByOne, tagList } from './types';

/** ssm:AddTagsToResource takes a resource type and id, one resource a call. The registry puts the type in `extra.resourceType`. */
export const writeSsm = oneByOne(
  (plan, ctx) =>
    ctx.client<SSMClient>().send(
      new AddTagsToResourceCommand({
        ResourceType: plan.resource.extra?.resourceType as ResourceTypeForTagging,
        ResourceId: plan.resource.id,
        Tags: tagList(plan.write),
      }),
    ),
  (plan) =>
    plan.resource.extra?.resourceType
      ? undefined
      : {
          retryable: false,
          kind: 'permanent',
          code: 'MissingResourceType',
          reason: `the registry gave ${plan.resource.arn} no resourceType`,
        },
);
