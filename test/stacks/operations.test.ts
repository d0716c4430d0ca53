import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { METRIC_NAMESPACE, METRIC_SERVICE, TAGGER_METRIC } from '../../lambda/core/metrics';
import { CENTRAL_OUTPUT } from '../../lib/central-outputs';
import { MISSING_SESSION_ALARM_PERCENT } from '../../lib/constructs/monitoring';
import { COMPONENT_TAG_KEY, OPERATOR_ROLE_NAME, TAGGER_QUEUE_NAME } from '../../lib/names';
import { exampleConfig, synthApp } from '../support/cdk-app';

const ACCOUNT = '222222222222';
const REGION = 'eu-west-1';
const config = exampleConfig({
  adminPrincipals: ['arn:aws:iam::111111111111:role/OrgAdmin', 'arn:aws:iam::111111111111:role/Oncall'],
});
const synthesized = synthApp(config);
const t: Template = synthesized.template(synthesized.stacks.central);
const resources = t.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** A concrete ARN for each resource, so that the generated policies can be evaluated as AWS would see them. */
function arnOf(id: string): string {
  const r = resources[id];
  switch (r.Type) {
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:${REGION}:${ACCOUNT}:${(r.Properties.QueueName as string | undefined) ?? id}`;
    case 'AWS::IAM::Role':
      return `arn:aws:iam::${ACCOUNT}:role/${(r.Properties.RoleName as string | undefined) ?? id}`;
    case 'AWS::Events::Rule':
      return `arn:aws:events:${REGION}:${ACCOUNT}:rule/tagwarden/${id}`;
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${id}`;
    case 'AWS::DynamoDB::Table':
      return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${id}`;
    case 'AWS::Logs::LogGroup':
      return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${id}:*`;
    case 'AWS::CloudWatch::Alarm':
      return `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${id}`;
    default:
      throw new Error(`no ARN for ${r.Type}`);
  }
}

/** Replaces the intrinsics the central stack's policies use with concrete values. */
function resolve(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolve);
  if (!value || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if (v.Ref === 'AWS::Partition') return 'aws';
  if (v.Ref === 'AWS::AccountId') return ACCOUNT;
  if (v.Ref === 'AWS::Region') return REGION;
  if (v['Fn::GetAtt']) return arnOf((v['Fn::GetAtt'] as string[])[0]);
  if (v['Fn::Join']) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(resolve).join(sep);
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
}

const idOf = (type: string, props: Record<string, unknown>) => {
  const ids = Object.keys(t.findResources(type, { Properties: Match.objectLike(props) }));
  expect(ids).toHaveLength(1);
  return ids[0];
};
const queueIdStarting = (prefix: string) =>
  Object.keys(t.findResources('AWS::SQS::Queue')).filter((id) => id.startsWith(prefix))[0];
