import { ResourcePlan } from '../../core/tag-plan';
import { ClassifiedError } from '../../engine/ports';

/**
 * Why a writer must not touch a resource, or undefined when it may. The tagger role of the event's account may only
 * act on that account's resources in the event's region: every account and region the target names must be those.
 * S3 ARNs name neither (the bucket owner is checked by ExpectedBucketOwner on the call); CloudFront's name no region.
 * A Secrets Manager id with a colon is an ARN (TagResource takes either), so it is held to the same rule.
 */
export function targetProblem(plan: ResourcePlan, account: string, region: string): ClassifiedError | undefined {
  const r = plan.resource;
  const refuse = (reason: string): ClassifiedError => ({
    retryable: false,
    kind: 'permanent',
    code: 'AccountMismatch',
    reason,
  });
  if (r.account !== account) return refuse(`${r.arn} is in account ${r.account}, the event in ${account}`);
  const arns = [r.arn, ...(r.writer === 'secretsmanager' && r.id.includes(':') ? [r.id] : [])];
  for (const arn of arns) {
    const parts = arn.split(':');
    if (parts[0] !== 'arn' || parts.length < 6) return refuse(`${arn} is not an ARN`);
    const [arnRegion, arnAccount] = [parts[3], parts[4]];
    if (arnAccount && arnAccount !== account) {
      return refuse(`${arn} names account ${arnAccount}, the event is in ${account}`);
    }
    if (arnRegion && arnRegion !== region) return refuse(`${arn} names region ${arnRegion}, the event is in ${region}`);
  }
  return undefined;
}
