import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

describe('backoff', () => {
  it('backoff – delays grow exponentially up to the cap, with full jitter below the ceiling', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0.999 });
    const delays = Array.from({ length: 6 }, () => b.next());
    expect(delays).toEqual([99, 199, 399, 799, 999, 999]);
    b.reset();
    expect(b.next()).toBe(99);
  });
  it('backoff – zero randomness gives zero delay (jitter is full, not equal)', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 });
    expect(b.next()).toBe(0);
  });
});
