import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SETTINGS_ENV } from '../../lambda/core/settings';

/** The newest Node.js runtime aws-cdk-lib offers; the Lambda Node.js runtimes ship the AWS SDK v3. */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

export interface TagwardenFunctionProps {
  /** The handler module, exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  /** The settings JSON, TAGWARDEN_SETTINGS. */
  readonly settingsJson: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  /** Bounds the calls a burst can make to IAM, STS, DynamoDB and the tagging APIs. */
  readonly reservedConcurrency: number;
  /** A fixed role name, for a role that other accounts' trust policies name. */
  readonly roleName?: string;
  readonly environment?: Record<string, string>;
  readonly deadLetterQueue?: sqs.IQueue;
  readonly retryAttempts?: number;
}

/**
 * A tagwarden function: bundled with esbuild (minified, tree-shaken, with source maps) on arm64, its own log group
 * with a retention, and its own role that may only write to that log group until the stack grants more.
 */
export class TagwardenFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TagwardenFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.RETAIN });
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
      description: `Execution role of ${props.description}`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      role: this.role,
      logGroup: this.logGroup,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.retryAttempts,
      environment: { [SETTINGS_ENV]: props.settingsJson, NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node24',
        // The runtime provides the AWS SDK v3; everything else is bundled and tree-shaken.
        externalModules: ['@aws-sdk/*'],
      },
    });
  }
}
