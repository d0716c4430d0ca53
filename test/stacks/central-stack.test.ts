import { Match, Template } from 'aws-cdk-lib/assertions';
import { supportedEvents } from '../../lambda/core/registry';
import { SESSION_TABLE } from '../../lambda/core/session';
import { SETTINGS_ENV } from '../../lambda/core/settings';
import { READ_ONLY_EVENTS_STATE } from '../../lib/constructs/cloudtrail-rule';
import { cloudTrailPattern, sessionEventGroup, splitPatterns } from '../../lib/constructs/forwarder-pattern';
import { OLDEST_MESSAGE_ALARM_SECONDS } from '../../lib/constructs/monitoring';
import { COMPONENT_TAG_KEY, TAGGER_FUNCTION_ROLE_COMPONENT, TAGGER_FUNCTION_ROLE_NAME } from '../../lib/names';
import { TAGGER_BATCH_SIZE, TAGGER_TIMEOUT, taggerVisibilityTimeout } from '../../lib/stacks/central-stack';
import { exampleConfig, synthApp } from '../support/cdk-app';

const config = exampleConfig({
  alarmEmails: ['secops@example.com', 'platform@example.com'],
  tagger: { maxConcurrency: 7, maxReceives: 5 },
});
const synthesized = synthApp(config);
const t: Template = synthesized.template(synthesized.stacks.central);

const resourcesOf = (type: string) => Object.entries(t.findResources(type));
const logicalId = (type: string, props: Record<string, unknown>) => {
  const found = Object.keys(t.findResources(type, { Properties: Match.objectLike(props) }));
  expect(found).toHaveLength(1);
  return found[0];
};
const policyStatementsOf = (roleLogicalId: string) =>
  resourcesOf('AWS::IAM::Policy')
    .filter(([, r]) => JSON.stringify(r.Properties.Roles).includes(roleLogicalId))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
const roleId = (name: string) => logicalId('AWS::IAM::Role', { RoleName: name });
const taggerFnId = logicalId('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^tagwarden tagger') });
const recorderFnId = logicalId('AWS::Lambda::Function', {
  Description: Match.stringLikeRegexp('^tagwarden session recorder'),
});
const fnRoleId = (fnId: string) => (t.toJSON().Resources[fnId].Properties.Role['Fn::GetAtt'] as string[])[0];
const queueId = (idPrefix: string) => {
  const ids = resourcesOf('AWS::SQS::Queue')
    .map(([id]) => id)
    .filter((id) => id.startsWith(idPrefix));
  expect(ids).toHaveLength(1);
  return ids[0];
};

describe('central bus', () => {
  it('is named tagwarden', () => {
    t.hasResourceProperties('AWS::Events::EventBus', { Name: 'tagwarden' });
  });

  it('accepts events only from the forwarder roles of the organization', () => {
    const policies = resourcesOf('AWS::Events::EventBusPolicy');
    expect(policies).toHaveLength(1);
    expect(policies[0][1].Properties.Statement).toEqual({
      Sid: expect.any(String),
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Resource: expect.anything(),
      Condition: {
        StringEquals: { 'aws:PrincipalOrgID': config.organizationId },
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/tagwarden-forwarder-*' },
      },
    });
  });
});

describe('rules', () => {
  const rules = resourcesOf('AWS::Events::Rule').map(([, r]) => r.Properties);

  it('sends STS session events to the recorder, with a DLQ and the longest retry', () => {
    const session = rules.filter(
      (r) => JSON.stringify(r.EventPattern) === JSON.stringify(cloudTrailPattern([sessionEventGroup()])),
    );
    expect(session).toHaveLength(1);
    expect(session[0].Targets).toEqual([
      {
        Arn: { 'Fn::GetAtt': [recorderFnId, 'Arn'] },
        Id: expect.any(String),
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId('SessionDlq'), 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      },
    ]);
  });

  it("sends the registry's create events to the tagger queue, with their own DLQ", () => {
    const expected = splitPatterns(supportedEvents()).map((p) => JSON.stringify(p));
    const creates = rules.filter((r) => expected.includes(JSON.stringify(r.EventPattern)));
    expect(creates).toHaveLength(expected.length);
    for (const r of creates) {
      expect(r.Targets).toEqual([
        {
          Arn: { 'Fn::GetAtt': [queueId('TaggerQueue'), 'Arn'] },
          Id: expect.any(String),
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId('CreateEventDeliveryDlq'), 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        },
      ]);
    }
    expect(rules).toHaveLength(expected.length + 1);
    for (const r of rules) expect(r.EventBusName).toEqual({ Ref: expect.stringMatching(/^Bus/) });
  });

  it('match only AWS-put first deliveries; only the session rule takes read-only events', () => {
    for (const r of rules) {
      expect(r.EventPattern).toEqual(
        expect.objectContaining({ source: [{ prefix: 'aws.' }], 'replay-name': [{ exists: false }] }),
      );
      const carriesSts = JSON.stringify(r.EventPattern).includes('sts.amazonaws.com');
      expect(r.State).toBe(carriesSts ? READ_ONLY_EVENTS_STATE : 'ENABLED');
    }
    expect(rules.filter((r) => r.State === READ_ONLY_EVENTS_STATE)).toHaveLength(1);
  });

  it('lets EventBridge send to the DLQs and the queue only from its own rules', () => {
    for (const q of ['SessionDlq', 'CreateEventDeliveryDlq', 'TaggerQueue']) {
      const policies = resourcesOf('AWS::SQS::QueuePolicy').filter(([, p]) =>
        JSON.stringify(p.Properties.Queues).includes(queueId(q)),
      );
      const allows = policies
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
        .filter((s: Record<string, unknown>) => s.Effect === 'Allow');
      expect(allows.length).toBeGreaterThan(0);
      for (const s of allows) {
        expect(s.Principal).toEqual({ Service: 'events.amazonaws.com' });
        expect(s.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } });
      }
    }
  });
});

