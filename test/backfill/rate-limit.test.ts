import { AccountRateLimiter } from '../../lib/backfill/rate-limit';

/** A clock that moves only when someone sleeps on it. */
function fakeClock() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return { sleeps, now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)) };
}

describe('AccountRateLimiter', () => {
  it('lets one second of calls through at once, then holds each account to its rate', async () => {
    const clock = fakeClock();
    const limiter = new AccountRateLimiter(5, clock);
    const start = clock.now();
    for (let i = 0; i < 15; i++) await limiter.take('111111111111');
    // 5 as a burst, then 10 more at 5 a second.
    expect(clock.now() - start).toBe(2000);
  });

  it('keeps accounts apart: one busy account does not slow another', async () => {
    const clock = fakeClock();
    const limiter = new AccountRateLimiter(2, clock);
    for (let i = 0; i < 6; i++) await limiter.take('111111111111');
    const before = clock.sleeps.length;
    await limiter.take('222222222222');
    await limiter.take('222222222222');
    expect(clock.sleeps.length).toBe(before);
  });

  it('counts a call that takes several writers as that many calls', async () => {
    const clock = fakeClock();
    const limiter = new AccountRateLimiter(4, clock);
    await limiter.take('111111111111', 4);
    await limiter.take('111111111111', 4);
    expect(clock.sleeps).toEqual([1000]);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new AccountRateLimiter(0)).toThrow(/positive number of calls per second, received 0/);
  });
});
