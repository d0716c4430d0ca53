import { GetObjectTaggingCommand, PutObjectTaggingCommand, S3Client, Tag } from '@aws-sdk/client-s3';
import { Tags, tagsFromList } from '../../core/resource';
import { applyToExisting } from '../../core/tag-merge';
import { ResourcePlan } from '../../core/tag-plan';
import { withRetry } from '../retry';
import { tagList, Writer, WriterContext } from './types';
import { failed, WriteOutcome } from '../../engine/ports';

/*
 * Objects. S3 Control TagResource does not tag objects (it takes buckets, access points, Storage Lens groups and
 * Access Grants), so PutObjectTagging stays, and it replaces the whole tag set on every put. So the writer reads
 * the current set, lays the candidates over it with the same rules as the planner (keep or overwrite, the object's
 * limit), and puts back every existing tag, including the `aws:` system tags that S3 refuses to see removed. When
 * nothing changes, it does not write.
 */

/*
 * Every call names the event's account as ExpectedBucketOwner: a bucket name is global, so without it a name that
 * now belongs to another account (or a forged one) would be read and written there, if its policy allowed it.
 */
interface TagSetApi {
  read(s3: S3Client, plan: ResourcePlan, owner: string): Promise<Tags>;
  write(s3: S3Client, plan: ResourcePlan, tags: Tags, owner: string): Promise<unknown>;
}

const objectApi: TagSetApi = {
  async read(s3, plan, owner) {
    return tagsFromList(
      (await s3.send(new GetObjectTaggingCommand({ ...objectAddress(plan), ExpectedBucketOwner: owner }))).TagSet,
    );
  },
  write: (s3, plan, tags, owner) =>
    s3.send(
      new PutObjectTaggingCommand({ ...objectAddress(plan), ExpectedBucketOwner: owner, Tagging: tagging(tags) }),
    ),
};

function objectAddress(plan: ResourcePlan): { Bucket: string; Key: string; VersionId?: string } {
  const { bucket, key, versionId } = plan.resource.extra ?? {};
  return { Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) };
}

function tagging(tags: Tags): { TagSet: Tag[] } {
  return { TagSet: tagList(tags) };
}

function readMergeWrite(api: TagSetApi): Writer {
  return async (plans, ctx) => {
    const outcomes: WriteOutcome[] = [];
    for (const plan of plans) outcomes.push(await tagOne(api, plan, ctx));
    return outcomes;
  };
}

async function tagOne(api: TagSetApi, plan: ResourcePlan, ctx: WriterContext): Promise<WriteOutcome> {
  const s3 = ctx.client<S3Client>(plan.resource.region);
  const read = await withRetry(() => api.read(s3, plan, ctx.account), ctx.retry);
  if (!read.ok) return failed(plan, read.error);
  const applied = applyToExisting(read.value, ctx.candidates, ctx.conflict, plan.resource.maxTags);
  const base = { resource: plan.resource, conflicts: applied.conflicts, skipped: applied.skipped };
  if (Object.keys(applied.write).length === 0) return { ...base, status: 'unchanged', written: {} };
  const put = await withRetry(() => api.write(s3, plan, applied.result, ctx.account), ctx.retry);
  if (!put.ok) return { ...base, status: 'failed', written: {}, error: put.error };
  return { ...base, status: 'written', written: applied.write };
}

export const writeS3Object = readMergeWrite(objectApi);
