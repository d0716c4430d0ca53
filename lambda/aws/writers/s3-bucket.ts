import { type S3ControlClient, TagResourceCommand } from '@aws-sdk/client-s3-control';
import { oneByOne, tagList } from './types';

/**
 * s3:TagResource (S3 Control), one general purpose bucket a call. It adds and updates tags and keeps the others, so
 * unlike PutBucketTagging it needs no read of the current set (and has no race with a concurrent writer); and it is
 * the only way to tag a bucket once ABAC is enabled on it. `AccountId` is the event's account: S3 Control acts in
 * that account only, so a bucket name that belongs to another account is refused rather than tagged.
 */
export const writeS3Bucket = oneByOne((plan, ctx) =>
  ctx.client<S3ControlClient>(plan.resource.region).send(
    new TagResourceCommand({
      AccountId: ctx.account,
      ResourceArn: plan.resource.arn,
      Tags: tagList(plan.write),
    }),
  ),
);
