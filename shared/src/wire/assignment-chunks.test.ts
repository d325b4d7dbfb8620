import { describe, expect, it } from 'vitest';
import { AssignmentAssembler, chunkAssignment } from './assignment-chunks.ts';
import type { AppAssignment, Assignment } from './messages.ts';

function app(name: string, n: number): AppAssignment {
  return {
    name,
    appset: '',
    destinationNamespace: 'ns',
    revision: 'r',
    syncPolicy: { automated: true, prune: false, selfHeal: false, syncOptions: [] },
    ignoreDifferences: [],
    objects: Array.from({ length: n }, (_, i) => ({
      digest: `sha256:${name}-${i}`,
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'ns',
      name: `${name}-${i}`,
      size: 10,
    })),
    error: '',
  };
}

describe('assignment chunks', () => {
  it('assignment chunks – a small assignment is one chunk', () => {
    const a: Assignment = { generation: 3, chunk: 0, chunkCount: 1, apps: [app('a', 2)] };
    expect(chunkAssignment(a, 100, 100_000)).toEqual([a]);
  });

  it('assignment chunks – an empty assignment is still one chunk', () => {
    expect(chunkAssignment({ generation: 1, chunk: 0, chunkCount: 1, apps: [] }, 10, 1000)).toHaveLength(1);
  });

  it('assignment chunks – apps split across chunks by object count reassemble to the original', () => {
    const a: Assignment = {
      generation: 7,
      chunk: 0,
      chunkCount: 1,
      apps: [app('a', 5), app('b', 12), app('c', 1)],
    };
    const chunks = chunkAssignment(a, 4, 1_000_000);
    expect(chunks.length).toBe(5);
    expect(chunks.every((c) => c.apps.reduce((n, x) => n + x.objects.length, 0) <= 4)).toBe(true);
    const asm = new AssignmentAssembler();
    let whole: Assignment | undefined;
    for (const c of chunks) whole = asm.add(c);
    expect(whole).toEqual(a);
  });

  it('assignment chunks – the byte budget also splits chunks', () => {
    const a: Assignment = { generation: 1, chunk: 0, chunkCount: 1, apps: [app('a', 50)] };
    const chunks = chunkAssignment(a, 10_000, 1000);
    expect(chunks.length).toBe(3);
    expect(chunks.every((c) => c.apps[0]!.objects.length < 25)).toBe(true);
  });

  it('assignment chunks – a chunk out of order is rejected and a newer generation restarts assembly', () => {
    const a = chunkAssignment({ generation: 2, chunk: 0, chunkCount: 1, apps: [app('a', 6)] }, 2, 1_000_000);
    const asm = new AssignmentAssembler();
    asm.add(a[0]!);
    expect(() => asm.add(a[2]!)).toThrow(/expected generation 2 chunk 1/);
    const b = chunkAssignment({ generation: 3, chunk: 0, chunkCount: 1, apps: [app('x', 1)] }, 2, 1_000_000);
    asm.add(a[0]!);
    expect(asm.add(b[0]!)?.generation).toBe(3);
  });
});
