import { GetBucketTaggingCommand, GetObjectTaggingCommand, PutBucketTaggingCommand, PutObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { TagApplier } from '../../../lambda/aws/writers';
import { BOB, instantRetry, planFor, ref, testClients } from '../../support/engine';

const s3 = mockClient(S3Client);
beforeEach(() => s3.reset());

const bucket = ref('s3-bucket', 'my-bucket', { arn: 'arn:aws:s3:::my-bucket' });
const systemTags = [
  { Key: 'aws:cloudformation:stack-name', Value: 'app' },
  { Key: 'aws:cloudformation:logical-id', Value: 'Bucket' },
];

function put() {
  const calls = s3.commandCalls(PutBucketTaggingCommand);
  expect(calls).toHaveLength(1);
  return calls[0].args[0].input;
}

describe('s3-bucket writer: read, merge, write', () => {
  test('every existing tag, the aws: system tags included, is written back with the new ones', async () => {
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: [...systemTags, { Key: 'team', Value: 'red' }] });
    s3.on(PutBucketTaggingCommand).resolves({});
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(planFor([bucket], { team: 'blue', cost: 'c1' }));
    // The event's account is the expected owner on every call: a global bucket name cannot lead into another account.
    expect(s3.commandCalls(GetBucketTaggingCommand)[0].args[0].input).toEqual({ Bucket: 'my-bucket', ExpectedBucketOwner: '123456789012' });
    expect(put()).toEqual({
      Bucket: 'my-bucket',
      ExpectedBucketOwner: '123456789012',
      Tagging: { TagSet: [...systemTags, { Key: 'team', Value: 'red' }, { Key: 'Owner', Value: BOB }, { Key: 'cost', Value: 'c1' }] },
    });
    expect(o).toMatchObject({ status: 'written', written: { Owner: BOB, cost: 'c1' }, conflicts: [{ key: 'team', existing: 'red', proposed: 'blue', resolution: 'kept' }] });
  });

  test('overwrite changes the value and still keeps every other tag', async () => {
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: [...systemTags, { Key: 'Team', Value: 'red' }] });
    s3.on(PutBucketTaggingCommand).resolves({});
    await new TagApplier(testClients(), instantRetry()).apply(planFor([bucket], { team: 'blue' }, { conflict: 'overwrite' }));
    expect(put().Tagging?.TagSet).toEqual([...systemTags, { Key: 'Team', Value: 'blue' }, { Key: 'Owner', Value: BOB }]);
  });

  test('a bucket without tags (NoSuchTagSet) is an empty set', async () => {
    s3.on(GetBucketTaggingCommand).rejects(Object.assign(new Error('The TagSet does not exist'), { name: 'NoSuchTagSet', $metadata: { httpStatusCode: 404 } }));
    s3.on(PutBucketTaggingCommand).resolves({});
    await new TagApplier(testClients(), instantRetry()).apply(planFor([bucket], {}));
    expect(put().Tagging?.TagSet).toEqual([{ Key: 'Owner', Value: BOB }]);
  });

  test('when the bucket already has every tag, nothing is written', async () => {
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: 'Owner', Value: BOB }, { Key: 'team', Value: 'blue' }] });
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(planFor([bucket], { team: 'blue' }));
    expect(o.status).toBe('unchanged');
    expect(s3.commandCalls(PutBucketTaggingCommand)).toHaveLength(0);
  });

  test('a failed read never leads to a write', async () => {
    s3.on(GetBucketTaggingCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(planFor([bucket], {}));
    expect(o).toMatchObject({ status: 'failed', error: { retryable: false, code: 'AccessDenied' } });
    expect(s3.commandCalls(PutBucketTaggingCommand)).toHaveLength(0);
  });

  test('a bucket not visible yet is read again after a pause', async () => {
    s3.on(GetBucketTaggingCommand).rejectsOnce(Object.assign(new Error('no bucket'), { name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } })).resolves({ TagSet: [] });
    s3.on(PutBucketTaggingCommand).resolves({});
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(planFor([bucket], {}));
    expect(s3.commandCalls(GetBucketTaggingCommand)).toHaveLength(2);
    expect(o.status).toBe('written');
  });
});

describe('s3-object writer: at most 10 tags', () => {
  test('over the limit, Owner and then tags in priority order fill the free slots; the rest are reported', async () => {
    const object = ref('s3-object', 'data/file.csv', { arn: 'arn:aws:s3:::my-bucket/data/file.csv', maxTags: 10, extra: { bucket: 'my-bucket', key: 'data/file.csv' } });
    const existing = Array.from({ length: 7 }, (_, i) => ({ Key: `e${i}`, Value: 'x' }));
    s3.on(GetObjectTaggingCommand).resolves({ TagSet: existing });
    s3.on(PutObjectTaggingCommand).resolves({});
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(planFor([object], { zeta: '1', alpha: '1', mid: '1' }));
    const input = s3.commandCalls(PutObjectTaggingCommand)[0].args[0].input;
    expect(input.Bucket).toBe('my-bucket');
    expect(input.Key).toBe('data/file.csv');
    expect(input.Tagging?.TagSet).toEqual([...existing, { Key: 'Owner', Value: BOB }, { Key: 'alpha', Value: '1' }, { Key: 'mid', Value: '1' }]);
    expect(o.skipped).toEqual([expect.objectContaining({ key: 'zeta', reason: 'over-limit' })]);
  });
});
