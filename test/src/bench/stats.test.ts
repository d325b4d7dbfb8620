import { describe, expect, it } from 'vitest';
import { median, medianOfRecords, percentile, summarize } from './stats.ts';

describe('bench stats', () => {
  it('median – an odd count gives the middle sample regardless of order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('median – an even count gives the mean of the two middle samples', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('median – no samples is NaN, not zero', () => {
    expect(median([])).toBeNaN();
  });

  it('percentile – nearest rank: p99 of 1..100 is 99 and p50 is 50', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 100)).toBe(100);
  });

  it('percentile – p99 of ten samples is the slowest one', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 50], 99)).toBe(50);
  });

  it('percentile – an out-of-range p is a programmer error', () => {
    expect(() => percentile([1], 101)).toThrow(/0..100/);
  });

  it('summarize – reports p50, p99, max and the count', () => {
    expect(summarize([3, 1, 2])).toEqual({ p50: 2, p99: 3, max: 3, count: 3 });
  });

  it('medianOfRecords – takes the median of each field across repetitions', () => {
    expect(
      medianOfRecords([
        { a: 1, b: 5 },
        { a: 3, b: 4 },
        { a: 2, b: 9, c: 7 },
      ]),
    ).toEqual({ a: 2, b: 5, c: 7 });
  });
});
