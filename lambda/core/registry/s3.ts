import { ResourceRule } from './types';
import { str } from './fields';

/** S3 bucket tags replace the whole set, so they have their own read-merge-write writer. */
export const s3Rules: ResourceRule[] = [
  {
    eventSource: 's3.amazonaws.com',
    eventName: 'CreateBucket',
    creates: ['bucket'],
    extract: ({ request, partition, account, region }) => {
      const bucket = str(request, 'bucketName', 'requestParameters');
      return [{ service: 's3', type: 'bucket', id: bucket, arn: `arn:${partition}:s3:::${bucket}`, account, region, writer: 's3-bucket', maxTags: 50, creationTags: {} }];
    },
  },
];
