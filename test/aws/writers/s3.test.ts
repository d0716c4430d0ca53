import { GetObjectTaggingCommand, PutObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { TagApplier } from '../../../lambda/aws/writers';
import { BOB, instantRetry, planFor, ref, testClients } from '../../support/engine';

const s3 = mockClient(S3Client);
beforeEach(() => s3.reset());

const object = ref('s3-object', 'data/a.csv', {
  arn: 'arn:aws:s3:::my-bucket/data/a.csv',
  maxTags: 10,
  extra: { bucket: 'my-bucket', key: 'data/a.csv' },
});

describe('s3-object writer: read, merge, write (PutObjectTagging replaces the whole set)', () => {
  test('every existing tag, aws: system tags included, is written back with the new ones', async () => {
    const existing = [
      { Key: 'aws:cloudformation:stack-name', Value: 'app' },
      { Key: 'team', Value: 'red' },
    ];
    s3.on(GetObjectTaggingCommand).resolves({ TagSet: existing });
    s3.on(PutObjectTaggingCommand).resolves({});
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(
      planFor([object], { team: 'blue', cost: 'c1' }),
    );
    expect(o.status).toBe('written');
    const input = s3.commandCalls(PutObjectTaggingCommand)[0].args[0].input;
    expect(input.ExpectedBucketOwner).toBe('123456789012');
    expect(Object.fromEntries((input.Tagging?.TagSet ?? []).map((t) => [t.Key, t.Value]))).toEqual({
      'aws:cloudformation:stack-name': 'app',
      team: 'red',
      cost: 'c1',
      Owner: BOB,
    });
  });
});

describe('s3-object writer: at most 10 tags', () => {
  test('over the limit, Owner and then tags in priority order fill the free slots; the rest are reported', async () => {
    const object = ref('s3-object', 'data/file.csv', {
      arn: 'arn:aws:s3:::my-bucket/data/file.csv',
      maxTags: 10,
      extra: { bucket: 'my-bucket', key: 'data/file.csv' },
    });
    const existing = Array.from({ length: 7 }, (_, i) => ({ Key: `e${i}`, Value: 'x' }));
    s3.on(GetObjectTaggingCommand).resolves({ TagSet: existing });
    s3.on(PutObjectTaggingCommand).resolves({});
    const [o] = await new TagApplier(testClients(), instantRetry()).apply(
      planFor([object], { zeta: '1', alpha: '1', mid: '1' }),
    );
    const input = s3.commandCalls(PutObjectTaggingCommand)[0].args[0].input;
    expect(input.Bucket).toBe('my-bucket');
    expect(input.Key).toBe('data/file.csv');
    expect(input.Tagging?.TagSet).toEqual([
      ...existing,
      { Key: 'Owner', Value: BOB },
      { Key: 'alpha', Value: '1' },
      { Key: 'mid', Value: '1' },
    ]);
    expect(o.skipped).toEqual([expect.objectContaining({ key: 'zeta', reason: 'over-limit' })]);
  });
});
