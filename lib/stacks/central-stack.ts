import * as path from 'node:path';
import { CfnOutput, Duration, Stack, StackProps, Tags, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TagwardenConfig } from '../config';
import { cloudTrailRule } from '../constructs/cloudtrail-rule';
import {
  cloudTrailPattern,
  createEventGroups,
  sessionEventGroup,
  splitPatterns,
} from '../constructs/forwarder-pattern';
import { CENTRAL_OUTPUT } from '../central-outputs';
import { HeartbeatTable } from '../constructs/heartbeat-table';
import { Monitoring } from '../constructs/monitoring';
import { OperatorRole } from '../constructs/operator-role';
import { denyOtherSenders } from '../constructs/queue-senders';
import { acknowledgeWildcardResource } from '../constructs/nag';
import { SessionTable } from '../constructs/session-table';
import { TagwardenFunction } from '../constructs/tagwarden-function';
import {
  COMPONENT_TAG_KEY,
  CENTRAL_BUS_NAME,
  FORWARDER_ROLE_PREFIX,
  operatorRoleArn,
  TAGGER_FUNCTION_ROLE_COMPONENT,
  TAGGER_FUNCTION_ROLE_NAME,
  TAGGER_QUEUE_NAME,
} from '../names';
import { runtimeSettings } from '../config/runtime-settings';
import { HEARTBEAT_TABLE_ENV } from '../../lambda/core/heartbeat';
import { SESSION_TABLE } from '../../lambda/core/session';

const LAMBDA_DIR = path.join(__dirname, '..', '..', 'lambda');
export const TAGGER_TIMEOUT = Duration.seconds(60);
export const RECORDER_TIMEOUT = Duration.seconds(30);
/** Events in the tagger queue: ten per invocation, collected for up to five seconds. */
export const TAGGER_BATCH_SIZE = 10;
/** EventBridge's longest retry (24 h, 185 attempts): session tags cannot be read back from AWS once lost. */
const TARGET_RETRY = { maxEventAge: Duration.hours(24), retryAttempts: 185 };
const DLQ_RETENTION = Duration.days(14);

/**
 * The visibility timeout of the tagger queue: at least six function timeouts (the AWS guidance for SQS sources),
 * and long enough that maxReceives receives span the session delivery window, so an event whose session record
 * is still on its way is retried until that record can have arrived.
 */
export function taggerVisibilityTimeout(config: TagwardenConfig): Duration {
  const seconds = Math.max(
    6 * TAGGER_TIMEOUT.toSeconds(),
    Math.ceil(config.tagger.sessionDeliveryWindowSeconds / config.tagger.maxReceives),
  );
  return Duration.seconds(Math.min(seconds, 12 * 3600));
}

export interface CentralStackProps extends StackProps {
  readonly config: TagwardenConfig;
}

/** The central account's stack: the org-wide event bus and everything behind it. */
export class CentralStack extends Stack {
  readonly bus: events.EventBus;
  readonly taggerQueue: sqs.Queue;
  readonly tagger: TagwardenFunction;
  readonly recorder: TagwardenFunction;
  readonly operatorRole?: OperatorRole;

