import type { AppAssignment } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { advanceAssignment, servableDigests } from './assignment-record.ts';
import { BlobRefCounter } from './blob-refs.ts';

function app(name: string, digests: string[], extra: Partial<AppAssignment> = {}): AppAssignment {
  return {
    name,
    appset: '',
    destinationNamespace: 'ns',
    revision: 'r1',
    syncPolicy: { automated: true, prune: false, selfHeal: false, syncOptions: [] },
    ignoreDifferences: [],
    objects: digests.map((d) => ({
      digest: d,
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'ns',
      name: d,
      size: 1,
    })),
    error: '',
    ...extra,
  };
}

describe('assignment record', () => {
  it('assignment record – the first assignment of a cluster is generation 1', () => {
    const a = advanceAssignment('c', undefined, [], 5)!;
    expect(a.record).toEqual({ cluster: 'c', generation: 1, apps: [], updatedAtMs: 5 });
  });

  it('assignment record – identical apps do not bump the generation', () => {
    const first = advanceAssignment('c', undefined, [app('a', ['d1'])], 1)!.record;
    expect(advanceAssignment('c', first, [app('a', ['d1'])], 2)).toBeUndefined();
  });

  it('assignment record – a new revision with the same objects does not bump the generation', () => {
    const first = advanceAssignment('c', undefined, [app('a', ['d1'])], 1)!.record;
    expect(advanceAssignment('c', first, [app('a', ['d1'], { revision: 'r2' })], 2)).toBeUndefined();
  });

  it('assignment record – a failing app bumps once when it starts failing, not for each new error text', () => {
    const first = advanceAssignment('c', undefined, [app('a', ['d1'])], 1)!.record;
    const failing = advanceAssignment('c', first, [app('a', ['d1'], { error: 'path missing at abc' })], 2)!;
    expect(failing.diff.modified).toEqual(['a']);
    expect(
      advanceAssignment('c', failing.record, [app('a', ['d1'], { error: 'path missing at def' })], 3),
    ).toBeUndefined();
  });

  it('assignment record – a changed digest, policy or removed app bumps the generation by one', () => {
    const first = advanceAssignment('c', undefined, [app('a', ['d1']), app('b', ['d2'])], 1)!.record;
    const byDigest = advanceAssignment('c', first, [app('a', ['d3']), app('b', ['d2'])], 2)!;
    expect(byDigest.record.generation).toBe(2);
    expect(byDigest.diff).toMatchObject({ modified: ['a'], newDigests: ['d3'], goneDigests: ['d1'] });
    const byPolicy = advanceAssignment(
      'c',
      first,
      [
        app('a', ['d1'], { syncPolicy: { automated: true, prune: true, selfHeal: false, syncOptions: [] } }),
        app('b', ['d2']),
      ],
      2,
    )!;
    expect(byPolicy.diff.modified).toEqual(['a']);
    const removed = advanceAssignment('c', first, [app('a', ['d1'])], 2)!;
    expect(removed.diff.removed).toEqual(['b']);
  });

  it('assignment record – the previous generation stays servable until the next advance drops it', () => {
    const r1 = advanceAssignment('c', undefined, [app('a', ['d1'])], 1)!.record;
    const a2 = advanceAssignment('c', r1, [app('a', ['d2'])], 2)!;
    expect([...servableDigests(a2.record)].sort()).toEqual(['d1', 'd2']);
    expect(a2.released).toEqual([]);
    const a3 = advanceAssignment('c', a2.record, [app('a', ['d3'])], 3)!;
    expect([...servableDigests(a3.record)].sort()).toEqual(['d2', 'd3']);
    expect(a3.released).toEqual(['d1']);
  });

  it('blob refs – a blob shared by two clusters dies only when both released it', () => {
    const refs = new BlobRefCounter();
    expect(refs.retain(['x', 'y'])).toEqual(['x', 'y']);
    expect(refs.retain(['x'])).toEqual([]);
    expect(refs.release(['x', 'y'])).toEqual(['y']);
    expect(refs.has('x')).toBe(true);
    expect(refs.release(['x'])).toEqual(['x']);
    expect(refs.release(['x'])).toEqual([]);
    expect(refs.size).toBe(0);
  });
});