const queuePolicy = (queueId: string) => {
  const statements = Object.values(t.findResources('AWS::SQS::QueuePolicy'))
    .filter((p) => JSON.stringify(p.Properties.Queues).includes(queueId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
  return resolve({ Version: '2012-10-17', Statement: statements });
};
const operatorId = idOf('AWS::IAM::Role', { RoleName: OPERATOR_ROLE_NAME });
const operatorArn = arnOf(operatorId);
const operatorPolicy = resolve(
  (resources[operatorId].Properties.Policies as { PolicyDocument: unknown }[])[0].PolicyDocument,
);
const ruleIds = Object.keys(t.findResources('AWS::Events::Rule'));
const createRuleIds = ruleIds.filter((id) => id.startsWith('CreateEvents'));
const sessionRuleId = ruleIds.find((id) => id.startsWith('SessionEvents'))!;
const taggerRoleArn = arnOf(idOf('AWS::IAM::Role', { RoleName: 'tagwarden-tagger-function' }));
const recorderRoleArn = arnOf(
  Object.keys(t.findResources('AWS::IAM::Role')).find((id) => id.startsWith('SessionRecorderRole'))!,
);
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

interface Sender {
  principal: string;
  identityPolicy?: unknown;
  sourceArn?: string;
}

async function send(queueId: string, who: Sender) {
  const isService = who.principal.endsWith('.amazonaws.com');
  const result = await runSimulation(
    {
      request: {
        principal: who.principal,
        action: 'sqs:SendMessage',
        resource: { resource: arnOf(queueId), accountId: ACCOUNT },
        contextVariables: {
          'aws:SecureTransport': 'true',
          ...(isService ? {} : { 'aws:PrincipalArn': who.principal, 'aws:PrincipalAccount': ACCOUNT }),
          ...(who.sourceArn ? { 'aws:SourceArn': who.sourceArn, 'aws:SourceAccount': ACCOUNT } : {}),
        },
      },
      identityPolicies: who.identityPolicy ? [{ name: 'identity', policy: who.identityPolicy }] : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: queuePolicy(queueId),
    },
    {},
  );
  if (result.resultType !== 'single') throw new Error(JSON.stringify(result));
  expect(result.result.ignoredContextKeys ?? []).toEqual([]);
  return result.overallResult;
}

const CENTRAL_ADMIN = { principal: `arn:aws:iam::${ACCOUNT}:role/CentralAdmin`, identityPolicy: allowAll };

describe('operator role', () => {
  const role = resources[operatorId].Properties;

  it('is trusted by the admin principals only, from inside the organization', () => {
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { AWS: [...config.adminPrincipals].sort() },
          Condition: { StringEquals: { 'aws:PrincipalOrgID': config.organizationId } },
        },
      ],
    });
  });

  it('carries the component tag the guard protects it by', () => {
    expect(role.Tags).toContainEqual({ Key: COMPONENT_TAG_KEY, Value: 'operator-role' });
  });

  it('is read-only but for the redrive actions', () => {
    const statements = (operatorPolicy as { Statement: { Action: string | string[] }[] }).Statement;
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
    expect(actions).toEqual([
      'cloudformation:DescribeStacks',
      'dynamodb:GetItem',
      'dynamodb:Scan',
      'lambda:InvokeFunction',
      'logs:GetQueryResults',
      'logs:StartQuery',
      'logs:StopQuery',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ListMessageMoveTasks',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
      'sqs:StartMessageMoveTask',
    ]);
    const redrive = new Set([
      'lambda:InvokeFunction',
      'sqs:DeleteMessage',
      'sqs:SendMessage',
      'sqs:StartMessageMoveTask',
    ]);
    const readOnly =
      /^(cloudformation:Describe|dynamodb:(GetItem|Scan)|logs:(StartQuery|GetQueryResults|StopQuery)|sqs:(GetQueueAttributes|ListMessageMoveTasks|ReceiveMessage))/;
    for (const a of actions) expect(redrive.has(a) || readOnly.test(a)).toBe(true);
  });

  it('may send only to the tagger queue, invoke only the recorder, and move only the tagger DLQ', () => {
    const statements = (operatorPolicy as { Statement: { Sid: string; Resource: unknown }[] }).Statement;
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s.Resource]));
    expect(bySid.RedriveToTaggerQueue).toBe(`arn:aws:sqs:${REGION}:${ACCOUNT}:${TAGGER_QUEUE_NAME}`);
    expect(bySid.RedriveSessionEvents).toBe(
      arnOf(
        Object.keys(t.findResources('AWS::Lambda::Function')).find((id) => id.startsWith('SessionRecorderFunction'))!,
      ),
    );
    expect(bySid.RedriveTaggerDlq).toBe(arnOf(queueIdStarting('TaggerDlq')));
  });

  it('is not created without admin principals, who alone could assume it', () => {
    const bare = synthApp(exampleConfig({ adminPrincipals: [] }));
    bare.template(bare.stacks.central).resourcePropertiesCountIs('AWS::IAM::Role', { RoleName: OPERATOR_ROLE_NAME }, 0);
  });
});