  constructor(scope: Construct, id: string, props: CentralStackProps) {
    super(scope, id, props);
    const { config } = props;

    // A fixed name: the member forwarders are synthesized into StackSets and must reference a concrete ARN.
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: CENTRAL_BUS_NAME });
    this.bus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'PutEventsFromOrgOnly',
        principals: [new iam.AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        // Only the forwarders' roles, not any principal of the org, may put events here. The global keys are set
        // on every request; the event-content keys (events:source, events:detail-type) are left out because a
        // missing key would silently reject every forwarded event, and the rules below already filter on content.
        conditions: {
          StringEquals: { 'aws:PrincipalOrgID': config.organizationId },
          ArnLike: { 'aws:PrincipalArn': `arn:${this.partition}:iam::*:role/${FORWARDER_ROLE_PREFIX}*` },
        },
      }),
    );

    const table = new SessionTable(this, 'SessionTable').table;
    const heartbeats = new HeartbeatTable(this, 'HeartbeatTable').table;
    const heartbeatEnv = { [HEARTBEAT_TABLE_ENV]: heartbeats.tableName };
    // Both functions note the (account, region) of each event they see; conditional writes, at most one per interval.
    const writeHeartbeats = new iam.PolicyStatement({
      sid: 'WriteHeartbeats',
      actions: ['dynamodb:UpdateItem'],
      resources: [heartbeats.tableArn],
    });
    const settingsJson = Stack.of(this).toJsonString(runtimeSettings(config, table.tableName));
    const dlq = (id: string) =>
      new sqs.Queue(this, id, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: DLQ_RETENTION,
      });

    // Session events: bus -> recorder. Delivery failures and failed async invocations both land in SessionDlq.
    const sessionDlq = dlq('SessionDlq');
    this.recorder = new TagwardenFunction(this, 'SessionRecorder', {
      entry: path.join(LAMBDA_DIR, 'session-recorder', 'index.ts'),
      description: 'tagwarden session recorder: STS session events to the session table',
      settingsJson,
      timeout: RECORDER_TIMEOUT,
      memorySize: 256,
      reservedConcurrency: config.tagger.maxConcurrency,
      deadLetterQueue: sessionDlq,
      retryAttempts: 2,
      environment: heartbeatEnv,
    });
    this.recorder.role.addToPolicy(writeHeartbeats);
    this.recorder.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteSessions',
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem'],
        resources: [table.tableArn],
      }),
    );
    const sessionRule = cloudTrailRule(this, 'SessionEvents', {
      eventBus: this.bus,
      description: 'tagwarden: STS session events to the session recorder',
      pattern: cloudTrailPattern([sessionEventGroup()]),
      readOnlyEvents: true,
      targets: [new targets.LambdaFunction(this.recorder.fn, { deadLetterQueue: sessionDlq, ...TARGET_RETRY })],
    });

    // Create events: bus -> queue -> tagger. The queue buffers bursts; the tagger reports partial batch failures.
    const deliveryDlq = dlq('CreateEventDeliveryDlq');
    // Only the tagger queue may redrive into its DLQ. Named by ARN: a reference would make the two queues a cycle.
    const taggerQueueArn = `arn:${this.partition}:sqs:${this.region}:${this.account}:${TAGGER_QUEUE_NAME}`;
    const taggerDlq = new sqs.Queue(this, 'TaggerDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DLQ_RETENTION,
      redriveAllowPolicy: {
        redrivePermission: sqs.RedrivePermission.BY_QUEUE,
        sourceQueues: [sqs.Queue.fromQueueArn(this, 'TaggerQueueSource', taggerQueueArn)],
      },
    });
    this.taggerQueue = new sqs.Queue(this, 'TaggerQueue', {
      queueName: TAGGER_QUEUE_NAME,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: taggerVisibilityTimeout(config),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: taggerDlq, maxReceiveCount: config.tagger.maxReceives },
    });
    const createRules = splitPatterns(createEventGroups()).map((pattern, i) =>
      cloudTrailRule(this, i === 0 ? 'CreateEvents' : `CreateEvents${i + 1}`, {
        eventBus: this.bus,
        description: 'tagwarden: supported create events to the tagger queue',
        pattern,
        readOnlyEvents: false,
        targets: [new targets.SqsQueue(this.taggerQueue, { deadLetterQueue: deliveryDlq, ...TARGET_RETRY })],
      }),
    );

    this.tagger = new TagwardenFunction(this, 'Tagger', {
      entry: path.join(LAMBDA_DIR, 'tagger', 'index.ts'),
      description: "tagwarden tagger: tags created resources with their creator's tags",
      settingsJson,
      timeout: TAGGER_TIMEOUT,
      memorySize: 512,
      reservedConcurrency: config.tagger.maxConcurrency,
      // Fixed: the member tagger roles trust exactly this role by ARN.
      roleName: TAGGER_FUNCTION_ROLE_NAME,
      // The handler parks an event in the DLQ itself, with its reason, on the last receive the redrive allows.
      environment: { DLQ_URL: taggerDlq.queueUrl, MAX_RECEIVES: String(config.tagger.maxReceives), ...heartbeatEnv },
    });
    const taggerRole = this.tagger.role;
    // The guard recognises the role by this tag too, however a call spells its name (docs/threat-model.md).
    Tags.of(taggerRole).add(COMPONENT_TAG_KEY, TAGGER_FUNCTION_ROLE_COMPONENT);
    taggerRole.addToPolicy(writeHeartbeats);
    const taggerRoleArns = `arn:${this.partition}:iam::*:role/${config.taggerRoleName}`;
    taggerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeTaggerRoleInOrg',
        actions: ['sts:AssumeRole'],
        resources: [taggerRoleArns],
        conditions: { StringEquals: { 'aws:ResourceOrgID': config.organizationId } },
      }),
    );
    taggerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadSessions',
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: [table.tableArn, `${table.tableArn}/index/${SESSION_TABLE.arnIndexName}`],
      }),
    );
    // The tagger parks events it can never handle (with their reason) in the DLQ itself, without retrying them.
    taggerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ParkPermanentFailures',
        actions: ['sqs:SendMessage'],
        resources: [taggerDlq.queueArn],
      }),
    );
    this.tagger.fn.addEventSource(
      new lambdaSources.SqsEventSource(this.taggerQueue, {
        batchSize: TAGGER_BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
        // No more pollers than reserved instances, so the queue never throttles the function.
        maxConcurrency: config.tagger.maxConcurrency,
      }),
    );

    // Admins operate the central account through this role; without admin principals nobody could assume it.
    if (config.adminPrincipals.length) {
      this.operatorRole = new OperatorRole(this, 'Operator', {
        config,
        logGroups: [this.tagger.logGroup, this.recorder.logGroup],
        taggerQueue: this.taggerQueue,
        taggerDlq,
        sessionDlq,
        deliveryDlq,
        sessionTable: table,
        heartbeatTable: heartbeats,
        recorder: this.recorder.fn,
      });
    }
    const operator = config.adminPrincipals.length ? [operatorRoleArn(config)] : [];
    denyOtherSenders(this.taggerQueue, { roleArns: operator, ruleArns: createRules.map((r) => r.ruleArn) });
    denyOtherSenders(deliveryDlq, { roleArns: [], ruleArns: createRules.map((r) => r.ruleArn) });
    denyOtherSenders(taggerDlq, { roleArns: [taggerRole.roleArn], ruleArns: [] });
    denyOtherSenders(sessionDlq, { roleArns: [this.recorder.role.roleArn], ruleArns: [sessionRule.ruleArn] });

    const outputs: Record<keyof typeof CENTRAL_OUTPUT, string> = {
      taggerQueueUrl: this.taggerQueue.queueUrl,
      taggerQueueArn: this.taggerQueue.queueArn,
      taggerDlqUrl: taggerDlq.queueUrl,
      taggerDlqArn: taggerDlq.queueArn,
      sessionDlqUrl: sessionDlq.queueUrl,
      deliveryDlqUrl: deliveryDlq.queueUrl,
      sessionTableName: table.tableName,
      heartbeatTableName: heartbeats.tableName,
      taggerLogGroup: this.tagger.logGroup.logGroupName,
      recorderLogGroup: this.recorder.logGroup.logGroupName,
      recorderFunctionName: this.recorder.fn.functionName,
    };
    for (const [key, value] of Object.entries(outputs)) {
      new CfnOutput(this, CENTRAL_OUTPUT[key as keyof typeof CENTRAL_OUTPUT], { value });
    }

    new Monitoring(this, 'Monitoring', {
      alarmEmails: config.alarmEmails,
      deadLetterQueues: { Session: sessionDlq, CreateEventDelivery: deliveryDlq, Tagger: taggerDlq },
      functions: { SessionRecorder: this.recorder.fn, Tagger: this.tagger.fn },
      taggerQueue: this.taggerQueue,
    });

    acknowledgeWildcardResource(
      taggerRole,
      taggerRoleArns,
      'The tagger acts in every account of the organization, including accounts that join later, so the account ' +
        'cannot be named. The resource names the one tagger role, and aws:ResourceOrgID limits it to the organization.',
    );
    Validations.of(deliveryDlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the DeadLetterConfig of the EventBridge rule targets, which the ' +
        'check does not recognize. A further DLQ would only move the problem; its depth is alarmed instead.',
    });
  }
}
