/**
 * Test-only: assignments for the link's unit tests, built the way the hub builds them
 * (objects sorted by reference). Nothing in the agent imports this file, so the bundle never
 * contains it.
 */
import { compareObjectRefs } from '@outpost/shared';
import type { AppAssignment, Assignment, ObjectRef } from '@outpost/shared';

/** App `name` in namespace `ns` at revision `r`, automated and pruning, made of `refs`. */
export function appAssignment(name: string, refs: ObjectRef[]): AppAssignment {
  return {
    name,
    appset: 'set',
    destinationNamespace: 'ns',
    revision: 'r',
    syncPolicy: { automated: true, prune: true, selfHeal: false, syncOptions: [] },
    ignoreDifferences: [],
    objects: [...refs].sort(compareObjectRefs),
    error: '',
  };
}

/** A whole (not delta) assignment of `apps` at `generation`, in one chunk. */
export function wholeAssignment(generation: number, apps: AppAssignment[]): Assignment {
  return { generation, chunk: 0, chunkCount: 1, apps };
}
