/**
 * Calls per second per account. Tagging quotas are per account and region (the Resource Groups Tagging API allows a
 * few calls a second), and several backfills of one organization must not starve the live tagger, so each account
 * gets its own steady rate; a burst of one second's worth is allowed.
 */
export class AccountRateLimiter {
  private readonly next = new Map<string, number>();

  constructor(
    readonly perSecond: number,
    private readonly clock: { now(): number; sleep(ms: number): Promise<void> } = realClock,
  ) {
    if (!(perSecond > 0))
      throw new Error(`the rate must be a positive number of calls per second, received ${perSecond}`);
  }

  /** Waits until `account` may make `calls` more calls. */
  async take(account: string, calls = 1): Promise<void> {
    // The time at which the account's calls so far would have been spread out at the steady rate; it may run up to
    // one second ahead of the clock (the burst) before a caller has to wait.
    const now = this.clock.now();
    const due = Math.max(this.next.get(account) ?? now, now) + (calls * 1000) / this.perSecond;
    this.next.set(account, due);
    const wait = due - 1000 - now;
    if (wait > 0) await this.clock.sleep(wait);
  }
}

const realClock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};
