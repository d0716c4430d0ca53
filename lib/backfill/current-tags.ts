import { AutoScalingClient, DescribeTagsCommand } from '@aws-sdk/client-auto-scaling';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetBucketTaggingCommand, GetObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ClientPool } from '../../lambda/aws/clients';
import { classifyAwsError } from '../../lambda/aws/errors';
import { RGTA_CLIENT, S3_CLIENT, WRITERS } from '../../lambda/aws/writers/registry';
import { ResourceRef, Tags, tagsFromList } from '../../lambda/core/resource';
import { AccountRateLimiter } from './rate-limit';

/** What a resource carries now. */
export type CurrentTags =
  | { status: 'read'; tags: Tags }
  /** The service says it does not exist: deleted since it was created. */
  | { status: 'gone'; reason: string }
  /** Its tags could not be read: planning against the tags it was created with could overwrite a later change. */
  | { status: 'unreadable'; reason: string };

/** tag:GetResources takes at most 100 ARNs in ResourceARNList. */
export const GET_RESOURCES_MAX_ARNS = 100;

/** The lookups waiting for one GetResources call: ARN to the readers waiting for it. */
interface Batch {
  resolvers: Map<string, ((r: CurrentTags) => void)[]>;
}

/**
 * Reads resources' current tags in batches, through the tagger role of their account. Most resources go through
 * tag:GetResources by ARN: lookups started in one turn of the event loop for one account and region share one call
 * of up to 100 ARNs. GetResources returns only resources that are or were tagged, so an ARN it does not return holds
 * no tags (or is gone, which the write then reports). S3 buckets and objects are read by their writer's own API,
 * which also tells a missing bucket or object. Two kinds are named by the event without their full ARN, so they are
 * read by name with their service's own call: an Auto Scaling group (its ARN holds an id only a describe returns;
 * DescribeTags filtered on the group name) and a secret whose create event did not log its response (its ARN ends in
 * random characters; DescribeSecret by name, which also tells a deleted secret).
 */
export class CurrentTagReader {
  private readonly pending = new Map<string, Batch>();
  calls = 0;

  constructor(
    private readonly clients: ClientPool,
    private readonly limiter: AccountRateLimiter,
  ) {}

  read(resource: ResourceRef): Promise<CurrentTags> {
    if (resource.writer === 's3-bucket')
      return this.s3(resource, (s3) => s3.send(new GetBucketTaggingCommand({ Bucket: resource.id })), 'NoSuchTagSet');
    if (resource.writer === 's3-object') {
      const { bucket, key, versionId } = resource.extra ?? {};
      return this.s3(resource, (s3) =>
        s3.send(
          new GetObjectTaggingCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
        ),
      );
    }
    if (resource.writer === 'autoscaling') {
      return this.byName(resource, async (asg: AutoScalingClient) => {
        const filter = { Name: 'auto-scaling-group', Values: [resource.id] };
        const tags: { Key?: string; Value?: string }[] = [];
        let token: string | undefined;
        do {
          const out = await asg.send(new DescribeTagsCommand({ Filters: [filter], NextToken: token }));
          tags.push(...(out.Tags ?? []));
          token = out.NextToken;
        } while (token);
        return tags;
      });
    }
    if (resource.writer === 'secretsmanager' && resource.id !== resource.arn) {
      return this.byName(
        resource,
        async (secrets: SecretsManagerClient) =>
          (await secrets.send(new DescribeSecretCommand({ SecretId: resource.id }))).Tags ?? [],
      );
    }
    return this.byArn(resource);
  }

  /** One call of the resource's own service, through its writer's client; "not found" means it was deleted. */
  private async byName<C>(
    resource: ResourceRef,
    read: (client: C) => Promise<{ Key?: string; Value?: string }[]>,
  ): Promise<CurrentTags> {
    await this.limiter.take(resource.account);
    this.calls++;
    try {
      const client = this.clients.client(WRITERS[resource.writer].client, resource.account, resource.region) as C;
      return { status: 'read', tags: tagsFromList(await read(client)) };
    } catch (e) {
      const error = classifyAwsError(e);
      if (error.kind === 'not-yet-visible') return { status: 'gone', reason: error.reason };
      return { status: 'unreadable', reason: error.reason };
    }
  }

  private async s3(
    resource: ResourceRef,
    get: (s3: S3Client) => Promise<{ TagSet?: { Key?: string; Value?: string }[] }>,
    emptyError?: string,
  ): Promise<CurrentTags> {
    await this.limiter.take(resource.account);
    this.calls++;
    try {
      const out = await get(this.clients.client(S3_CLIENT, resource.account, resource.region));
      return { status: 'read', tags: tagsFromList(out.TagSet) };
    } catch (e) {
      if (emptyError && (e as { name?: string }).name === emptyError) return { status: 'read', tags: {} };
      const error = classifyAwsError(e);
      if (error.kind === 'not-yet-visible') return { status: 'gone', reason: error.reason };
      return { status: 'unreadable', reason: error.reason };
    }
  }

  private byArn(resource: ResourceRef): Promise<CurrentTags> {
    const batchKey = `${resource.account}/${resource.region}`;
    let batch = this.pending.get(batchKey);
    if (!batch || batch.resolvers.size >= GET_RESOURCES_MAX_ARNS) {
      const created: Batch = { resolvers: new Map() };
      this.pending.set(batchKey, created);
      batch = created;
      setImmediate(() => void this.flush(batchKey, created, resource.account, resource.region));
    }
    const resolvers = batch.resolvers;
    return new Promise((resolve) => resolvers.set(resource.arn, [...(resolvers.get(resource.arn) ?? []), resolve]));
  }

  private async flush(batchKey: string, batch: Batch, account: string, region: string): Promise<void> {
    if (this.pending.get(batchKey) === batch) this.pending.delete(batchKey);
    const arns = [...batch.resolvers.keys()];
    const answer = (arn: string, r: CurrentTags) => batch.resolvers.get(arn)!.forEach((resolve) => resolve(r));
    try {
      await this.limiter.take(account);
      this.calls++;
      const found = new Map<string, Tags>();
      let token: string | undefined;
      do {
        const out = await this.clients
          .client(RGTA_CLIENT, account, region)
          .send(new GetResourcesCommand({ ResourceARNList: arns, PaginationToken: token || undefined }));
        for (const m of out.ResourceTagMappingList ?? []) {
          if (m.ResourceARN)
            found.set(m.ResourceARN, Object.fromEntries((m.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])));
        }
        token = out.PaginationToken;
      } while (token);
      for (const arn of arns) answer(arn, { status: 'read', tags: found.get(arn) ?? {} });
    } catch (e) {
      const reason = `tag:GetResources failed: ${classifyAwsError(e).reason}`;
      for (const arn of arns) answer(arn, { status: 'unreadable', reason });
    }
  }
}
