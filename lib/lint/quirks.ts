/*
 * What the AWS data cannot say: where a service lists a condition key but does not honour it in practice. Each entry
 * comes from the project's ABAC source document, a write-up of attribute-based access control on AWS (its sections
 * "Special Cases" and "Limitations of AWS ABAC").
 */

/** "It is not possible to limit who can pass a Role using tags on that Role." */
export const PASSROLE_ACTION = 'iam:PassRole';

/**
 * "EC2 doesn't support aws:ResourceTag checks during resource creation; you must use the EC2-specific condition key
 * ec2:CreateAction to protect your tag-on-create permissions."
 */
export const SERVICES_WITHOUT_RESOURCE_TAG_AT_CREATION = new Set(['ec2']);

/**
 * "ABAC is not supported for s3:PutObject, s3:DeleteObject, or s3:DeleteObjectVersion calls": object tags cannot
 * limit who overwrites or deletes an object.
 */
export const S3_OBJECT_WRITES = new Set(['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion']);

/** "SQS doesn't support aws:ResourceTag in resource-based permission policies." */
export const SERVICES_WITHOUT_RESOURCE_TAG_IN_RESOURCE_POLICIES = new Set(['sqs']);

/**
 * "s3:PutObjectTagging and s3:PutBucketTagging replace the full set of tags ... s3:RemoveObjectTagging and
 * s3:RemoveBucketTagging remove all tags": the S3 tagging actions that can drop a tag without naming it.
 */
export const S3_REPLACE_ALL_TAGGING = new Set([
  's3:PutObjectTagging',
  's3:PutObjectVersionTagging',
  's3:DeleteObjectTagging',
  's3:DeleteObjectVersionTagging',
]);
