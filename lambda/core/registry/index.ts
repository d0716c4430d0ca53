import { isObject, ParsedEvent } from '../cloudtrail';
import { Rejection } from '../rejection';
import { ResourceRef, TagWriterKind } from '../resource';
import { parseArn, partitionOf } from '../aws-syntax';
import { acmRules } from './acm';
import { apigatewayRules } from './apigateway';
import { appmeshRules } from './appmesh';
import { athenaRules } from './athena';
import { autoscalingRules } from './autoscaling';
import { cloudfrontRules } from './cloudfront';
import { cognitoRules } from './cognito';
import { dynamodbRules } from './dynamodb';
import { ec2Rules } from './ec2';
import { ecrRules } from './ecr';
import { ecsRules } from './ecs';
import { efsRules } from './efs';
import { eksRules } from './eks';
import { elasticacheRules } from './elasticache';
import { elbRules } from './elb';
import { emrRules } from './emr';
import { glueRules } from './glue';
import { kinesisRules } from './kinesis';
import { kmsRules } from './kms';
import { lambdaRules } from './lambda';
import { logsRules } from './logs';
import { opensearchRules } from './opensearch';
import { rdsRules } from './rds';
import { redshiftRules } from './redshift';
import { s3Rules } from './s3';
import { sagemakerRules } from './sagemaker';
import { secretsmanagerRules } from './secretsmanager';
import { snsRules } from './sns';
import { sqsRules } from './sqs';
import { ssmRules } from './ssm';
import { stepfunctionsRules } from './stepfunctions';
import { vpcRules } from './vpc';
import { ExtractedResource, ResourceRule } from './types';

export type { ResourceRule, ExtractContext, ExtractedResource } from './types';

/** Every create event tagwarden handles. The member forwarding rule's pattern is generated from this list. */
export const RULES: readonly ResourceRule[] = [
  ...acmRules,
  ...apigatewayRules,
  ...appmeshRules,
  ...athenaRules,
  ...autoscalingRules,
  ...cloudfrontRules,
  ...cognitoRules,
  ...dynamodbRules,
  ...ec2Rules,
  ...ecrRules,
  ...ecsRules,
  ...efsRules,
  ...eksRules,
  ...elasticacheRules,
  ...elbRules,
  ...emrRules,
  ...glueRules,
  ...kinesisRules,
  ...kmsRules,
  ...lambdaRules,
  ...logsRules,
  ...opensearchRules,
  ...rdsRules,
  ...redshiftRules,
  ...s3Rules,
  ...sagemakerRules,
  ...secretsmanagerRules,
  ...snsRules,
  ...sqsRules,
  ...ssmRules,
  ...stepfunctionsRules,
  ...vpcRules,
];

/** The rules by eventSource, then eventName: looked up twice per event, without building a key. */
const bySource = new Map<string, Map<string, ResourceRule>>();
for (const r of RULES) {
  const byName = bySource.get(r.eventSource) ?? new Map<string, ResourceRule>();
  if (byName.has(r.eventName)) throw new Error('registry: two rules share an eventSource and eventName');
  bySource.set(r.eventSource, byName.set(r.eventName, r));
}

export function ruleFor(eventSource: string, eventName: string): ResourceRule | undefined {
  return bySource.get(eventSource)?.get(eventName);
}

/**
 * Every resource a create event created, each in the event's account and region.
 * Throws a Rejection: `failed-call` for a failed API call, `unsupported` for an event with no rule,
 * `incomplete` when the rule's fields are missing, `account-mismatch` when a resource is in another account.
 */
export function extractResources(event: ParsedEvent): ResourceRef[] {
  const { record } = event;
  if (record.errorCode)
    throw new Rejection('failed-call', `the call failed with ${record.errorCode}: nothing was created`, 'errorCode');
  const rule = ruleFor(record.eventSource, record.eventName);
  if (!rule) throw new Rejection('unsupported', `no rule for ${record.eventSource} ${record.eventName}`, 'eventName');
  const extracted = rule.extract({
    event,
    request: isObject(record.requestParameters) ? record.requestParameters : {},
    response: isObject(record.responseElements) ? record.responseElements : {},
    partition: partitionOf(event.region),
    account: event.account,
    region: event.region,
  });
  const resources = extracted.map((r) => withWriter(r, rule.writer));
  if (resources.length === 0)
    throw new Rejection('incomplete', `${record.eventName} names no created resource`, 'responseElements');
  for (const r of resources) {
    if (r.account !== event.account) {
      throw new Rejection(
        'account-mismatch',
        `resource ${r.arn} is in account ${r.account}, not in the event's account ${event.account}`,
        'responseElements',
      );
    }
    // A regional ARN names the region the tagger must call; global ARNs (S3, CloudFront, IAM-like) name none.
    const arnRegion = parseArn(r.arn)?.region;
    if (arnRegion && arnRegion !== event.region) {
      throw new Rejection(
        'account-mismatch',
        `resource ${r.arn} is in region ${arnRegion}, not in the event's region ${event.region}`,
        'responseElements',
      );
    }
  }
  return dedupe(resources);
}

/** The create events to forward, grouped by event source, for the member accounts' EventBridge rule. */
export function supportedEvents(): { eventSource: string; eventNames: string[] }[] {
  const grouped = new Map<string, string[]>();
  for (const r of RULES) grouped.set(r.eventSource, [...(grouped.get(r.eventSource) ?? []), r.eventName]);
  return [...grouped]
    .map(([eventSource, eventNames]) => ({ eventSource, eventNames: eventNames.sort() }))
    .sort((a, b) => a.eventSource.localeCompare(b.eventSource));
}

/**
 * The resource with its rule's writer after the fields the rule gave, written out: on Node 20 a field defined after
 * a spread (`{ ...r, writer }`) costs about a microsecond, for every resource of every event.
 */
function withWriter(r: ExtractedResource, writer: TagWriterKind): ResourceRef {
  const { service, type, id, arn, account, region, maxTags, creationTags } = r;
  if (!('extra' in r)) return { service, type, id, arn, account, region, maxTags, creationTags, writer };
  return { service, type, id, arn, account, region, maxTags, creationTags, extra: r.extra, writer };
}

/** One entry per resource: a response may list one resource twice (an interface shared in a sanitised sample). */
function dedupe(resources: ResourceRef[]): ResourceRef[] {
  if (resources.length === 1) return resources;
  const seen = new Set<string>();
  return resources.filter((r) => {
    const key = `${r.writer} ${r.id} ${r.arn}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
