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

  it('forEachLimit – starts no more runners than an array or a set has items', async () => {
    // Each runner asks the iterator once more after the last item: calls = items + runners.
    const counted = <T>(items: T[]): { items: T[]; calls: () => number } => {
      let calls = 0;
      const array = [...items];
      const iterate = array[Symbol.iterator].bind(array);
      Object.defineProperty(array, Symbol.iterator, {
        value: () => {
          const it = iterate();
          return {
            next: () => (calls++, it.next()),
            [Symbol.iterator]() {
              return this;
            },
          };
        },
      });
      return { items: array, calls: () => calls };
    };
    const two = counted([1, 2]);
    await forEachLimit(two.items, 1024, async () => {});
    expect(two.calls()).toBe(2 + 2);
    const seen: string[] = [];
    await forEachLimit(new Set(['a', 'b', 'c']), 1024, async (x) => void seen.push(x));
    expect(seen).toEqual(['a', 'b', 'c']);
    const empty = counted<number>([]);
    await forEachLimit(empty.items, 8, async () => {});
    expect(empty.calls()).toBe(1);
  });
});
