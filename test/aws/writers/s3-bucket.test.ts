import { PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient, TagResourceCommand } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { TagApplier } from '../../../lambda/aws/writers';
import { WRITERS } from '../../../lambda/aws/writers/registry';
import { AwsWorld } from '../../support/aws-world';
import { BOB, instantRetry, planFor, ref, testClients } from '../../support/engine';

const bucket = ref('s3-bucket', 'my-bucket', { arn: 'arn:aws:s3:::my-bucket' });
const awsError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('s3-bucket writer: S3 Control TagResource', () => {
  const control = mockClient(S3ControlClient);
  const s3 = mockClient(S3Client);
  beforeEach(() => {
    control.reset();
    s3.reset();
  });
  afterAll(() => {
    control.restore();
    s3.restore();
  });

  test('one TagResource in the event account, with only the new tags, and no read of the current set', async () => {
    control.on(TagResourceCommand).resolves({});
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(planFor([bucket], { team: 'blue' }));
    expect(o.status).toBe('written');
    const calls = control.commandCalls(TagResourceCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({
      AccountId: '123456789012',
      ResourceArn: 'arn:aws:s3:::my-bucket',
      Tags: [
        { Key: 'team', Value: 'blue' },
        { Key: 'Owner', Value: BOB },
      ].sort((a, b) => (a.Key < b.Key ? -1 : 1)),
    });
    expect(s3.calls()).toHaveLength(0);
  });

  test('tags the bucket already had at creation are kept: only the others are sent', async () => {
    control.on(TagResourceCommand).resolves({});
    const created = { ...bucket, creationTags: { team: 'red' } };
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(planFor([created], { team: 'blue' }));
    expect(o.status).toBe('written');
    expect(control.commandCalls(TagResourceCommand)[0].args[0].input.Tags).toEqual([{ Key: 'Owner', Value: BOB }]);
  });

  test('a bucket not visible yet is tagged again after a pause; a refusal is a permanent failure', async () => {
    control.on(TagResourceCommand).rejectsOnce(awsError('NoSuchBucket', 404)).resolves({});
    const retry = instantRetry();
    const [o] = await new TagApplier(testClients(), retry).apply(planFor([bucket], {}));
    expect(o.status).toBe('written');
    expect(retry.pauses).toHaveLength(1);
    control.reset();
    control.on(TagResourceCommand).rejects(awsError('AccessDenied', 403));
    const [denied] = await new TagApplier(testClients(), instantRetry()).apply(planFor([bucket], {}));
    expect(denied).toMatchObject({ status: 'failed', error: { retryable: false } });
  });
});

describe('an ABAC-enabled bucket in the AWS stand-in', () => {
  const world = new AwsWorld(19);
  beforeAll(() => world.install());
  afterAll(() => world.restore());

  test('refuses PutBucketTagging, and the tagger tags it through TagResource without losing its tags', async () => {
    world.seedResource(
      { account: '123456789012', writer: 's3-bucket', id: 'my-bucket', arn: 'arn:aws:s3:::my-bucket' },
      { kept: 'yes' },
    );
    world.enableBucketAbac('123456789012', 'my-bucket');
    // Through the tagger role of the account, as every call of the stand-in is made.
    const s3 = testClients().client(WRITERS['s3-object'].client, '123456789012', 'us-east-1') as S3Client;
    const put = new PutBucketTaggingCommand({ Bucket: 'my-bucket', Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } });
    await expect(s3.send(put)).rejects.toMatchObject({ name: 'InvalidRequest' });

    const [o] = await new TagApplier(testClients(), instantRetry()).apply(planFor([bucket], { team: 'blue' }));
    expect(o.status).toBe('written');
    expect(world.tags.get('123456789012|my-bucket')).toEqual({ kept: 'yes', team: 'blue', Owner: BOB });
    expect(world.calls.map((c) => c.command)).toContain('s3:TagResource');
    expect(world.calls.map((c) => c.command)).not.toContain('s3:GetBucketTagging');
  });
});