describe('queue policies: only tagwarden sends', () => {
  const taggerQueue = queueIdStarting('TaggerQueue');
  const taggerDlq = queueIdStarting('TaggerDlq');
  const sessionDlq = queueIdStarting('SessionDlq');
  const deliveryDlq = queueIdStarting('CreateEventDeliveryDlq');

  it('tagger queue: the create rules and the operator role send; a central admin and a foreign rule do not', async () => {
    for (const id of createRuleIds)
      expect(await send(taggerQueue, { principal: 'events.amazonaws.com', sourceArn: arnOf(id) })).toBe('Allowed');
    expect(await send(taggerQueue, { principal: operatorArn, identityPolicy: operatorPolicy })).toBe('Allowed');
    expect(await send(taggerQueue, CENTRAL_ADMIN)).toBe('ExplicitlyDenied');
    expect(
      await send(taggerQueue, {
        principal: 'events.amazonaws.com',
        sourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/default/mine`,
      }),
    ).not.toBe('Allowed');
  });

  it('tagger DLQ: only the tagger function parks events there', async () => {
    expect(await send(taggerDlq, { principal: taggerRoleArn, identityPolicy: allowAll })).toBe('Allowed');
    expect(await send(taggerDlq, CENTRAL_ADMIN)).toBe('ExplicitlyDenied');
    expect(await send(taggerDlq, { principal: operatorArn, identityPolicy: allowAll })).toBe('ExplicitlyDenied');
  });

  it('session DLQ: the session rule and the recorder (its async DLQ) only', async () => {
    expect(await send(sessionDlq, { principal: 'events.amazonaws.com', sourceArn: arnOf(sessionRuleId) })).toBe(
      'Allowed',
    );
    expect(await send(sessionDlq, { principal: recorderRoleArn, identityPolicy: allowAll })).toBe('Allowed');
    expect(await send(sessionDlq, CENTRAL_ADMIN)).toBe('ExplicitlyDenied');
  });

  it('delivery DLQ: the create rules only', async () => {
    expect(await send(deliveryDlq, { principal: 'events.amazonaws.com', sourceArn: arnOf(createRuleIds[0]) })).toBe(
      'Allowed',
    );
    expect(await send(deliveryDlq, CENTRAL_ADMIN)).toBe('ExplicitlyDenied');
    expect(await send(deliveryDlq, { principal: operatorArn, identityPolicy: allowAll })).toBe('ExplicitlyDenied');
  });

  it('the tagger DLQ accepts redrive from the tagger queue only', () => {
    expect(resolve(resources[taggerDlq].Properties.RedriveAllowPolicy)).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: [`arn:aws:sqs:${REGION}:${ACCOUNT}:${TAGGER_QUEUE_NAME}`],
    });
    expect(resources[taggerQueue].Properties.QueueName).toBe(TAGGER_QUEUE_NAME);
  });
});

describe("alarms on tagwarden's own metrics", () => {
  const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  const onOwn = (metricName: string) =>
    alarms.filter((a) =>
      a.Metrics
        ? a.Metrics.length === 1 &&
          a.Metrics[0].MetricStat.Metric.MetricName === metricName &&
          a.Metrics[0].MetricStat.Metric.Namespace === METRIC_NAMESPACE
        : a.MetricName === metricName && a.Namespace === METRIC_NAMESPACE,
    );

  it('alarm on dead-lettered, rejected (both functions) and IAM tags unavailable at the first one', () => {
    const first = expect.objectContaining({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    for (const name of [TAGGER_METRIC.deadLettered, TAGGER_METRIC.iamTagsUnavailable]) {
      expect(onOwn(name)).toEqual([first]);
    }
    // Both functions count refusals under the one name, each in its own service dimension.
    const rejected = onOwn(TAGGER_METRIC.rejected);
    expect(rejected).toEqual([first, first]);
    type Dims = { Value: string }[] | undefined;
    const dims = (a: (typeof rejected)[number]) =>
      (a.Dimensions as Dims) ?? (a.Metrics?.[0].MetricStat.Metric.Dimensions as Dims);
    const services = rejected.map((a) => dims(a)?.[0]?.Value).sort();
    expect(services).toEqual([METRIC_SERVICE.recorder, METRIC_SERVICE.tagger].sort());
  });

  it('alarm on the share of events without a session record', () => {
    const [rate] = alarms.filter((a) => JSON.stringify(a.Metrics ?? []).includes('missing / events'));
    expect(rate.Threshold).toBe(MISSING_SESSION_ALARM_PERCENT);
    const ids = (rate.Metrics as { Id: string; MetricStat?: { Metric: { MetricName: string } } }[]).filter(
      (m) => m.MetricStat,
    );
    expect(ids.map((m) => [m.Id, m.MetricStat!.Metric.MetricName]).sort()).toEqual([
      ['events', TAGGER_METRIC.events],
      ['missing', TAGGER_METRIC.missingSession],
    ]);
  });

  it('are on the dashboard, with the outcome metrics', () => {
    const body = JSON.parse(
      resolve(Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody) as string,
    ) as {
      widgets: { type: string; properties: { title: string; metrics?: unknown[][]; alarms?: string[] } }[];
    };
    const outcomes = body.widgets.find((w) => w.properties.title === 'tagwarden outcomes')!;
    const shown = outcomes.properties.metrics!.filter((m) => m[0] === METRIC_NAMESPACE).map((m) => m[1]);
    expect(shown.sort()).toEqual(Object.values(TAGGER_METRIC).sort());
    const statusWidget = body.widgets.find((w) => w.type === 'alarm')!;
    expect(statusWidget.properties.alarms).toHaveLength(alarms.length);
  });
});

describe('outputs for the CLI', () => {
  it('names every queue, table, log group and the recorder', () => {
    expect(Object.keys(t.toJSON().Outputs).sort()).toEqual(
      expect.arrayContaining(Object.values(CENTRAL_OUTPUT).sort()),
    );
  });
});