describe('tagger queue', () => {
  it('redrives to the tagger DLQ after config.tagger.maxReceives receives, with a visibility fitting the function', () => {
    const visibility = taggerVisibilityTimeout(config).toSeconds();
    expect(visibility).toBeGreaterThanOrEqual(6 * TAGGER_TIMEOUT.toSeconds());
    expect(visibility * config.tagger.maxReceives).toBeGreaterThanOrEqual(config.tagger.sessionDeliveryWindowSeconds);
    t.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: visibility,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId('TaggerDlq'), 'Arn'] }, maxReceiveCount: 5 },
    });
  });

  it('stretches the visibility when few receives would not span the session delivery window', () => {
    const sparse = exampleConfig({ tagger: { maxReceives: 1, sessionDeliveryWindowSeconds: 1800 } });
    expect(taggerVisibilityTimeout(sparse).toSeconds()).toBe(1800);
  });

  it('feeds the tagger in batches with partial batch failures, never more pollers than reserved instances', () => {
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId('TaggerQueue'), 'Arn'] },
      FunctionName: { Ref: taggerFnId },
      BatchSize: TAGGER_BATCH_SIZE,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 7 },
    });
  });

  it('encrypts every queue and refuses plain-text transport', () => {
    for (const [, q] of resourcesOf('AWS::SQS::Queue')) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    for (const [id] of resourcesOf('AWS::SQS::Queue')) {
      const denies = resourcesOf('AWS::SQS::QueuePolicy')
        .filter(([, p]) => JSON.stringify(p.Properties.Queues).includes(id))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
        .filter((s: Record<string, unknown>) => s.Effect === 'Deny');
      expect(denies).toContainEqual(
        expect.objectContaining({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});

describe('functions', () => {
  it('run on the newest Node.js runtime, on arm64, with bounded concurrency and the resolved settings', () => {
    for (const id of [taggerFnId, recorderFnId]) {
      const p = t.toJSON().Resources[id].Properties;
      expect(p).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        ReservedConcurrentExecutions: 7,
        Handler: 'index.handler',
      });
      const settings = p.Environment.Variables[SETTINGS_ENV];
      // The table name is a token: it must reach the function as a reference, not as "${Token[...]}".
      expect(JSON.stringify(settings)).not.toContain('Token[');
      const [, parts] = settings['Fn::Join'];
      expect(parts[0]).toContain(`"organizationId":"${config.organizationId}"`);
      expect(parts[1]).toEqual({ Ref: expect.stringMatching(/^SessionTable/) });
    }
  });

  it('keep their logs for a bounded time', () => {
    for (const [, g] of resourcesOf('AWS::Logs::LogGroup')) expect(g.Properties.RetentionInDays).toBe(90);
    expect(resourcesOf('AWS::Logs::LogGroup')).toHaveLength(2);
  });

  it('give the tagger a fixed role name, the DLQ URL, and send-only access to that DLQ', () => {
    expect(fnRoleId(taggerFnId)).toBe(roleId('tagwarden-tagger-function'));
    const env = t.toJSON().Resources[taggerFnId].Properties.Environment.Variables;
    expect(env.DLQ_URL).toEqual({ Ref: queueId('TaggerDlq') });
    // The handler's own last-receive check must agree with the queue's redrive count.
    expect(env.MAX_RECEIVES).toBe(String(config.tagger.maxReceives));
    const sqsOnDlq = policyStatementsOf(fnRoleId(taggerFnId)).filter((s) =>
      JSON.stringify(s.Resource).includes(queueId('TaggerDlq')),
    );
    expect(sqsOnDlq).toEqual([expect.objectContaining({ Action: 'sqs:SendMessage' })]);
  });
});

describe('least privilege', () => {
  const taggerStatements = policyStatementsOf(fnRoleId(taggerFnId));
  const recorderStatements = policyStatementsOf(fnRoleId(recorderFnId));
  const tableId = Object.keys(t.findResources('AWS::DynamoDB::Table'))[0];

  it('lets the tagger assume only the tagger role, only inside the organization', () => {
    const assume = taggerStatements.filter((s) => JSON.stringify(s.Action).includes('sts:'));
    expect(assume).toEqual([
      {
        Sid: 'AssumeTaggerRoleInOrg',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: `arn:aws:iam::*:role/${config.taggerRoleName}`,
        Condition: { StringEquals: { 'aws:ResourceOrgID': config.organizationId } },
      },
    ]);
  });

  it("marks the tagger function's role with the component tag, so the guard knows it however a call spells it", () => {
    const role = t.toJSON().Resources[fnRoleId(taggerFnId)].Properties;
    expect(role.RoleName).toBe(TAGGER_FUNCTION_ROLE_NAME);
    expect(role.Tags).toContainEqual({ Key: COMPONENT_TAG_KEY, Value: TAGGER_FUNCTION_ROLE_COMPONENT });
  });

  it('lets the tagger only read the session table, and the recorder only write it', () => {
    const heartbeatArn = {
      'Fn::GetAtt': [
        logicalId('AWS::DynamoDB::Table', {
          KeySchema: Match.arrayWith([{ AttributeName: 'region', KeyType: 'RANGE' }]),
        }),
        'Arn',
      ],
    };
    const writesHeartbeats = expect.objectContaining({
      Sid: 'WriteHeartbeats',
      Action: 'dynamodb:UpdateItem',
      Resource: heartbeatArn,
    });
    expect(taggerStatements).toContainEqual(writesHeartbeats);
    expect(recorderStatements).toContainEqual(writesHeartbeats);
    const dynamo = (ss: Record<string, unknown>[]) =>
      ss.filter((s) => JSON.stringify(s.Action).includes('dynamodb:') && s.Sid !== 'WriteHeartbeats');
    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    expect(dynamo(taggerStatements)).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Resource: [tableArn, { 'Fn::Join': ['', [tableArn, `/index/${SESSION_TABLE.arnIndexName}`]] }],
      }),
    ]);
    expect(dynamo(recorderStatements)).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: tableArn,
      }),
    ]);
  });

  it("grants no wildcard action anywhere and no wildcard resource but the org's tagger roles", () => {
    const statements = resourcesOf('AWS::IAM::Policy').flatMap(
      ([, r]) => r.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );
    for (const s of statements) {
      for (const a of [s.Action].flat()) expect(a).not.toMatch(/\*/);
      for (const r of [s.Resource].flat()) {
        if (typeof r === 'string' && r.includes('*')) expect(r).toBe(`arn:aws:iam::*:role/${config.taggerRoleName}`);
      }
    }
  });
});

