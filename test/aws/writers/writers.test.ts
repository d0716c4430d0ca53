import { AutoScalingClient, CreateOrUpdateTagsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { SecretsManagerClient, TagResourceCommand as TagSecretCommand } from '@aws-sdk/client-secrets-manager';
import { AddTagsToResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { TagApplier } from '../../../lambda/aws/writers';
import { BOB, instantRetry, planFor, ref, testClients } from '../../support/engine';

const ec2 = mockClient(EC2Client);
const rgta = mockClient(ResourceGroupsTaggingAPIClient);
const ssm = mockClient(SSMClient);
const autoscaling = mockClient(AutoScalingClient);
const secrets = mockClient(SecretsManagerClient);

beforeEach(() => {
  ec2.reset();
  rgta.reset();
  ssm.reset();
  autoscaling.reset();
  secrets.reset();
});

function awsError(name: string, status = 400) {
  return Object.assign(new Error(`${name}!`), { name, $metadata: { httpStatusCode: status } });
}

describe('ec2 writer', () => {
  test('one CreateTags for every EC2 id of an event (instances, volume, interface)', async () => {
    ec2.on(CreateTagsCommand).resolves({});
    const ids = ['i-0a', 'i-0b', 'vol-01', 'eni-01'];
    const plan = planFor(
      ids.map((id) => ref('ec2', id)),
      { team: 'blue' },
    );
    const outcomes = await new TagApplier(testClients(), instantRetry()).apply(plan);
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(1);
    expect(ec2.commandCalls(CreateTagsCommand)[0].args[0].input).toEqual({
      Resources: ids,
      Tags: [
        { Key: 'Owner', Value: BOB },
        { Key: 'team', Value: 'blue' },
      ],
    });
    expect(outcomes.map((o) => o.status)).toEqual(['written', 'written', 'written', 'written']);
  });

  test('resources created with different tags get one call per distinct tag set; one with nothing new gets none', async () => {
    ec2.on(CreateTagsCommand).resolves({});
    const plan = planFor(
      [
        ref('ec2', 'i-1', { creationTags: { team: 'red' } }),
        ref('ec2', 'vol-1'),
        ref('ec2', 'vol-2'),
        ref('ec2', 'sg-1', { creationTags: { team: 'blue', Owner: BOB } }),
      ],
      { team: 'blue' },
    );
    const outcomes = await new TagApplier(testClients(), instantRetry()).apply(plan);
    const calls = ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { Resources: ['i-1'], Tags: [{ Key: 'Owner', Value: BOB }] },
      {
        Resources: ['vol-1', 'vol-2'],
        Tags: [
          { Key: 'Owner', Value: BOB },
          { Key: 'team', Value: 'blue' },
        ],
      },
    ]);
    expect(outcomes.find((o) => o.resource.id === 'sg-1')?.status).toBe('unchanged');
  });

  test('a resource not visible yet is retried with backoff, then tagged', async () => {
    ec2.on(CreateTagsCommand).rejectsOnce(awsError('InvalidInstanceID.NotFound')).resolves({});
    const retry = instantRetry();
    const outcomes = await new TagApplier(testClients(), retry).apply(planFor([ref('ec2', 'i-1')], {}));
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(2);
    expect(retry.pauses).toEqual([100]);
    expect(outcomes[0].status).toBe('written');
  });

  test('throttling is left to the SDK (one send here) and fails retryable; AccessDenied fails permanent at once', async () => {
    ec2.on(CreateTagsCommand).rejects(awsError('RequestLimitExceeded', 503));
    const retry = instantRetry(3);
    const [throttled] = await new TagApplier(testClients(), retry).apply(planFor([ref('ec2', 'i-1')], {}));
    // The stub replaces the SDK's send, retry middleware included: one send here is one call of the writer.
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(1);
    expect(retry.pauses).toEqual([]);
    expect(throttled).toMatchObject({ status: 'failed', error: { retryable: true, kind: 'throttled' } });

    ec2.reset();
    ec2.on(CreateTagsCommand).rejects(awsError('UnauthorizedOperation', 403));
    const [denied] = await new TagApplier(testClients(), instantRetry(3)).apply(planFor([ref('ec2', 'i-1')], {}));
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(1);
    expect(denied).toMatchObject({ status: 'failed', error: { retryable: false, code: 'UnauthorizedOperation' } });
  });
});

