import { describe, expect, test } from 'vitest';
import { ChangeFeed } from './change-feed.ts';

describe('change feed', () => {
  test('an iterator receives events published after it started, in order, until aborted', async () => {
    const feed = new ChangeFeed<number>();
    const controller = new AbortController();
    const seen: number[] = [];
    const done = (async () => {
      for await (const n of feed.iterate(controller.signal)) {
        seen.push(n);
        if (seen.length === 3) controller.abort();
      }
    })();
    await Promise.resolve();
    feed.publish(1);
    feed.publish(2);
    feed.publish(3);
    await done;
    expect(seen).toEqual([1, 2, 3]);
    feed.publish(4);
    expect(seen).toEqual([1, 2, 3]);
  });

  test('a throwing listener does not stop delivery; unsubscribe stops it', () => {
    const feed = new ChangeFeed<string>();
    const got: string[] = [];
    feed.subscribe(() => {
      throw new Error('boom');
    });
    const off = feed.subscribe((e) => got.push(e));
    feed.publish('a');
    off();
    feed.publish('b');
    expect(got).toEqual(['a']);
  });
});
