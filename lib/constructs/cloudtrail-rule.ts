import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { CloudTrailPattern } from './forwarder-pattern';

/** EventBridge's rule state for rules that must also match read-only management events delivered by CloudTrail. */
export const READ_ONLY_EVENTS_STATE = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface CloudTrailRuleProps extends Omit<events.RuleProps, 'eventPattern'> {
  readonly pattern: CloudTrailPattern;
  /** The rule matches STS session events, which CloudTrail marks read-only (AssumeRole*). */
  readonly readOnlyEvents: boolean;
}

/** A rule on CloudTrail's API call events; those that carry STS session events also receive read-only events. */
export function cloudTrailRule(scope: Construct, id: string, props: CloudTrailRuleProps): events.Rule {
  const { pattern, readOnlyEvents, ...ruleProps } = props;
  // The pattern's operators (prefix, exists, anything-but) are outside the typed EventPattern; CDK passes them through.
  const rule = new events.Rule(scope, id, { ...ruleProps, eventPattern: pattern as unknown as events.EventPattern });
  // Without this state EventBridge never matches read-only events (AssumeRole is one); CDK's Rule has no prop for it.
  if (readOnlyEvents) (rule.node.defaultChild as events.CfnRule).state = READ_ONLY_EVENTS_STATE;
  return rule;
}
