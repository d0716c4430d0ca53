import { Stack, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TagwardenConfig } from '../config';
import { CENTRAL_STACK_NAME, COMPONENT_TAG_KEY, OPERATOR_ROLE_NAME } from '../names';
import { acknowledgeWildcardResource } from './nag';

/** The value of the component tag on the operator role. */
export const OPERATOR_ROLE_COMPONENT = 'operator-role';

export interface OperatorRoleProps {
  readonly config: TagwardenConfig;
  readonly logGroups: logs.ILogGroup[];
  readonly taggerQueue: sqs.IQueue;
  readonly taggerDlq: sqs.IQueue;
  readonly sessionDlq: sqs.IQueue;
  readonly deliveryDlq: sqs.IQueue;
  readonly sessionTable: dynamodb.ITable;
  readonly heartbeatTable: dynamodb.ITable;
  readonly recorder: lambda.IFunction;
}

/**
 * The role the admin principals assume in the central account to operate tagwarden. It reads the stack outputs,
 * the functions' logs, the DLQs, the session records and the heartbeats; its only changes are the redrives: moving
 * tagger DLQ messages back (StartMessageMoveTask, or send + delete), sending delivery-DLQ events to the tagger
 * queue, and invoking the recorder with session-DLQ events. The queue policies let no other principal send.
 */
export class OperatorRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: OperatorRoleProps) {
    super(scope, id);
    const { config } = props;
    const { account, region, partition } = Stack.of(this);
    const stackArn = `arn:${partition}:cloudformation:${region}:${account}:stack/${CENTRAL_STACK_NAME}/*`;
    const dlqArns = [props.taggerDlq.queueArn, props.sessionDlq.queueArn, props.deliveryDlq.queueArn];
    this.role = new iam.Role(this, 'Role', {
      roleName: OPERATOR_ROLE_NAME,
      description:
        'tagwarden: operate the central account (trace, DLQ list and redrive, heartbeats); read-only but redrive',
      assumedBy: new iam.CompositePrincipal(
        ...config.adminPrincipals.map((arn) => new iam.ArnPrincipal(arn)),
      ).withConditions({
        StringEquals: { 'aws:PrincipalOrgID': config.organizationId },
      }),
      inlinePolicies: {
        operate: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'ReadStackOutputs',
              actions: ['cloudformation:DescribeStacks'],
              resources: [stackArn],
            }),
            new iam.PolicyStatement({
              sid: 'StartLogQueries',
              actions: ['logs:StartQuery'],
              resources: props.logGroups.map((g) => g.logGroupArn),
            }),
            // GetQueryResults and StopQuery take a query id and support no resource type.
            new iam.PolicyStatement({
              sid: 'ReadLogQueries',
              actions: ['logs:GetQueryResults', 'logs:StopQuery'],
              resources: ['*'],
            }),
            new iam.PolicyStatement({
              sid: 'ReadQueues',
              actions: ['sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
              resources: [...dlqArns, props.taggerQueue.queueArn],
            }),
            new iam.PolicyStatement({
              sid: 'ReadRedriveTasks',
              actions: ['sqs:ListMessageMoveTasks'],
              resources: [props.taggerDlq.queueArn],
            }),
            new iam.PolicyStatement({
              sid: 'RedriveTaggerDlq',
              actions: ['sqs:StartMessageMoveTask'],
              resources: [props.taggerDlq.queueArn],
            }),
            new iam.PolicyStatement({
              sid: 'RemoveRedrivenMessages',
              actions: ['sqs:DeleteMessage'],
              resources: dlqArns,
            }),
            new iam.PolicyStatement({
              sid: 'RedriveToTaggerQueue',
              actions: ['sqs:SendMessage'],
              resources: [props.taggerQueue.queueArn],
            }),
            new iam.PolicyStatement({
              sid: 'RedriveSessionEvents',
              actions: ['lambda:InvokeFunction'],
              resources: [props.recorder.functionArn],
            }),
            new iam.PolicyStatement({
              sid: 'ReadSessionRecords',
              actions: ['dynamodb:GetItem'],
              resources: [props.sessionTable.tableArn],
            }),
            new iam.PolicyStatement({
              sid: 'ReadHeartbeats',
              actions: ['dynamodb:Scan'],
              resources: [props.heartbeatTable.tableArn],
            }),
          ],
        }),
      },
    });
    Tags.of(this.role).add(COMPONENT_TAG_KEY, OPERATOR_ROLE_COMPONENT);
    acknowledgeWildcardResource(
      this.role,
      stackArn,
      'CloudFormation stack ARNs end in a generated id: the resource names the one central stack, by name, in this ' +
        'account and region.',
    );
    acknowledgeWildcardResource(
      this.role,
      '*',
      'logs:GetQueryResults and logs:StopQuery support no resource type; they act only on a query id returned by ' +
        'StartQuery, which is ' +
        'limited to the two function log groups.',
    );
    for (const g of props.logGroups) {
      acknowledgeWildcardResource(
        this.role,
        g.logGroupArn,
        'A log group ARN ends in :* (its log streams); StartQuery needs it. The resource names one tagwarden ' +
          'function log group.',
      );
    }
  }
}
