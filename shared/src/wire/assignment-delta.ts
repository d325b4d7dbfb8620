/**
 * Delta assignments (capability `assignment-delta`): instead of the whole desired state,
 * the hub sends only the apps that changed since the generation the agent holds, and for a
 * changed app only the object refs added, changed or removed. A one-object change then
 * costs one ObjectRef plus the blob on the wire, however large the cluster's state is.
 */
import { ErrorCodes, OutpostError } from '../core/errors.ts';
import type { AppAssignment, Assignment, ObjectRef } from './messages.ts';

/** The identity of an object on the cluster (what a delta matches refs by). */
export function objectRefKey(ref: ObjectRef): string {
  return `${ref.apiVersion}\u0000${ref.kind}\u0000${ref.namespace}\u0000${ref.name}`;
}

/** The order refs have in an app: by apiVersion, kind, namespace, name, then digest. */
export function compareObjectRefs(a: ObjectRef, b: ObjectRef): number {
  return (
    cmp(a.apiVersion, b.apiVersion) ||
    cmp(a.kind, b.kind) ||
    cmp(a.namespace, b.namespace) ||
    cmp(a.name, b.name) ||
    cmp(a.digest, b.digest)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  return a.digest === b.digest && a.size === b.size;
}

function appSettings(app: AppAssignment): string {
  return JSON.stringify([
    app.appset,
    app.destinationNamespace,
    app.revision,
    app.syncPolicy,
    app.ignoreDifferences,
    app.error,
  ]);
}

/**
 * The delta that turns `base` (a whole assignment the agent holds) into `next` (whole).
 * Unchanged apps are left out; a changed app carries only its object changes when that
 * is smaller than its whole list.
 */
export function deltaAssignment(base: Assignment, next: Assignment): Assignment {
  const before = new Map(base.apps.map((a) => [a.name, a]));
  const nextNames = new Set(next.apps.map((a) => a.name));
  const apps: AppAssignment[] = [];
  for (const app of next.apps) {
    const old = before.get(app.name);
    if (!old) {
      apps.push(app);
      continue;
    }
    const oldRefs = new Map(old.objects.map((r) => [objectRefKey(r), r]));
    const newKeys = new Set<string>();
    const upserts: ObjectRef[] = [];
    for (const r of app.objects) {
      const k = objectRefKey(r);
      newKeys.add(k);
      const prev = oldRefs.get(k);
      if (!prev || !sameRef(prev, r)) upserts.push(r);
    }
    const removed = old.objects.filter((r) => !newKeys.has(objectRefKey(r)));
    if (upserts.length === 0 && removed.length === 0 && appSettings(old) === appSettings(app)) continue;
    if (upserts.length + removed.length < app.objects.length) {
      apps.push({ ...app, objects: upserts, objectsDelta: true, removedObjects: removed });
    } else apps.push(app);
  }
  return {
    generation: next.generation,
    chunk: 0,
    chunkCount: 1,
    apps,
    baseGeneration: base.generation,
    removedApps: base.apps.filter((a) => !nextNames.has(a.name)).map((a) => a.name),
  };
}

/**
 * The whole assignment a (reassembled) delta describes, given the whole assignment held.
 * A whole assignment (no `baseGeneration`) is returned as is.
 *
 * @throws OutpostError ASSIGNMENT_CHUNK_INVALID when `held` is not the delta's base generation.
 */
export function applyAssignmentDelta(held: Assignment | undefined, delta: Assignment): Assignment {
  if (!delta.baseGeneration) return delta;
  if (!held || held.generation !== delta.baseGeneration) {
    throw new OutpostError(
      ErrorCodes.ASSIGNMENT_CHUNK_INVALID,
      `a delta against generation ${delta.baseGeneration} arrived, but generation ${held?.generation ?? 0} is held`,
      { hint: 'reconnect so the hub sends the whole assignment' },
    );
  }
  const apps = new Map(held.apps.map((a) => [a.name, a]));
  for (const name of delta.removedApps ?? []) apps.delete(name);
  for (const app of delta.apps) {
    const { objectsDelta, removedObjects, ...whole } = app;
    if (!objectsDelta) {
      apps.set(app.name, whole);
      continue;
    }
    const refs = new Map((apps.get(app.name)?.objects ?? []).map((r) => [objectRefKey(r), r]));
    for (const r of removedObjects ?? []) refs.delete(objectRefKey(r));
    for (const r of app.objects) refs.set(objectRefKey(r), r);
    apps.set(app.name, { ...whole, objects: [...refs.values()].sort(compareObjectRefs) });
  }
  return {
    generation: delta.generation,
    chunk: 0,
    chunkCount: 1,
    apps: [...apps.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}
