import { classifyAwsError } from './errors';
import { ClassifiedError } from '../engine/ports';

export interface RetryPolicy {
  /** Attempts in this invocation, the first included. After the last, the event goes back to the queue. */
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
 * Runs `call`, retrying retryable failures with exponential backoff (the SDK already retries throttling a few
 * times; this also covers resources that are not visible yet). Resolves to the value or the last classified error.
 */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy): Promise<{ ok: true; value: T } | { ok: false; error: ClassifiedError }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await call() };
    } catch (e) {
      const error = classifyAwsError(e);
      if (!error.retryable || attempt >= policy.attempts) return { ok: false, error };
      await policy.sleep(policy.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
