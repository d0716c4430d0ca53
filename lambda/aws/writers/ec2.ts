import { CreateTagsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { withRetry } from '../retry';
import { groupByTags, tagList, Writer } from './types';
import { failed, unchanged, written } from '../../engine/ports';

/** ec2:CreateTags takes many ids at once: one call for every EC2 resource of an event that gets the same tags. */
export const writeEc2: Writer = async (plans, ctx) => {
  const ec2 = ctx.client<EC2Client>();
  const outcomes = plans.filter((p) => Object.keys(p.write).length === 0).map(unchanged);
  for (const group of groupByTags(plans)) {
    const call = await withRetry(
      () =>
        ec2.send(new CreateTagsCommand({ Resources: group.map((p) => p.resource.id), Tags: tagList(group[0].write) })),
      ctx.retry,
    );
    outcomes.push(...group.map((p) => (call.ok ? written(p) : failed(p, call.error))));
  }
  return outcomes;
};
