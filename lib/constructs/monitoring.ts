import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, METRIC_SERVICE, RECORDER_REJECTED_METRIC, TAGGER_METRIC } from '../../lambda/core/metrics';

/** An event older than this in the tagger queue means the tagger is not keeping up (or is failing). */
export const OLDEST_MESSAGE_ALARM_SECONDS = 900;
const PERIOD = Duration.minutes(5);
/** More than this share of the tagger's events in 5 minutes without their session record means sessions are lost. */
export const MISSING_SESSION_ALARM_PERCENT = 10;

/** One of tagwarden's own metrics, summed over the period. */
export function ownMetric(service: string, metricName: string, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRIC_NAMESPACE,
    metricName,
    dimensionsMap: { service },
    statistic: 'Sum',
    period: PERIOD,
    label,
  });
}

export interface MonitoringProps {
  readonly alarmEmails: string[];
  /** Every DLQ, by a short name for the alarm: anything in a DLQ is an event tagwarden could not handle. */
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  readonly functions: Record<string, lambda.IFunction>;
  readonly taggerQueue: sqs.IQueue;
}

/** The alarm topic, the alarms and the tagwarden dashboard. */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const key = new kms.Key(this, 'TopicKey', {
      description: 'tagwarden: encrypts the alarm topic',
      enableKeyRotation: true,
    });
    // CloudWatch publishes the alarms to the encrypted topic, so it must use the key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'tagwarden alarms',
      masterKey: key,
      enforceSSL: true,
    });
    for (const email of props.alarmEmails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));

    const alarm = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const a = new cloudwatch.Alarm(this, name, {
        alarmDescription: `tagwarden: ${description}`,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(new cwActions.SnsAction(this.topic));
      this.alarms.push(a);
      return a;
    };

    for (const [name, dlq] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}DlqDepth`,
        dlq.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        1,
        `events parked in the ${name} DLQ: inspect their reason and redrive`,
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors({ period: PERIOD, statistic: 'Sum' }), 1, `the ${name} function failed`);
      alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        1,
        `the ${name} function was throttled at its reserved concurrency`,
      );
    }
    alarm(
      'TaggerQueueOldestMessage',
      props.taggerQueue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
      OLDEST_MESSAGE_ALARM_SECONDS,
      `a create event has waited more than ${OLDEST_MESSAGE_ALARM_SECONDS} s to be tagged`,
    );

    // tagwarden's own metrics: what the AWS metrics cannot show.
    const tagger = (name: string) => ownMetric(METRIC_SERVICE.tagger, name, name);
    alarm(
      'TaggerDeadLettered',
      tagger(TAGGER_METRIC.deadLettered),
      1,
      'the tagger dead-lettered events: run tagwarden dlq list',
    );
    alarm(
      'TaggerRejected',
      tagger(TAGGER_METRIC.rejected),
      1,
      'the tagger rejected events it can never handle (malformed, account mismatch, write refused)',
    );
    alarm(
      'RecorderRejected',
      ownMetric(METRIC_SERVICE.recorder, RECORDER_REJECTED_METRIC),
      1,
      'the session recorder rejected STS events',
    );
    alarm(
      'IamTagsUnavailable',
      tagger(TAGGER_METRIC.iamTagsUnavailable),
      1,
      "resources were tagged without their creator's IAM tags: the tagger role could not read them",
    );
    const missingRate = new cloudwatch.MathExpression({
      expression: 'IF(events > 0, 100 * missing / events, 0)',
      usingMetrics: { missing: tagger(TAGGER_METRIC.missingSession), events: tagger(TAGGER_METRIC.events) },
      period: PERIOD,
      label: 'missing sessions (% of events)',
    });
    alarm(
      'MissingSessionRate',
      missingRate,
      MISSING_SESSION_ALARM_PERCENT,
      `more than ${MISSING_SESSION_ALARM_PERCENT}% of events had no session record: check the STS rule state and the recorder`,
    );

    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `tagwarden-${Stack.of(this).region}`,
    });
    const fnWidgets = Object.entries(props.functions).map(
      ([name, fn]) =>
        new cloudwatch.GraphWidget({
          title: `${name}: invocations, errors, throttles`,
          left: [
            fn.metricInvocations({ period: PERIOD }),
            fn.metricErrors({ period: PERIOD }),
            fn.metricThrottles({ period: PERIOD }),
          ],
          right: [fn.metricDuration({ period: PERIOD, statistic: 'p99' })],
        }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Tagger queue: depth and oldest message (s)',
        left: [
          props.taggerQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD }),
          props.taggerQueue.metricApproximateNumberOfMessagesNotVisible({ period: PERIOD }),
        ],
        right: [props.taggerQueue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' })],
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues: depth',
        left: Object.entries(props.deadLetterQueues).map(([name, q]) =>
          q.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: name, statistic: 'Maximum' }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'tagwarden outcomes',
        left: [
          TAGGER_METRIC.events,
          TAGGER_METRIC.deadLettered,
          TAGGER_METRIC.rejected,
          TAGGER_METRIC.missingSession,
          TAGGER_METRIC.iamTagsUnavailable,
        ].map(tagger),
        right: [missingRate],
      }),
      ...fnWidgets,
      new cloudwatch.AlarmStatusWidget({ title: 'tagwarden alarms', alarms: this.alarms, width: 24 }),
    );
  }
}
