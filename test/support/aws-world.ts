import { AutoScalingClient, CreateOrUpdateTagsCommand, DescribeTagsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateTagsCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetRoleCommand, IAMClient, ListUserTagsCommand } from '@aws-sdk/client-iam';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  TagResourcesCommand,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  GetBucketTaggingCommand,
  GetObjectTaggingCommand,
  PutBucketTaggingCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { S3ControlClient, TagResourceCommand as S3ControlTagResourceCommand } from '@aws-sdk/client-s3-control';
import { DescribeSecretCommand, SecretsManagerClient, TagResourceCommand } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AddTagsToResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { SDK_RETRY } from '../../lambda/aws/clients';
import { getRoleOutput, trustWithTagSession } from './iam-roles';
import { ResourceRef, Tags, tagsFromList } from '../../lambda/core/resource';

/*
 * A recording AWS double that keeps real tag state per resource and applies each service's semantics: EC2, the
 * Resource Groups Tagging API, SSM, Auto Scaling and Secrets Manager merge; S3 replaces the whole set (and refuses to
 * drop a bucket's aws: system tags); every service enforces its tag limit. Faults can be injected: throttling and
 * 5xx at a rate (per request, retried as the SDK's standard strategy would), and resources that stay invisible for
 * their first tries. The tagger's writers run unmodified on
 * top of it: the double sits where the SDK clients send their requests.
 */

export interface Faults {
  /** Share of tagging calls answered with a throttling error. */
  throttleRate: number;
  /** Share of tagging calls answered with a 500. */
  serverErrorRate: number;
  /** Resources (by state key) that answer "not found" for their first N tagging attempts. */
  invisibleFor: Map<string, number>;
}

/** Where the double keeps a resource's tags: one key per resource, as each writer names it. */
export function stateKey(account: string, r: Pick<ResourceRef, 'writer' | 'id' | 'arn' | 'extra'>): string {
  switch (r.writer) {
    case 'rgta':
      return `${account}|${r.arn}`;
    case 's3-object':
      return `${account}|s3://${r.extra?.bucket}/${r.extra?.key}`;
    case 'ssm':
      return `${account}|ssm:${r.extra?.resourceType}/${r.id}`;
    default:
      return `${account}|${r.id}`;
  }
}

const LIMITS: Record<string, number> = { default: 50, 's3-object': 10 };

