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
    if (!(perSecond > 0)) throw new Error(`the rate must be a positive number of calls per second, received ${perSecond}`);
  }

  /** Waits until `account` may make `calls` more calls. */
  async take(account: string, calls = 1): Promise<void> {
    const interval = 1000 / this.perSecond;
    const now = this.clock.now();
    // The earliest a call may start, allowing a burst of one second's worth after a quiet spell.
    const start = Math.max(this.next.get(account) ?? now - 1000, now - 1000);
    this.next.set(account, start + calls * interval);
    const wait = start + calls * interval - now - 1000;
    if (wait > 0) await this.clock.sleep(wait);
  }
}

const realClock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
