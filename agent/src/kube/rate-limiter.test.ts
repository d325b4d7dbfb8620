import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';

function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

describe('rate limiter', () => {
  it('rate limiter – a burst passes at once, then requests are spaced at 1/qps', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(10, 3, clock);
    for (let i = 0; i < 5; i++) await limiter.acquire();
    expect(clock.sleeps).toEqual([100, 100]);
  });

  it('rate limiter – qps 0 disables limiting', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(0, 0, clock);
    for (let i = 0; i < 50; i++) await limiter.acquire();
    expect(clock.sleeps).toEqual([]);
  });
});