describe('rgta writer', () => {
  test('at most 20 ARNs a call', async () => {
    rgta.on(TagResourcesCommand).resolves({ FailedResourcesMap: {} });
    const resources = Array.from({ length: 45 }, (_, i) => ref('rgta', `t${i}`));
    const outcomes = await new TagApplier(testClients(), instantRetry()).apply(planFor(resources, { team: 'blue' }));
    const calls = rgta.commandCalls(TagResourcesCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.ResourceARNList?.length)).toEqual([20, 20, 5]);
    expect(calls.flatMap((c) => c.ResourceARNList)).toEqual(resources.map((r) => r.arn));
    expect(calls[0].Tags).toEqual({ Owner: BOB, team: 'blue' });
    expect(outcomes.every((o) => o.status === 'written')).toBe(true);
  });

  test('FailedResourcesMap: ARNs not visible yet are retried alone; a 5xx ARN fails retryable; permanent ones fail with their reason', async () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => ref('rgta', id));
    rgta
      .on(TagResourcesCommand)
      .resolvesOnce({
        FailedResourcesMap: {
          [b.arn]: {
            StatusCode: 400,
            ErrorCode: 'InvalidParameterException',
            ErrorMessage: `resource ${b.arn} not found`,
          },
          [c.arn]: { StatusCode: 400, ErrorCode: 'InvalidParameterException', ErrorMessage: 'tag policy violation' },
          [d.arn]: { StatusCode: 500, ErrorCode: 'InternalServiceException', ErrorMessage: 'try later' },
        },
      })
      .resolves({ FailedResourcesMap: {} });
    const outcomes = await new TagApplier(testClients(), instantRetry()).apply(planFor([a, b, c, d], {}));
    const calls = rgta.commandCalls(TagResourcesCommand).map((x) => x.args[0].input.ResourceARNList);
    expect(calls).toEqual([[a.arn, b.arn, c.arn, d.arn], [b.arn]]);
    const byId = Object.fromEntries(outcomes.map((o) => [o.resource.id, o]));
    expect(byId.a.status).toBe('written');
    expect(byId.b.status).toBe('written');
    expect(byId.d).toMatchObject({ status: 'failed', error: { retryable: true, kind: 'server' } });
    expect(byId.c).toMatchObject({
      status: 'failed',
      error: {
        retryable: false,
        code: 'InvalidParameterException',
        reason: expect.stringContaining('tag policy violation'),
      },
    });
  });
});

describe('ssm and autoscaling writers', () => {
  test('ssm:AddTagsToResource with the resource type the registry gave', async () => {
    ssm.on(AddTagsToResourceCommand).resolves({});
    await new TagApplier(testClients(), instantRetry()).apply(
      planFor([ref('ssm', '/app/param', { extra: { resourceType: 'Parameter' } })], { team: 'blue' }),
    );
    expect(ssm.commandCalls(AddTagsToResourceCommand)[0].args[0].input).toEqual({
      ResourceType: 'Parameter',
      ResourceId: '/app/param',
      Tags: [
        { Key: 'Owner', Value: BOB },
        { Key: 'team', Value: 'blue' },
      ],
    });
  });

  test('an SSM resource without a type fails permanently, naming it', async () => {
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(planFor([ref('ssm', 'doc')], {}));
    expect(o).toMatchObject({
      status: 'failed',
      error: { retryable: false, reason: expect.stringContaining('resourceType') },
    });
    expect(ssm.commandCalls(AddTagsToResourceCommand)).toHaveLength(0);
  });

  test('autoscaling:CreateOrUpdateTags on the group, propagated to the instances it launches', async () => {
    autoscaling.on(CreateOrUpdateTagsCommand).resolves({});
    await new TagApplier(testClients(), instantRetry()).apply(planFor([ref('autoscaling', 'web-asg')], {}));
    expect(autoscaling.commandCalls(CreateOrUpdateTagsCommand)[0].args[0].input).toEqual({
      Tags: [
        {
          ResourceId: 'web-asg',
          ResourceType: 'auto-scaling-group',
          Key: 'Owner',
          Value: BOB,
          PropagateAtLaunch: true,
        },
      ],
    });
  });
});