describe('session table', () => {
  it('keys sessions by access key id, with TTL, PITR, encryption and retention', () => {
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [{ AttributeName: SESSION_TABLE.partitionKey, KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: SESSION_TABLE.ttlAttribute, Enabled: true },
        SSESpecification: Match.objectLike({ SSEEnabled: true }),
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: SESSION_TABLE.arnIndexName })],
      }),
    });
  });
});

describe('monitoring', () => {
  const alarms = resourcesOf('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
  const topicId = resourcesOf('AWS::SNS::Topic')[0][0];
  const alarmOn = (metric: string, dimension: string, id: string) =>
    alarms.filter(
      (a) => a.MetricName === metric && JSON.stringify(a.Dimensions).includes(id) && a.Dimensions[0].Name === dimension,
    );

  it('alarms on the depth of every DLQ', () => {
    for (const dlq of ['SessionDlq', 'CreateEventDeliveryDlq', 'TaggerDlq']) {
      expect(alarmOn('ApproximateNumberOfMessagesVisible', 'QueueName', queueId(dlq))).toEqual([
        expect.objectContaining({ Threshold: 1 }),
      ]);
    }
  });

  it('alarms on errors and throttles of both functions, and on the oldest queued event', () => {
    for (const fn of [taggerFnId, recorderFnId]) {
      expect(alarmOn('Errors', 'FunctionName', fn)).toHaveLength(1);
      expect(alarmOn('Throttles', 'FunctionName', fn)).toHaveLength(1);
    }
    expect(alarmOn('ApproximateAgeOfOldestMessage', 'QueueName', queueId('TaggerQueue'))).toEqual([
      expect.objectContaining({ Threshold: OLDEST_MESSAGE_ALARM_SECONDS }),
    ]);
    // 3 DLQs, 2 x 2 function alarms, the oldest message, and the 5 on tagwarden's own metrics (monitoring.test.ts).
    expect(alarms).toHaveLength(3 + 4 + 1 + 5);
  });

  it('sends every alarm to the encrypted topic, which the configured addresses subscribe to', () => {
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: topicId }]);
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const emails = resourcesOf('AWS::SNS::Subscription').map(([, s]) => [s.Properties.Protocol, s.Properties.Endpoint]);
    expect(emails.sort()).toEqual([
      ['email', 'platform@example.com'],
      ['email', 'secops@example.com'],
    ]);
  });

  it('lets CloudWatch use the topic key, from this account only', () => {
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': config.centralAccountId } },
          }),
        ]),
      },
    });
  });

  it('has a dashboard', () => {
    expect(resourcesOf('AWS::CloudWatch::Dashboard')).toHaveLength(1);
  });
});
