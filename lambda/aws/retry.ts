import { classifyAwsError } from './errors';
import { ClassifiedError } from '../engine/ports';

export interface RetryPolicy {
  /**
   * Attempts at a resource that is not visible yet, the first included. After the last, the event goes back to the
   * queue.
   */
  attempts: number;
  /** The first pause; each further pause doubles it. */
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 400,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Runs `call`, retrying with exponential backoff only while AWS cannot see the resource yet: throttling, 5xx and
 * network faults are retried by the SDK's own retry strategy inside each call (ClientPool's SDK_RETRY), so
 * retrying them here too would multiply the attempts. Resolves to the value or the last classified error; a
 * retryable one sends the event back to the queue.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
): Promise<{ ok: true; value: T } | { ok: false; error: ClassifiedError }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await call() };
    } catch (e) {
      const error = classifyAwsError(e);
      if (error.kind !== 'not-yet-visible' || attempt >= policy.attempts) return { ok: false, error };
      await policy.sleep(policy.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