describe('secretsmanager writer', () => {
  test('secretsmanager:TagResource by the id the registry gave (the name when the event logged no ARN)', async () => {
    secrets.on(TagSecretCommand).resolves({});
    const outcomes = await new TagApplier(testClients(), instantRetry()).apply(
      planFor([ref('secretsmanager', 'prod/db-password')], { team: 'blue' }),
    );
    expect(secrets.commandCalls(TagSecretCommand).map((c) => c.args[0].input)).toEqual([
      {
        SecretId: 'prod/db-password',
        Tags: [
          { Key: 'Owner', Value: BOB },
          { Key: 'team', Value: 'blue' },
        ],
      },
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['written']);
  });

  test('one call per secret, none for a secret that already has its tags, and a refusal fails only its secret', async () => {
    secrets.on(TagSecretCommand).resolves({});
    secrets.on(TagSecretCommand, { SecretId: 'denied' }).rejects(awsError('AccessDeniedException'));
    const outcomes = await new TagApplier(testClients(), instantRetry()).apply(
      planFor(
        [
          ref('secretsmanager', 'tagged', { creationTags: { Owner: BOB } }),
          ref('secretsmanager', 'fresh'),
          ref('secretsmanager', 'denied'),
        ],
        {},
      ),
    );
    expect(secrets.commandCalls(TagSecretCommand).map((c) => c.args[0].input.SecretId)).toEqual(['fresh', 'denied']);
    expect(outcomes.map((o) => [o.resource.id, o.status, o.error?.retryable])).toEqual([
      ['tagged', 'unchanged', undefined],
      ['fresh', 'written', undefined],
      ['denied', 'failed', false],
    ]);
  });
});

describe('TagApplier account guard', () => {
  test('a resource of another account is never written', async () => {
    ec2.on(CreateTagsCommand).resolves({});
    const plan = planFor([ref('ec2', 'i-1', { account: '999999999999' })], {});
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(plan);
    expect(o).toMatchObject({ status: 'failed', error: { code: 'AccountMismatch', retryable: false } });
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(0);
  });

  test.each([
    [
      'an ARN naming another account',
      ref('rgta', 'x', { arn: 'arn:aws:sqs:us-east-1:999999999999:q' }),
      /names account 999999999999/,
    ],
    [
      'an ARN naming another region',
      ref('rgta', 'x', { arn: 'arn:aws:sqs:eu-west-1:123456789012:q' }),
      /names region eu-west-1/,
    ],
    [
      'a secret id that is an ARN of another account',
      ref('secretsmanager', 'arn:aws:secretsmanager:us-east-1:999999999999:secret:db-AbCdEf'),
      /999999999999/,
    ],
  ])('%s is never written, whatever writer it has', async (_, resource, reason) => {
    rgta.on(TagResourcesCommand).resolves({});
    secrets.on(TagSecretCommand).resolves({});
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(planFor([resource], {}));
    expect(o).toMatchObject({
      status: 'failed',
      error: { code: 'AccountMismatch', retryable: false, reason: expect.stringMatching(reason) },
    });
    expect([...rgta.calls(), ...secrets.calls()]).toHaveLength(0);
  });

  test('global ARNs pass: S3 names no account or region, CloudFront no region', async () => {
    rgta.on(TagResourcesCommand).resolves({});
    const cloudfront = ref('rgta', 'E1', { arn: 'arn:aws:cloudfront::123456789012:distribution/E1' });
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(planFor([cloudfront], {}));
    expect(o.status).toBe('written');
  });
});

describe('re-delivery', () => {
  test('applying the same EC2 plan twice sends the same CreateTags and reads nothing', async () => {
    ec2.on(CreateTagsCommand).resolves({});
    const plan = planFor([ref('ec2', 'i-1'), ref('ec2', 'vol-1')], { team: 'blue' });
    const applier = new TagApplier(testClients(), instantRetry());
    await applier.apply(plan);
    await applier.apply(plan);
    const calls = ec2.calls().map((c) => c.args[0]);
    expect(calls.every((c) => c instanceof CreateTagsCommand)).toBe(true);
    expect(calls).toHaveLength(2);
    expect(calls[0].input).toEqual(calls[1].input);
  });
});
