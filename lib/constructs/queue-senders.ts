import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';

export interface AllowedSenders {
  /** Roles that may send (their sessions carry the role ARN as aws:PrincipalArn). */
  readonly roleArns: string[];
  /** EventBridge rules that may send, by aws:SourceArn (the service principal has no aws:PrincipalArn). */
  readonly ruleArns: string[];
}

/**
 * Denies sqs:SendMessage to every principal but the given roles and rules, whatever their identity policies allow:
 * a message on these queues is an event to act on, so sending one must stay with tagwarden's own pieces. Both
 * negated conditions are true for a key the request lacks, so a caller must match one list to escape the deny.
 */
export function denyOtherSenders(queue: sqs.IQueue, senders: AllowedSenders): void {
  const conditions: Record<string, Record<string, string[]>> = { ArnNotEquals: { 'aws:SourceArn': senders.ruleArns } };
  if (senders.roleArns.length) conditions.ArnNotEquals['aws:PrincipalArn'] = senders.roleArns;
  queue.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'OnlyTagwardenSends',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
      conditions,
    }),
  );
}
