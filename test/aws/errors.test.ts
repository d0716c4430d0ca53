import { classifyAwsError } from '../../lambda/aws/errors';
import { withRetry } from '../../lambda/aws/retry';
import { instantRetry } from '../support/engine';

function awsError(name: string, status = 400) {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
}

describe('classifyAwsError', () => {
  test.each([
    ['ThrottlingException', 400, 'throttled'],
    ['RequestLimitExceeded', 503, 'throttled'],
    ['SlowDown', 503, 'throttled'],
    ['InternalError', 500, 'server'],
    ['SomethingNew', 502, 'server'],
    ['InvalidInstanceID.NotFound', 400, 'not-yet-visible'],
    ['InvalidVolume.NotFound', 400, 'not-yet-visible'],
    ['NoSuchBucket', 404, 'not-yet-visible'],
    ['ResourceNotFoundException', 400, 'not-yet-visible'],
    ['InvalidResourceId', 400, 'not-yet-visible'],
  ])('%s (%i) is retryable: %s', (name, status, kind) => {
    expect(classifyAwsError(awsError(name, status))).toMatchObject({ retryable: true, kind, code: name });
  });

  test.each(['AccessDenied', 'AccessDeniedException', 'InvalidParameterValue', 'InvalidTag', 'UnauthorizedOperation'])(
    '%s is permanent, with a reason',
    (name) => {
      expect(classifyAwsError(awsError(name))).toEqual({
        retryable: false,
        kind: 'permanent',
        code: name,
        reason: `${name}: ${name} happened`,
      });
    },
  );
});

describe('withRetry', () => {
  test('retries a not-found with growing pauses until it succeeds', async () => {
    const retry = instantRetry(3);
    let calls = 0;
    const result = await withRetry(async () => {
      if (++calls < 3) throw awsError('InvalidInstanceID.NotFound');
      return 'done';
    }, retry);
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(retry.pauses).toEqual([100, 200]);
  });

  test('gives up after the last attempt with the classified error', async () => {
    const retry = instantRetry(2);
    const result = await withRetry(() => Promise.reject(awsError('InvalidInstanceID.NotFound')), retry);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ retryable: true, kind: 'not-yet-visible' }) });
    expect(retry.pauses).toEqual([100]);
  });

  test("throttling is not retried here: the SDK's retry strategy already did, inside the call", async () => {
    const retry = instantRetry(3);
    let calls = 0;
    const result = await withRetry(() => (calls++, Promise.reject(awsError('ThrottlingException'))), retry);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ retryable: true, kind: 'throttled' }) });
    expect(calls).toBe(1);
    expect(retry.pauses).toEqual([]);
  });

  test('a permanent error is not retried', async () => {
    const retry = instantRetry(3);
    const result = await withRetry(() => Promise.reject(awsError('AccessDenied')), retry);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ retryable: false }) });
    expect(retry.pauses).toEqual([]);
  });
});
