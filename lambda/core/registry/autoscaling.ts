import { buildArn, ref, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

/**
 * Auto Scaling groups: the response is empty and the group's ARN holds a uuid that only a describe call returns,
 * so the group is named by its name and written with autoscaling:CreateOrUpdateTags.
 * Launch configurations cannot be tagged and have no rule.
 */
export const autoscalingRules: ResourceRule[] = [
  {
    eventSource: 'autoscaling.amazonaws.com',
    eventName: 'CreateAutoScalingGroup',
    creates: ['autoScalingGroup'],
    writer: 'autoscaling',
    extract: (ctx) => {
      const name = str(ctx.request, 'autoScalingGroupName', 'requestParameters');
      return [
        ref(ctx, {
          service: 'autoscaling',
          type: 'autoScalingGroup',
          id: name,
          arn: buildArn(ctx, 'autoscaling', `autoScalingGroup:*:autoScalingGroupName/${name}`),
          creationTags: tagsFrom(ctx.request.tags),
        }),
      ];
    },
  },
];
