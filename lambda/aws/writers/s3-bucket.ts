import { type S3ControlClient, TagResourceCommand } from '@aws-sdk/client-s3-control';
import { withRetry } from '../retry';
import { tagList, Writer } from './types';
import { failed, unchanged, WriteOutcome, written } from '../../engine/ports';

/**
 * s3:TagResource (S3 Control), one general purpose bucket a call. It adds and updates tags and keeps the others, so
 * unlike PutBucketTagging it needs no read of the current set (and has no race with a concurrent writer); and it is
 * the only way to tag a bucket once ABAC is enabled on it. `AccountId` is the event's account: S3 Control acts in
 * that account only, so a bucket name that belongs to another account is refused rather than tagged.
 */
export const writeS3Bucket: Writer = async (plans, ctx) => {
  const outcomes: WriteOutcome[] = [];
  for (const plan of plans) {
    if (Object.keys(plan.write).length === 0) {
      outcomes.push(unchanged(plan));
      continue;
    }
    const control = ctx.client<S3ControlClient>(plan.resource.region);
    const command = new TagResourceCommand({
      AccountId: ctx.account,
      ResourceArn: plan.resource.arn,
      Tags: tagList(plan.write),
    });
    const call = await withRetry(() => control.send(command), ctx.retry);
    outcomes.push(call.ok ? written(plan) : failed(plan, call.error));
  }
  return outcomes;
};
