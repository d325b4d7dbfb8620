import { describe, expect, it } from 'vitest';
import { parseMedianLines } from './sub-bench.ts';

describe('sub-benchmark output', () => {
  it('reads the git benchmark median lines with their labels', () => {
    const out = [
      'rep 0: isomorphic-git warm 120 ms, cold 300 ms; git CLI 90 ms',
      'median git CLI (fetch + ls-tree -r + cat-file --batch): 95 ms',
      'median isomorphic-git, warm caches (fetch + read 2000 files): 130 ms, ratio 1.37x',
    ].join('\n');
    expect(parseMedianLines(out)).toEqual([
      { label: 'git CLI (fetch + ls-tree -r + cat-file --batch)', ms: 95 },
      { label: 'isomorphic-git, warm caches (fetch + read 2000 files)', ms: 130 },
    ]);
  });

  it('a bare "median:" line takes its label from what follows the figure', () => {
    expect(parseMedianLines('median: 950 ms for 40000 Applications (23.8 µs each)')).toEqual([
      { label: 'for 40000 Applications (23.8 µs each)', ms: 950 },
    ]);
  });

  it('lines without a median are ignored', () => {
    expect(parseMedianLines('run 1: 900 ms\ntarget: within 2x')).toEqual([]);
  });
});
