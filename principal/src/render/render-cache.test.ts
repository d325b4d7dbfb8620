import { describe, expect, it } from 'vitest';
import { RenderCache } from './render-cache.ts';

const value = (bytes: number) => ({ bytes });

describe('RenderCache', () => {
  it('evicts the least recently used entries once the settled sizes exceed the byte bound', async () => {
    const cache = new RenderCache<{ bytes: number }>({ maxBytes: 1000, sizeOf: (v) => v.bytes });
    let computed = 0;
    const get = (key: string, bytes: number) =>
      cache.get(key, async () => {
        computed++;
        return value(bytes);
      });
    await get('a', 400);
    await get('b', 400);
    expect(cache.stats()).toMatchObject({ size: 2, bytes: 800 });
    await get('a', 400); // a is now the most recently used
    await get('c', 400);
    await Promise.resolve();
    expect(cache.stats()).toMatchObject({ size: 2, bytes: 800 });
    await get('a', 400);
    await get('c', 400);
    expect(computed).toBe(3);
    await get('b', 400); // b was evicted
    expect(computed).toBe(4);
  });

  it('hands out a value larger than the whole bound without keeping it', async () => {
    const cache = new RenderCache<{ bytes: number }>({ maxBytes: 1000, sizeOf: (v) => v.bytes });
    await cache.get('small', async () => value(10));
    expect(await cache.get('huge', async () => value(5000))).toEqual({ bytes: 5000 });
    await Promise.resolve();
    expect(cache.stats()).toMatchObject({ size: 1, bytes: 10 });
  });

  it('shares one pending computation between concurrent callers and forgets failures', async () => {
    const cache = new RenderCache<{ bytes: number }>({ maxBytes: 1000, sizeOf: (v) => v.bytes });
    let calls = 0;
    const slow = () => cache.get('k', async () => (++calls, value(1)));
    const [x, y] = await Promise.all([slow(), slow()]);
    expect(x).toBe(y);
    expect(calls).toBe(1);
    await expect(cache.get('bad', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(cache.stats().size).toBe(1);
  });

  it('also bounds the number of entries', async () => {
    const cache = new RenderCache<{ bytes: number }>({ maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) await cache.get(k, async () => value(1));
    expect(cache.stats().size).toBe(2);
  });
});
