import type { TagWriterKind } from '../../core/resource';
import type { ClientClass } from '../clients';
import type { Writer } from './types';

/** One way of writing tags, as the tagger and the client pool see it (the tagger role's side: WRITER_PERMISSIONS). */
export interface WriterEntry {
  /** The writer, loaded on first use (with its SDK package), so that a cold start loads none of them. */
  load(): Promise<Writer>;
  /** The SDK client class the writer calls, loaded on first use: kinds that call one service share its clients. */
  readonly client: () => ClientClass<unknown>;
}

// Typed loaders: `require` keeps each package out of the cold start until its first client is made.
type Ec2 = typeof import('@aws-sdk/client-ec2');
type S3 = typeof import('@aws-sdk/client-s3');
type S3Control = typeof import('@aws-sdk/client-s3-control');
type Rgta = typeof import('@aws-sdk/client-resource-groups-tagging-api');
type Ssm = typeof import('@aws-sdk/client-ssm');
type AutoScaling = typeof import('@aws-sdk/client-auto-scaling');
type SecretsManager = typeof import('@aws-sdk/client-secrets-manager');
const ec2Client = () => (require('@aws-sdk/client-ec2') as Ec2).EC2Client;
const s3Client = () => (require('@aws-sdk/client-s3') as S3).S3Client;
const rgtaClient = () =>
  (require('@aws-sdk/client-resource-groups-tagging-api') as Rgta).ResourceGroupsTaggingAPIClient;

/**
 * Every writer kind. A resource on an existing writer needs only its registry rule (lambda/core/registry); a new
 * kind is one writer module plus one entry here and one in WRITER_PERMISSIONS (and its name in TagWriterKind).
 */
export const WRITERS: Readonly<Record<TagWriterKind, WriterEntry>> = {
  ec2: {
    load: () => import('./ec2').then((m) => m.writeEc2),
    client: ec2Client,
  },
  rgta: {
    load: () => import('./rgta').then((m) => m.writeRgta),
    client: rgtaClient,
  },
  's3-bucket': {
    load: () => import('./s3-bucket').then((m) => m.writeS3Bucket),
    client: () => (require('@aws-sdk/client-s3-control') as S3Control).S3ControlClient,
  },
  's3-object': {
    load: () => import('./s3').then((m) => m.writeS3Object),
    client: s3Client,
  },
  ssm: {
    load: () => import('./ssm').then((m) => m.writeSsm),
    client: () => (require('@aws-sdk/client-ssm') as Ssm).SSMClient,
  },
  autoscaling: {
    load: () => import('./autoscaling').then((m) => m.writeAutoScaling),
    client: () => (require('@aws-sdk/client-auto-scaling') as AutoScaling).AutoScalingClient,
  },
  secretsmanager: {
    load: () => import('./secretsmanager').then((m) => m.writeSecretsManager),
    client: () => (require('@aws-sdk/client-secrets-manager') as SecretsManager).SecretsManagerClient,
  },
};

/** What the tagger role must allow for one writer kind. */
export interface WriterPermissions {
  /** The IAM actions of the writer's own calls. */
  actions: readonly string[];
  /**
   * True when the writer reads the resource's current tags and merges them itself (S3 objects: PutObjectTagging
   * replaces the whole set), so it needs a read action too; false when the API adds tags and keeps the others, so
   * the plan's keep rule works from the creation tags.
   */
  readsExisting: boolean;
}

/**
 * Per writer kind, read when the CDK app builds the tagger role and never by the tagger itself: a table apart from
 * WRITERS, so that the tagger's bundle does not carry it.
 */
export const WRITER_PERMISSIONS: Readonly<Record<TagWriterKind, WriterPermissions>> = {
  ec2: { actions: ['ec2:CreateTags'], readsExisting: false },
  // tag:TagResources also needs each service's own add-tag action: the tagger role grants those per service.
  rgta: { actions: ['tag:TagResources'], readsExisting: false },
  's3-bucket': { actions: ['s3:TagResource'], readsExisting: false },
  's3-object': { actions: ['s3:GetObjectTagging', 's3:PutObjectTagging'], readsExisting: true },
  ssm: { actions: ['ssm:AddTagsToResource'], readsExisting: false },
  autoscaling: { actions: ['autoscaling:CreateOrUpdateTags'], readsExisting: false },
  secretsmanager: { actions: ['secretsmanager:TagResource'], readsExisting: false },
};

/** The EC2 client, also used to find the volumes a launch attaches (AttachedVolumes). */
export const EC2_CLIENT = ec2Client;

/** The S3 client, also used by backfill to read a bucket's or an object's current tags. */
export const S3_CLIENT = s3Client;

/** The Resource Groups Tagging API client, also used by backfill to read current tags by ARN (tag:GetResources). */
export const RGTA_CLIENT = rgtaClient;

/** The IAM actions of every writer, sorted, for the tagger role. */
export function writerActions(): string[] {
  return [...new Set(Object.values(WRITER_PERMISSIONS).flatMap((w) => w.actions))].sort();
}
