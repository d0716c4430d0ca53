import { formatArn } from '../aws-syntax';
import { isObject } from '../cloudtrail';
import { Rejection } from '../rejection';
import { Tags } from '../resource';
import { optStr, ref, str } from './fields';
import { ExtractContext, ResourceRule } from './types';

const SOURCE = 's3.amazonaws.com';

/** S3 ARNs name no region and no account: bucket names are unique in the partition. */
function bucketArn(ctx: ExtractContext, bucket: string): string {
  return formatArn({ partition: ctx.partition, service: 's3', region: '', account: '', resource: bucket });
}

/**
 * The object key: from the request, or else from the event's `resources` entry of type AWS::S3::Object, but only
 * when that entry names the same bucket (published samples show the two disagreeing).
 */
function objectKey(ctx: ExtractContext, bucket: string): string {
  const key = optStr(ctx.request, 'key');
  if (key) return key;
  const prefix = `${bucketArn(ctx, bucket)}/`;
  const resources = Array.isArray(ctx.event.record.resources) ? ctx.event.record.resources : [];
  const fromResources = resources.find(
    (r) => isObject(r) && r.type === 'AWS::S3::Object' && typeof r.ARN === 'string' && r.ARN.startsWith(prefix),
  );
  if (fromResources?.ARN) return fromResources.ARN.slice(prefix.length);
  throw new Rejection(
    'incomplete',
    `requestParameters.key is missing and no AWS::S3::Object resource of bucket ${bucket} names the key`,
    'requestParameters.key',
  );
}

/** `x-amz-tagging` is the URL-encoded query string of the object's tags, as given on upload. */
function uploadTags(request: Record<string, unknown>): Tags {
  const header = optStr(request, 'x-amz-tagging');
  return header ? Object.fromEntries(new URLSearchParams(header)) : {};
}

/**
 * S3 delivers a data event to the bucket owner and to the requester. The requester's copy of a PutObject into
 * another account's bucket names that account on the bucket entry of `resources`: the object is not this
 * account's to tag (the tagger role here would only be refused), and the owner's copy is the one that counts.
 */
function refuseOtherAccountsBucket(ctx: ExtractContext, bucket: string): void {
  const resources = Array.isArray(ctx.event.record.resources) ? ctx.event.record.resources : [];
  const bucketArn = `arn:${ctx.partition}:s3:::${bucket}`;
  const entry = resources.find((r) => isObject(r) && r.type === 'AWS::S3::Bucket' && r.ARN === bucketArn);
  if (entry && typeof entry.accountId === 'string' && entry.accountId !== ctx.account) {
    throw new Rejection(
      'caller-copy',
      `bucket ${bucket} belongs to account ${entry.accountId}: ` +
        "this is the requester's copy of a PutObject into another account's bucket",
      'resources.accountId',
    );
  }
}

/**
 * Buckets and objects. S3 replaces whole tag sets, so both have read-merge-write writers.
 * PutObject is an S3 data event: it reaches the tagger only where the trail logs data events for the bucket.
 * An object holds at most 10 tags.
 */
export const s3Rules: ResourceRule[] = [
  {
    eventSource: SOURCE,
    eventName: 'CreateBucket',
    creates: ['bucket'],
    writer: 's3-bucket',
    extract: (ctx) => {
      const bucket = str(ctx.request, 'bucketName', 'requestParameters');
      return [ref(ctx, { service: 's3', type: 'bucket', id: bucket, arn: bucketArn(ctx, bucket) })];
    },
  },
  {
    eventSource: SOURCE,
    eventName: 'PutObject',
    creates: ['object'],
    writer: 's3-object',
    extract: (ctx) => {
      const bucket = str(ctx.request, 'bucketName', 'requestParameters');
      refuseOtherAccountsBucket(ctx, bucket);
      const key = objectKey(ctx, bucket);
      return [
        ref(ctx, {
          service: 's3',
          type: 'object',
          id: `${bucket}/${key}`,
          arn: `${bucketArn(ctx, bucket)}/${key}`,
          maxTags: 10,
          creationTags: uploadTags(ctx.request),
          extra: { bucket, key },
        }),
      ];
    },
  },
];
