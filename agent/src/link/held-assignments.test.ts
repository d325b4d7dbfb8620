import { describe, expect, it } from 'vitest';
import { AssignmentAssembler, chunkAssignment, deltaAssignment } from '@outpost/shared';
import type { Assignment, ObjectRef } from '@outpost/shared';
import { appAssignment as app, wholeAssignment as whole } from './assignment-builders.ts';
import { HeldAssignments, toDesiredState } from './held-assignments.ts';

function ref(name: string, version = 'v1'): ObjectRef {
  return {
    digest: `sha256:${name}-${version}`,
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: 'ns',
    name,
    size: 100,
  };
}

const refs = Array.from({ length: 40 }, (_, i) => ref(`cm-${String(i).padStart(2, '0')}`));
const g4 = whole(4, [app('a', refs), app('b', [ref('x')])]);
const g5 = whole(5, [
  app(
    'a',
    refs.map((r) => (r.name === 'cm-07' ? ref('cm-07', 'v2') : r)),
  ),
  app('b', []),
]);
const g6 = whole(6, [app('a', refs.slice(1)), app('c', [ref('z')])]);

/** Sends `a` through chunking and reassembly, as the wire does. */
function overTheWire(a: Assignment): Assignment {
  const assembler = new AssignmentAssembler();
  let out: Assignment | undefined;
  for (const chunk of chunkAssignment(a, 7, 1 << 20)) out = assembler.add(chunk) ?? out;
  return out!;
}

describe('held assignments (delta bases of the link)', () => {
  it('a chunked one-object delta against the held generation yields exactly the next whole state', () => {
    const held = new HeldAssignments();
    held.remember(toDesiredState(g4));
    const delta = overTheWire(deltaAssignment(g4, g5));
    expect(delta.baseGeneration).toBe(4);
    expect(delta.apps.find((a) => a.name === 'a')?.objects).toHaveLength(1);
    expect(held.resolve(delta)).toEqual(toDesiredState(g5));
  });

  it('the resolved state carries no delta-only fields, so what is persisted is a plain whole state', () => {
    const held = new HeldAssignments();
    held.remember(toDesiredState(g4));
    const desired = held.resolve(deltaAssignment(g4, g5));
    for (const a of desired.apps) {
      expect(a).not.toHaveProperty('objectsDelta');
      expect(a).not.toHaveProperty('removedObjects');
    }
  });

  it('a delta against the previous generation still resolves while the newer one is held too', () => {
    const held = new HeldAssignments();
    held.remember(toDesiredState(g4));
    held.remember(toDesiredState(g5));
    expect(held.resolve(deltaAssignment(g4, g6))).toEqual(toDesiredState(g6));
    expect(held.resolve(deltaAssignment(g5, g6))).toEqual(toDesiredState(g6));
  });

  it('only the newest two generations are kept as bases', () => {
    const held = new HeldAssignments();
    for (const g of [g4, g5, g6]) held.remember(toDesiredState(g));
    expect(held.generations()).toEqual([5, 6]);
    expect(() => held.resolve(deltaAssignment(g4, g6))).toThrow(/generation 4 .* generation 0 is held/);
  });

  it('a delta against a generation not held is refused with ASSIGNMENT_CHUNK_INVALID', () => {
    const held = new HeldAssignments();
    expect(() => held.resolve(deltaAssignment(g4, g5))).toThrow(
      expect.objectContaining({ code: 'ASSIGNMENT_CHUNK_INVALID' }),
    );
  });

  it('a delta that removes an object the base does not hold is refused instead of applied', () => {
    const held = new HeldAssignments();
    held.remember(toDesiredState(g4));
    const delta = deltaAssignment(g4, g5);
    const a = delta.apps.find((x) => x.name === 'a')!;
    a.removedObjects = [ref('not-there')];
    expect(() => held.resolve(delta)).toThrow(/removes ConfigMap ns\/not-there from app a/);
  });

  it('a delta that lists changed objects of an app the base does not hold is refused', () => {
    const held = new HeldAssignments();
    held.remember(toDesiredState(whole(4, [app('b', [ref('x')])])));
    expect(() => held.resolve(deltaAssignment(g4, g5))).toThrow(/changes objects of app a/);
  });

  it('a delta that removes an app the base does not hold is refused', () => {
    const held = new HeldAssignments();
    held.remember(toDesiredState(whole(5, [app('a', refs)])));
    expect(() => held.resolve(deltaAssignment(g5, g6))).toThrow(/removes app b/);
  });

  it('a whole assignment whose app lists only changed objects is refused as partial', () => {
    const partial = whole(7, [{ ...app('a', [ref('cm-01')]), objectsDelta: true, removedObjects: [] }]);
    expect(() => new HeldAssignments().resolve(partial)).toThrow(/lists only changed objects of app a/);
  });

  it('a whole assignment resolves as itself whatever is held', () => {
    expect(new HeldAssignments().resolve(g6)).toEqual(toDesiredState(g6));
  });
});
