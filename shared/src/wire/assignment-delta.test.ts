import { describe, expect, it } from 'vitest';
import { applyAssignmentDelta, compareObjectRefs, deltaAssignment } from './assignment-delta.ts';
import { AssignmentAssembler, chunkAssignment } from './assignment-chunks.ts';
import { hubMessageFromWire, hubMessageToWire } from './codec.ts';
import type { AppAssignment, Assignment, ObjectRef } from './messages.ts';
import { loadWireContract } from './proto.ts';

function ref(name: string, version = 'v1', kind = 'ConfigMap'): ObjectRef {
  return { digest: `sha256:${name}-${version}`, apiVersion: 'v1', kind, namespace: 'ns', name, size: 100 };
}

function app(name: string, refs: ObjectRef[], prune = true): AppAssignment {
  return {
    name,
    appset: 'set',
    destinationNamespace: 'ns',
    revision: 'r',
    syncPolicy: { automated: true, prune, selfHeal: false, syncOptions: [] },
    ignoreDifferences: [],
    objects: [...refs].sort(compareObjectRefs),
    error: '',
  };
}

function whole(generation: number, apps: AppAssignment[]): Assignment {
  return { generation, chunk: 0, chunkCount: 1, apps };
}

const many = Array.from({ length: 50 }, (_, i) => ref(`cm-${String(i).padStart(2, '0')}`));
const base = whole(4, [app('a', many), app('b', [ref('x')]), app('c', [ref('y')])]);

describe('assignment delta', () => {
  it('assignment delta – a one-object change carries one ref and leaves unchanged apps out', () => {
    const next = whole(5, [
      app(
        'a',
        many.map((r) => (r.name === 'cm-07' ? ref('cm-07', 'v2') : r)),
      ),
      base.apps[1]!,
      base.apps[2]!,
    ]);
    const delta = deltaAssignment(base, next);
    expect(delta.baseGeneration).toBe(4);
    expect(
      delta.apps.map((a) => [a.name, a.objectsDelta, a.objects.length, a.removedObjects?.length]),
    ).toEqual([['a', true, 1, 0]]);
    expect(applyAssignmentDelta(base, delta)).toEqual(next);
  });

  it('assignment delta – added, removed and re-configured apps and removed objects all apply back to the target', () => {
    const next = whole(9, [
      app('a', many.slice(5).concat(ref('new'))),
      app('c', [ref('y')], false),
      app('d', [ref('z')]),
    ]);
    const delta = deltaAssignment(base, next);
    expect(delta.removedApps).toEqual(['b']);
    expect(delta.apps.map((a) => a.name)).toEqual(['a', 'c', 'd']);
    expect(delta.apps[0]!.removedObjects!.map((r) => r.name)).toEqual([
      'cm-00',
      'cm-01',
      'cm-02',
      'cm-03',
      'cm-04',
    ]);
    expect(applyAssignmentDelta(base, delta)).toEqual(next);
  });

  it('assignment delta – a delta survives chunking, protobuf encoding and reassembly', () => {
    const added = Array.from({ length: 7 }, (_, i) => ref(`new-${i}`));
    const next = whole(5, [app('a', many.slice(10).concat(added)), app('b', [ref('x', 'v9')])]);
    const delta = deltaAssignment(base, next);
    const connect = loadWireContract().hubService.Connect!;
    const assembler = new AssignmentAssembler();
    let assembled: Assignment | undefined;
    const chunks = chunkAssignment(delta, 3, 1_000_000);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      const m = hubMessageFromWire(
        connect.responseDeserialize(
          connect.responseSerialize(hubMessageToWire({ kind: 'assignment', assignment: c })),
        ) as Record<string, unknown>,
      );
      if (m.kind === 'assignment') assembled = assembler.add(m.assignment);
    }
    expect(applyAssignmentDelta(base, assembled!)).toEqual(next);
  });

  it('assignment delta – a delta against a generation not held is refused', () => {
    const delta = deltaAssignment(base, whole(5, []));
    expect(() => applyAssignmentDelta(whole(3, []), delta)).toThrow(
      /against generation 4.*generation 3 is held/,
    );
    expect(() => applyAssignmentDelta(undefined, delta)).toThrow(/generation 0 is held/);
  });

  it('assignment delta – a whole assignment passes through unchanged', () => {
    expect(applyAssignmentDelta(undefined, base)).toBe(base);
  });
});
