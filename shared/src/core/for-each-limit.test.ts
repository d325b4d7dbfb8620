import { describe, expect, it } from 'vitest';
import { forEachLimit } from './for-each-limit.ts';

describe('forEachLimit', () => {
  it('forEachLimit – runs every item with at most the limit in flight', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(n);
      running--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('forEachLimit – rejects with the first failure', async () => {
    await expect(
      forEachLimit([1, 2], 2, async (n) => {
        if (n === 2) throw new Error('two failed');
      }),
    ).rejects.toThrow('two failed');
  });
});
