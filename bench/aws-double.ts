import { AutoScalingClient, CreateOrUpdateTagsCommand } from '@aws-sdk/client-auto-scaling';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTagsCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListRoleTagsCommand, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetBucketTaggingCommand, GetObjectTaggingCommand, PutBucketTaggingCommand, PutObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient, TagResourceCommand } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AddTagsToResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';

/*
 * A counting stand-in for every AWS API the tagger calls except DynamoDB (which is dynalite, counted by a
 * middleware). Each call first resolves the client's credentials, as signing a real request does, so that
 * assumed-role credentials are fetched (and counted) exactly when a real client would fetch them.
 */

export type CallKind = 'iam' | 'dynamodb' | 'sts' | 'write' | 'read' | 'other';

export class CallCounter {
  readonly byKind: Record<CallKind, number> = { iam: 0, dynamodb: 0, sts: 0, write: 0, read: 0, other: 0 };
  readonly byCommand: Record<string, number> = {};
  /** Simulated latency of every call, in ms (0: none). */
  latencyMs = 0;

  add(kind: CallKind, command: string): void {
    this.byKind[kind] += 1;
    this.byCommand[command] = (this.byCommand[command] ?? 0) + 1;
  }

  total(): number {
    return Object.values(this.byKind).reduce((a, b) => a + b, 0);
  }

  snapshot(): Record<CallKind, number> {
    return { ...this.byKind };
  }

  reset(): void {
    for (const k of Object.keys(this.byKind) as CallKind[]) this.byKind[k] = 0;
    for (const k of Object.keys(this.byCommand)) delete this.byCommand[k];
  }

  async pause(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
  }
}

type GetClient = () => { config: { credentials?: unknown } };

/** Installs the double on every client class; `clock` gives the simulated time for credential expiry. */
export function installAwsDouble(counter: CallCounter, clock: () => number): () => void {
  const mocks: { restore(): void }[] = [];
  const fake = (kind: CallKind, command: string, answer: (input: unknown) => unknown) => async (input: unknown, getClient: GetClient) => {
    const credentials = getClient().config.credentials;
    if (typeof credentials === 'function') await (credentials as () => Promise<unknown>)();
    counter.add(kind, command);
    await counter.pause();
    return answer(input);
  };

  const sts = mockClient(STSClient);
  sts.on(AssumeRoleCommand).callsFake(async () => {
    counter.add('sts', 'AssumeRole');
    await counter.pause();
    return { Credentials: { AccessKeyId: 'ASIABENCHCREDS', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(clock() + 3600_000) } };
  });
  const iam = mockClient(IAMClient);
  iam.on(ListRoleTagsCommand).callsFake(fake('iam', 'ListRoleTags', () => ({ Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'temp-x', Value: '1' }], IsTruncated: false })));
  iam.on(ListUserTagsCommand).callsFake(fake('iam', 'ListUserTags', () => ({ Tags: [{ Key: 'team', Value: 'data' }], IsTruncated: false })));
  const ec2 = mockClient(EC2Client);
  ec2.on(CreateTagsCommand).callsFake(fake('write', 'ec2:CreateTags', () => ({})));
  // One root volume per launched instance, found by the tagger's DescribeVolumes.
  ec2.on(DescribeVolumesCommand).callsFake(
    fake('read', 'ec2:DescribeVolumes', (input) => ({ Volumes: (input as { Filters: { Values: string[] }[] }).Filters[0].Values.map((id) => ({ VolumeId: `vol-${id.slice(2)}`, Attachments: [{ InstanceId: id }] })) })),
  );
  const rgta = mockClient(ResourceGroupsTaggingAPIClient);
  rgta.on(TagResourcesCommand).callsFake(fake('write', 'tag:TagResources', () => ({ FailedResourcesMap: {} })));
  const s3 = mockClient(S3Client);
  s3.on(GetBucketTaggingCommand).callsFake(fake('read', 's3:GetBucketTagging', () => ({ TagSet: [{ Key: 'aws:cloudformation:stack-name', Value: 'x' }] })));
  s3.on(PutBucketTaggingCommand).callsFake(fake('write', 's3:PutBucketTagging', () => ({})));
  s3.on(GetObjectTaggingCommand).callsFake(fake('read', 's3:GetObjectTagging', () => ({ TagSet: [] })));
  s3.on(PutObjectTaggingCommand).callsFake(fake('write', 's3:PutObjectTagging', () => ({})));
  const ssm = mockClient(SSMClient);
  ssm.on(AddTagsToResourceCommand).callsFake(fake('write', 'ssm:AddTagsToResource', () => ({})));
  const asg = mockClient(AutoScalingClient);
  asg.on(CreateOrUpdateTagsCommand).callsFake(fake('write', 'autoscaling:CreateOrUpdateTags', () => ({})));
  const sm = mockClient(SecretsManagerClient);
  sm.on(TagResourceCommand).callsFake(fake('write', 'secretsmanager:TagResource', () => ({})));
  const sqs = mockClient(SQSClient);
  sqs.on(SendMessageCommand).callsFake(fake('other', 'sqs:SendMessage', () => ({ MessageId: 'm' })));
  mocks.push(sts, iam, ec2, rgta, s3, ssm, asg, sm, sqs);
  return () => mocks.forEach((m) => m.restore());
}

/** Counts (and delays) every DynamoDB call a client makes; dynalite answers them. */
export function countDynamo(client: DynamoDBClient, counter: CallCounter): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counter.add('dynamodb', `dynamodb:${String(context.commandName ?? 'call').replace(/Command$/, '')}`);
      await counter.pause();
      return next(args);
    },
    { step: 'initialize', name: 'benchCountCalls' },
  );
}
