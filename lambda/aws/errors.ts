import { ClassifiedError } from '../engine/ports';

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'BandwidthLimitExceeded',
  'ProvisionedThroughputExceededException',
]);
const SERVER = new Set([
  'InternalError',
  'InternalFailure',
  'InternalServiceException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'OperationAborted',
]);
const NETWORK = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
]);
/** A resource that was just created may not be visible to the tagging API for a few seconds. */
const NOT_YET_VISIBLE = /NotFound|^NoSuch(Bucket|Key)$|^InvalidResourceId$|^InvalidID$/;

export function classifyAwsError(e: unknown): ClassifiedError {
  const err = (typeof e === 'object' && e !== null ? e : {}) as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const code = err.name && err.name !== 'Error' ? err.name : (err.code ?? 'Error');
  const message = err.message ?? String(e);
  const reason = `${code}: ${message}`;
  const status = err.$metadata?.httpStatusCode;
  if (THROTTLING.has(code) || status === 429) return { retryable: true, kind: 'throttled', code, reason };
  if (SERVER.has(code) || (status !== undefined && status >= 500))
    return { retryable: true, kind: 'server', code, reason };
  if (NETWORK.has(code) || (err.code !== undefined && NETWORK.has(err.code)))
    return { retryable: true, kind: 'network', code, reason };
  if (NOT_YET_VISIBLE.test(code)) return { retryable: true, kind: 'not-yet-visible', code, reason };
  return { retryable: false, kind: 'permanent', code, reason };
}