/** A seeded generator, so a fault pattern repeats run after run. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function awsError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

export class AwsWorld {
  /**
   * Called on every call the world answers, after it is recorded and before it is answered: the benchmark counts
   * calls by kind and adds latency here.
   */
  observe?: (command: string) => Promise<void>;
  readonly tags = new Map<string, Tags>();
  readonly iamTags = new Map<string, Tags>();
  private readonly roleTrust = new Map<string, object>();
  /** Buckets with ABAC enabled: PutBucketTagging is refused, only S3 Control TagResource tags them. */
  private readonly abacBuckets = new Set<string>();
  /** EBS volumes by account and instance id, as DescribeVolumes finds them. */
  readonly volumes = new Map<string, string[]>();
  readonly calls: { command: string; account: string }[] = [];
  faults: Faults = { throttleRate: 0, serverErrorRate: 0, invisibleFor: new Map() };
  /** Resources deleted since their creation (by state key): every read and write of them answers "not found". */
  readonly deleted = new Set<string>();
  /** The state key of each resource seeded by its ARN, so tag:GetResources can find it. */
  private readonly byArn = new Map<string, string>();
  private readonly random: () => number;
  private readonly mocks: { restore(): void }[] = [];

  /** `clock` dates the assumed-role credentials (a replayed stream runs on its own clock). */
  constructor(
    seed = 1,
    private readonly clock: () => number = Date.now,
  ) {
    this.random = seeded(seed);
  }

  /** A resource exists with these tags (those it was created with, or any put on it since). */
  seed(key: string, tags: Tags): void {
    this.tags.set(key, { ...tags });
  }

  /** A volume attached to an instance at launch: it exists (with no tags) once the instance runs. */
  attachVolume(account: string, instanceId: string, volumeId: string): void {
    this.volumes.set(`${account}|${instanceId}`, [...(this.volumes.get(`${account}|${instanceId}`) ?? []), volumeId]);
    if (!this.tags.has(`${account}|${volumeId}`)) this.tags.set(`${account}|${volumeId}`, {});
  }

  /** A resource that exists with these tags, findable by its ARN (tag:GetResources) as well as by its own API. */
  seedResource(r: Pick<ResourceRef, 'account' | 'writer' | 'id' | 'arn' | 'extra'>, tags: Tags): void {
    const key = stateKey(r.account, r);
    this.byArn.set(`${r.account}|${r.arn}`, key);
    this.seed(key, tags);
  }

  /** The resource was deleted: it has no tags, and the tagging APIs no longer find it. */
  remove(r: Pick<ResourceRef, 'account' | 'writer' | 'id' | 'arn' | 'extra'>): void {
    const key = stateKey(r.account, r);
    this.byArn.set(`${r.account}|${r.arn}`, key);
    this.tags.delete(key);
    this.deleted.add(key);
  }

  setIamTags(kind: 'role' | 'user', account: string, name: string, tags: Tags): void {
    this.iamTags.set(`${account}|${kind}/${name}`, tags);
  }

  /** Enables ABAC on a general purpose bucket (PutBucketAbac). */
  enableBucketAbac(account: string, bucket: string): void {
    this.abacBuckets.add(`${account}|${bucket}`);
  }

  /** A role's trust policy; a role without one lets its account call AssumeRole and TagSession. */
  setRoleTrust(account: string, name: string, trust: object): void {
    this.roleTrust.set(`${account}|${name}`, trust);
  }

  count(prefix: string): number {
    return this.calls.filter((c) => c.command.startsWith(prefix)).length;
  }

  install(): void {
    const sts = mockClient(STSClient);
    // The assumed credentials name the account, so every later call knows which account it acts in.
    sts.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string }) => {
      const account = input.RoleArn.split(':')[4];
      this.calls.push({ command: 'sts:AssumeRole', account });
      await this.observe?.('sts:AssumeRole');
      return {
        Credentials: {
          AccessKeyId: `ASIA${account}`,
          SecretAccessKey: 's',
          SessionToken: 't',
          Expiration: new Date(this.clock() + 3_600_000),
        },
      };
    });
    const iam = mockClient(IAMClient);
    iam.on(GetRoleCommand).callsFake(
      this.handler(
        'iam:GetRole',
        (account, input: { RoleName: string }) => {
          const trust = this.roleTrust.get(`${account}|${input.RoleName}`) ?? trustWithTagSession(account);
          return getRoleOutput(input.RoleName, this.iamTags.get(`${account}|role/${input.RoleName}`) ?? {}, trust);
        },
        false,
      ),
    );
    iam.on(ListUserTagsCommand).callsFake(
      this.handler(
        'iam:ListUserTags',
        (account, input: { UserName: string }) => ({
          Tags: this.iamTagList(account, 'user', input.UserName),
          IsTruncated: false,
        }),
        false,
      ),
    );

    const ec2 = mockClient(EC2Client);
    ec2.on(CreateTagsCommand).callsFake(
      this.handler(
        'ec2:CreateTags',
        (account, input: { Resources: string[]; Tags: { Key: string; Value: string }[] }) => {
          const keys = input.Resources.map((id) => `${account}|${id}`);
          this.visible(keys);
          for (const k of keys) this.merge(k, tagsFromList(input.Tags), 'default');
          return {};
        },
      ),
    );
    ec2.on(DescribeVolumesCommand).callsFake(
      this.handler('ec2:DescribeVolumes', (account, input: { Filters: { Name: string; Values: string[] }[] }) => ({
        Volumes: input.Filters[0].Values.flatMap((instance) =>
          (this.volumes.get(`${account}|${instance}`) ?? []).map((VolumeId) => ({
            VolumeId,
            Attachments: [{ InstanceId: instance }],
            Tags: Object.entries(this.tags.get(`${account}|${VolumeId}`) ?? {}).map(([Key, Value]) => ({ Key, Value })),
          })),
        ),
      })),
    );
    const rgta = mockClient(ResourceGroupsTaggingAPIClient);
    rgta.on(TagResourcesCommand).callsFake(
      this.handler('tag:TagResources', (account, input: { ResourceARNList: string[]; Tags: Tags }) => {
        const failed: Record<string, { StatusCode: number; ErrorCode: string; ErrorMessage: string }> = {};
        for (const arn of input.ResourceARNList) {
          const key = `${account}|${arn}`;
          if (this.stillInvisible(key))
            failed[arn] = {
              StatusCode: 400,
              ErrorCode: 'InvalidParameterException',
              ErrorMessage: `resource ${arn} not found`,
            };
          else this.merge(key, input.Tags, 'default');
        }
        return { FailedResourcesMap: failed };
      }),
    );
    const s3 = mockClient(S3Client);
    s3.on(GetBucketTaggingCommand).callsFake(
      this.handler('s3:GetBucketTagging', (account, input: { Bucket: string }) =>
        this.readSet(`${account}|${input.Bucket}`, 'NoSuchTagSet'),
      ),
    );
    s3.on(PutBucketTaggingCommand).callsFake(
      this.handler(
        's3:PutBucketTagging',
        (account, input: { Bucket: string; Tagging: { TagSet: { Key: string; Value: string }[] } }) => {
          const key = `${account}|${input.Bucket}`;
          if (this.abacBuckets.has(key)) {
            throw awsError(
              'InvalidRequest',
              400,
              'ABAC is enabled on this bucket: use TagResource and UntagResource to manage its tags',
            );
          }
          return this.replaceSet(key, input.Tagging.TagSet, 'default');
        },
      ),
    );
    const s3control = mockClient(S3ControlClient);
    s3control.on(S3ControlTagResourceCommand).callsFake(
      this.handler(
        's3:TagResource',
        (account, input: { AccountId: string; ResourceArn: string; Tags: { Key: string; Value: string }[] }) => {
          // S3 Control acts in the account it is called for: a bucket of another account is not found there.
          if (input.AccountId !== account)
            throw awsError('AccessDenied', 403, `AccountId ${input.AccountId} is not the caller's account ${account}`);
          const key = `${account}|${input.ResourceArn.replace(/^arn:[^:]+:s3:::/, '')}`;
          this.visible([key]);
          this.merge(key, tagsFromList(input.Tags), 'default');
          return {};
        },
      ),
    );
    s3.on(GetObjectTaggingCommand).callsFake(
      this.handler('s3:GetObjectTagging', (account, input: { Bucket: string; Key: string }) =>
        this.readSet(`${account}|s3://${input.Bucket}/${input.Key}`, undefined),
      ),
    );
    s3.on(PutObjectTaggingCommand).callsFake(
      this.handler(
        's3:PutObjectTagging',
        (account, input: { Bucket: string; Key: string; Tagging: { TagSet: { Key: string; Value: string }[] } }) =>
          this.replaceSet(`${account}|s3://${input.Bucket}/${input.Key}`, input.Tagging.TagSet, 's3-object'),
      ),
    );
    const ssm = mockClient(SSMClient);
    ssm.on(AddTagsToResourceCommand).callsFake(
      this.handler(
        'ssm:AddTagsToResource',
        (account, input: { ResourceType: string; ResourceId: string; Tags: { Key: string; Value: string }[] }) => {
          const key = `${account}|ssm:${input.ResourceType}/${input.ResourceId}`;
          this.visible([key]);
          this.merge(key, tagsFromList(input.Tags), 'default');
          return {};
        },
      ),
    );
    const asg = mockClient(AutoScalingClient);
    asg.on(CreateOrUpdateTagsCommand).callsFake(
      this.handler(
        'autoscaling:CreateOrUpdateTags',
        (account, input: { Tags: { ResourceId: string; Key: string; Value: string }[] }) => {
          const key = `${account}|${input.Tags[0].ResourceId}`;
          this.visible([key]);
          this.merge(key, tagsFromList(input.Tags), 'default');
          return {};
        },
      ),
    );
    // DescribeTags filtered on a group name answers an empty list for a group that does not exist, as AWS does.
    asg.on(DescribeTagsCommand).callsFake(
      this.handler('autoscaling:DescribeTags', (account, input: { Filters: { Name: string; Values: string[] }[] }) => {
        const names = input.Filters.find((f) => f.Name === 'auto-scaling-group')?.Values ?? [];
        return {
          Tags: names.flatMap((name) =>
            this.deleted.has(`${account}|${name}`)
              ? []
              : Object.entries(this.tags.get(`${account}|${name}`) ?? {}).map(([Key, Value]) => ({
                  ResourceId: name,
                  ResourceType: 'auto-scaling-group',
                  Key,
                  Value,
                })),
          ),
        };
      }),
    );
    const secrets = mockClient(SecretsManagerClient);
    secrets.on(DescribeSecretCommand).callsFake(
      this.handler('secretsmanager:DescribeSecret', (account, input: { SecretId: string }) => {
        const key = `${account}|${input.SecretId}`;
        if (this.deleted.has(key))
          throw awsError('ResourceNotFoundException', 400, "Secrets Manager can't find the specified secret.");
        return {
          Name: input.SecretId,
          Tags: Object.entries(this.tags.get(key) ?? {}).map(([Key, Value]) => ({ Key, Value })),
        };
      }),
    );
    secrets.on(TagResourceCommand).callsFake(
      this.handler(
        'secretsmanager:TagResource',
        (account, input: { SecretId: string; Tags: { Key: string; Value: string }[] }) => {
          const key = `${account}|${input.SecretId}`;
          this.visible([key]);
          this.merge(key, tagsFromList(input.Tags), 'default');
          return {};
        },
      ),
    );
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).callsFake(async () => {
      this.calls.push({ command: 'sqs:SendMessage', account: 'central' });
      await this.observe?.('sqs:SendMessage');
      return { MessageId: `m-${this.calls.length}` };
    });
    // GetResources returns only the resources that are or were tagged, as the real API does.
    rgta.on(GetResourcesCommand).callsFake(
      this.handler('tag:GetResources', (account, input: { ResourceARNList: string[] }) => ({
        ResourceTagMappingList: input.ResourceARNList.flatMap((arn) => {
          const key = this.byArn.get(`${account}|${arn}`) ?? `${account}|${arn}`;
          const tags = this.tags.get(key);
          return tags && Object.keys(tags).length > 0 && !this.deleted.has(key)
            ? [{ ResourceARN: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }]
            : [];
        }),
      })),
    );
    this.mocks.push(sts, iam, ec2, rgta, s3, s3control, ssm, asg, secrets, sqs);
  }

  restore(): void {
    this.mocks.forEach((m) => m.restore());
  }

  /** Wraps an API: resolves the caller's account from its credentials, records the call, injects faults. */
  private handler<I>(command: string, answer: (account: string, input: I) => unknown, faulty = true) {
    return async (input: I, getClient: () => { config: { credentials: () => Promise<{ accessKeyId: string }> } }) => {
      const { accessKeyId } = await getClient().config.credentials();
      const account = accessKeyId.replace(/^ASIA/, '');
      // The stubs replace the client's send, retry middleware included, so the world plays the SDK's standard
      // strategy itself: a throttled or failed attempt is sent again, up to SDK_RETRY.maxAttempts requests.
      for (let attempt = 1; ; attempt++) {
        this.calls.push({ command, account });
        await this.observe?.(command);
        const roll = faulty ? this.random() : 1;
        const fault =
          roll < this.faults.throttleRate
            ? awsError('ThrottlingException', 400, 'Rate exceeded')
            : roll < this.faults.throttleRate + this.faults.serverErrorRate
              ? awsError('InternalError', 500, 'We encountered an internal error')
              : undefined;
        if (!fault) return answer(account, input);
        if (attempt >= SDK_RETRY.maxAttempts) throw fault;
      }
    };
  }

  private iamTagList(account: string, kind: 'role' | 'user', name: string): { Key: string; Value: string }[] {
    return Object.entries(this.iamTags.get(`${account}|${kind}/${name}`) ?? {}).map(([Key, Value]) => ({ Key, Value }));
  }

  private stillInvisible(key: string): boolean {
    if (this.deleted.has(key)) return true;
    const left = this.faults.invisibleFor.get(key) ?? 0;
    if (left <= 0) return false;
    this.faults.invisibleFor.set(key, left - 1);
    return true;
  }

  private visible(keys: string[]): void {
    for (const k of keys)
      if (this.stillInvisible(k)) throw awsError('InvalidID', 400, `The ID '${k.split('|')[1]}' is not valid`);
  }

  private merge(key: string, tags: Tags, limit: string): void {
    const next = { ...(this.tags.get(key) ?? {}), ...tags };
    if (Object.keys(next).length > LIMITS[limit])
      throw awsError('TagLimitExceeded', 400, `${key} would have ${Object.keys(next).length} tags`);
    this.tags.set(key, next);
  }

  private readSet(key: string, emptyError: string | undefined): { TagSet: { Key: string; Value: string }[] } {
    this.visible([key]);
    const tags = this.tags.get(key) ?? {};
    if (Object.keys(tags).length === 0 && emptyError) throw awsError(emptyError, 404, 'The TagSet does not exist');
    return { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
  }

  private replaceSet(key: string, set: { Key: string; Value: string }[], limit: string): Record<string, never> {
    const next = tagsFromList(set);
    const before = this.tags.get(key) ?? {};
    // S3 keeps system tags out of the caller's hands: a put that leaves one out is refused.
    const droppedSystem = Object.keys(before).filter((k) => k.startsWith('aws:') && next[k] !== before[k]);
    if (droppedSystem.length > 0)
      throw awsError('InvalidTag', 400, `system tags cannot be removed: ${droppedSystem.join(', ')}`);
    if (Object.keys(next).length > LIMITS[limit])
      throw awsError('InvalidTag', 400, `${key} would have ${Object.keys(next).length} tags`);
    this.tags.set(key, next);
    return {};
  }
}
