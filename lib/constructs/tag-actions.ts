import { EventGroup } from './forwarder-pattern';

/*
 * The IAM actions the member tagger role needs, derived from the registry. tag:TagResources (the Resource Groups
 * Tagging API) also needs the tagging action of the service that owns each resource, so every service in the
 * registry must map to its own tagging action(s) here: the role grants those of the registered services only.
 */

/** The tagging actions of a service: only the ones that add tags, never the ones that remove them. */
export const SERVICE_TAG_ACTIONS: Record<string, string[]> = {
  'acm': ['acm:AddTagsToCertificate'],
  // API Gateway has no tagging action of its own: tags are a PUT on the /tags path, scoped in apiGatewayTagging.
  'apigateway': [],
  'appmesh': ['appmesh:TagResource'],
  'acm-pca': ['acm-pca:TagCertificateAuthority'],
  'appsync': ['appsync:TagResource'],
  'athena': ['athena:TagResource'],
  'autoscaling': ['autoscaling:CreateOrUpdateTags'],
  'backup': ['backup:TagResource'],
  'batch': ['batch:TagResource'],
  'cloudformation': ['cloudformation:TagResource'],
  'cloudfront': ['cloudfront:TagResource'],
  'cloudtrail': ['cloudtrail:AddTags'],
  'cloudwatch': ['cloudwatch:TagResource'],
  'codecommit': ['codecommit:TagResource'],
  'codepipeline': ['codepipeline:TagResource'],
  'cognito-idp': ['cognito-idp:TagResource'],
  'dax': ['dax:TagResource'],
  'dynamodb': ['dynamodb:TagResource'],
  'ec2': ['ec2:CreateTags'],
  'ecr': ['ecr:TagResource'],
  'ecs': ['ecs:TagResource'],
  'eks': ['eks:TagResource'],
  'elasticache': ['elasticache:AddTagsToResource'],
  'elasticfilesystem': ['elasticfilesystem:TagResource'],
  'elasticloadbalancing': ['elasticloadbalancing:AddTags'],
  'elasticmapreduce': ['elasticmapreduce:AddTags'],
  'es': ['es:AddTags'],
  'events': ['events:TagResource'],
  'firehose': ['firehose:TagDeliveryStream'],
  'fsx': ['fsx:TagResource'],
  'glue': ['glue:TagResource'],
  'iam': ['iam:TagRole', 'iam:TagUser', 'iam:TagPolicy', 'iam:TagInstanceProfile', 'iam:TagOpenIDConnectProvider', 'iam:TagSAMLProvider'],
  'imagebuilder': ['imagebuilder:TagResource'],
  'kafka': ['kafka:TagResource'],
  'kinesis': ['kinesis:AddTagsToStream'],
  'kms': ['kms:TagResource'],
  'lambda': ['lambda:TagResource'],
  'logs': ['logs:TagResource', 'logs:TagLogGroup'],
  'memorydb': ['memorydb:TagResource'],
  'mq': ['mq:CreateTags'],
  'network-firewall': ['network-firewall:TagResource'],
  'rds': ['rds:AddTagsToResource'],
  'redshift': ['redshift:CreateTags'],
  'route53': ['route53:ChangeTagsForResource'],
  'route53resolver': ['route53resolver:TagResource'],
  's3': ['s3:GetBucketTagging', 's3:PutBucketTagging', 's3:GetObjectTagging', 's3:PutObjectTagging'],
  'sagemaker': ['sagemaker:AddTags'],
  'secretsmanager': ['secretsmanager:TagResource'],
  'sns': ['sns:TagResource'],
  'sqs': ['sqs:TagQueue'],
  'ssm': ['ssm:AddTagsToResource'],
  'states': ['states:TagResource'],
  'transfer': ['transfer:TagResource'],
  'wafv2': ['wafv2:TagResource'],
};

/** Event sources whose IAM service prefix is not their first label. */
const PREFIX_OF_EVENT_SOURCE: Record<string, string> = {
  'monitoring.amazonaws.com': 'cloudwatch',
  'opensearch.amazonaws.com': 'es',
};

/**
 * The writers' own calls (lambda/aws): reads for the merge and the keep-existing rule, then the writes.
 * The S3 writers read, merge and write back because S3 replaces the whole tag set.
 */
export const WRITER_ACTIONS: readonly string[] = [
  'tag:TagResources',
  'tag:GetResources',
  'ec2:CreateTags',
  'ec2:DescribeTags',
  // The volumes RunInstances attaches after the call returns are found by instance id.
  'ec2:DescribeVolumes',
  's3:GetBucketTagging',
  's3:PutBucketTagging',
  's3:GetObjectTagging',
  's3:PutObjectTagging',
  'ssm:AddTagsToResource',
  'ssm:ListTagsForResource',
  'autoscaling:CreateOrUpdateTags',
  'autoscaling:DescribeTags',
];

/** Reading the IAM tags of the principal that made a call. */
export const PRINCIPAL_TAG_READ_ACTIONS: readonly string[] = ['iam:ListRoleTags', 'iam:ListUserTags'];
/** `tagwarden grant` / `revoke`: setting and removing protected tags on roles and users. */
export const GRANT_ACTIONS: readonly string[] = ['iam:TagRole', 'iam:UntagRole', 'iam:TagUser', 'iam:UntagUser'];
/** `tagwarden list`: finding the roles that carry protected tags. */
export const LIST_ACTIONS: readonly string[] = ['iam:ListRoles'];

export function servicePrefix(eventSource: string): string {
  return PREFIX_OF_EVENT_SOURCE[eventSource] ?? eventSource.replace(/\.amazonaws\.com$/, '');
}

/** The tagging actions of every service the registry covers, sorted. Throws naming any service with no mapping. */
export function serviceTagActions(groups: EventGroup[]): string[] {
  const prefixes = [...new Set(groups.map((g) => servicePrefix(g.eventSource)))];
  const missing = prefixes.filter((p) => SERVICE_TAG_ACTIONS[p] === undefined);
  if (missing.length > 0) {
    throw new Error(`no tagging action known for service(s) ${missing.join(', ')}: add them to SERVICE_TAG_ACTIONS in lib/constructs/tag-actions.ts`);
  }
  return [...new Set(prefixes.flatMap((p) => SERVICE_TAG_ACTIONS[p]))].sort();
}

/**
 * API Gateway tags through `apigateway:PUT` on its `/tags/{arn}` path. PUT elsewhere would change the APIs
 * themselves, so the grant is limited to that path.
 */
export function apiGatewayTagging(partition: string): { actions: string[]; resources: string[] } {
  return { actions: ['apigateway:PUT'], resources: [`arn:${partition}:apigateway:*::/tags/*`] };
}
