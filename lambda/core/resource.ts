/** A tag set: key to value. Keys keep the casing they arrived with. */
export type Tags = Record<string, string>;

/** An AWS API's tag list (`[{ Key, Value }]`: EC2, IAM, S3 and the others) as a tag set; a missing value is ''. */
export function tagsFromList(list: readonly { Key?: string; Value?: string }[] | undefined): Tags {
  const tags: Tags = {};
  for (const t of list ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  return tags;
}

/**
 * How a resource's tags are written. Each writer is one module in lambda/aws; the registry names the writer of
 * every resource type, so the tagger can batch all resources that share one.
 */
export type TagWriterKind =
  /** ec2:CreateTags, one call for every EC2 id of an event. */
  | 'ec2'
  /** tag:TagResources (Resource Groups Tagging API), up to 20 ARNs a call. */
  | 'rgta'
  /** s3:TagResource (S3 Control): adds to a general purpose bucket's tags; works with bucket ABAC enabled. */
  | 's3-bucket'
  /** s3:GetObjectTagging + s3:PutObjectTagging, at most 10 tags. */
  | 's3-object'
  /** ssm:AddTagsToResource, which takes a resource type and id rather than an ARN. */
  | 'ssm'
  /** autoscaling:CreateOrUpdateTags, which the Resource Groups Tagging API does not cover. */
  | 'autoscaling'
  /**
   * secretsmanager:TagResource with SecretId = the secret's name or ARN. A secret's ARN ends in six random
   * characters that a CreateSecret event logged without responseElements does not show, so RGTA cannot be used.
   */
  | 'secretsmanager';

/** One resource that an event created, as the registry extracted it. */
export interface ResourceRef {
  /** The service, as in eventSource's first label: `ec2`, `s3`, `rds`. */
  service: string;
  /** The resource type within the service: `instance`, `bucket`, `db`. */
  type: string;
  /** The id the native API takes (instance id, bucket name, secret name, Auto Scaling group name, ...). */
  id: string;
  /**
   * The ARN. Where the event cannot show part of it (an Auto Scaling group's uuid, the random suffix of a secret
   * logged without response), it stops before the unknown part: those resources' writers identify them by `id`.
   */
  arn: string;
  account: string;
  region: string;
  writer: TagWriterKind;
  /** The most tags this resource type can hold. */
  maxTags: number;
  /** Tags the resource was created with, read from the request: used for the keep-existing rule without a read. */
  creationTags: Tags;
  /** Writer-specific extras, such as the SSM resource type or the S3 object's bucket and key. */
  extra?: Record<string, string>;
}
