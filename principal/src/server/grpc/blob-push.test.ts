import type { Assignment } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { blobsToPush } from './blob-push.ts';

const ref = (name: string, digest: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  namespace: 'default',
  name,
  digest,
  size: 1,
});

function delta(...refs: ReturnType<typeof ref>[][]): Assignment {
  return {
    generation: 2,
    chunk: 0,
    chunkCount: 1,
    baseGeneration: 1,
    removedApps: [],
    apps: refs.map((objects, i) => ({
      name: `app-${i}`,
      appset: '',
      destinationNamespace: '',
      revision: 'r',
      syncPolicy: { automated: true, prune: true, selfHeal: true, syncOptions: [] },
      ignoreDifferences: [],
      objects,
      error: '',
      objectsDelta: true,
      removedObjects: [],
    })),
  };
}

const bytes = (n: number) => new Uint8Array(n);

describe('blobsToPush', () => {
  it('blob push – takes each cached blob of the delta once, in ref order, within the budget', () => {
    const cache = new Map([
      ['sha256:a', bytes(10)],
      ['sha256:b', bytes(20)],
      ['sha256:c', bytes(30)],
    ]);
    const d = delta(
      [ref('x', 'sha256:a'), ref('y', 'sha256:b')],
      [ref('z', 'sha256:a'), ref('w', 'sha256:c')],
    );
    const all = blobsToPush(d, (k) => cache.get(k), 1000);
    expect(all.blobs.map((b) => b.digest)).toEqual(['sha256:a', 'sha256:b', 'sha256:c']);
    expect(all.bytes).toBe(60);
    // Over the budget: a blob that does not fit is left for the agent to request; a smaller later one still goes.
    const some = blobsToPush(d, (k) => cache.get(k), 45);
    expect(some.blobs.map((b) => b.digest)).toEqual(['sha256:a', 'sha256:b']);
    expect(blobsToPush(d, (k) => cache.get(k), 40).blobs.map((b) => b.digest)).toEqual([
      'sha256:a',
      'sha256:b',
    ]);
    expect(blobsToPush(d, (k) => cache.get(k), 35).blobs.map((b) => b.digest)).toEqual([
      'sha256:a',
      'sha256:b',
    ]);
    expect(blobsToPush(d, (k) => cache.get(k), 29).blobs.map((b) => b.digest)).toEqual(['sha256:a']);
  });

  it('blob push – a blob not in memory is not pushed (the agent requests it)', () => {
    const d = delta([ref('x', 'sha256:a'), ref('y', 'sha256:b')]);
    const pushed = blobsToPush(d, (k) => (k === 'sha256:b' ? bytes(5) : undefined), 1000);
    expect(pushed.blobs.map((b) => b.digest)).toEqual(['sha256:b']);
    expect(blobsToPush(delta([]), () => bytes(1), 1000)).toEqual({ blobs: [], bytes: 0 });
  });
});
