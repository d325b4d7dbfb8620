import { ErrorCodes, OutpostError } from '../core/errors.ts';
import type { AppAssignment, Assignment, ObjectRef } from './messages.ts';

/** Bytes one ObjectRef takes on the wire, roughly (field tags and lengths included). */
function refBytes(ref: ObjectRef): number {
  return (
    ref.digest.length + ref.apiVersion.length + ref.kind.length + ref.namespace.length + ref.name.length + 24
  );
}

function appOverheadBytes(app: AppAssignment): number {
  let n = app.name.length + app.appset.length + app.destinationNamespace.length + app.revision.length;
  n += app.error.length + 64 + app.syncPolicy.syncOptions.join('').length;
  n += JSON.stringify(app.ignoreDifferences).length;
  return n;
}

/**
 * Splits a whole assignment into chunks of at most `maxObjects` ObjectRefs and about
 * `maxBytes` each. An app larger than a chunk continues in the next chunk under the same
 * name: the receiver concatenates the objects of same-named apps in chunk order (see
 * {@link AssignmentAssembler}). An assignment with no apps is still one chunk.
 */
export function chunkAssignment(assignment: Assignment, maxObjects: number, maxBytes: number): Assignment[] {
  const chunks: AppAssignment[][] = [];
  let current: AppAssignment[] = [];
  let objects = 0;
  let bytes = 0;
  const flush = () => {
    chunks.push(current);
    current = [];
    objects = 0;
    bytes = 0;
  };
  for (const app of assignment.apps) {
    const overhead = appOverheadBytes(app) + (app.removedObjects ?? []).reduce((n, r) => n + refBytes(r), 0);
    let part: AppAssignment = { ...app, objects: [] };
    if (current.length > 0 && bytes + overhead > maxBytes) flush();
    current.push(part);
    bytes += overhead;
    for (const ref of app.objects) {
      const size = refBytes(ref);
      if (objects >= maxObjects || (objects > 0 && bytes + size > maxBytes)) {
        flush();
        part = { ...app, objects: [] };
        if (app.objectsDelta) part.removedObjects = [];
        current.push(part);
        bytes += overhead;
      }
      part.objects.push(ref);
      objects++;
      bytes += size;
    }
  }
  if (current.length > 0 || chunks.length === 0) flush();
  return chunks.map((apps, i) => {
    const chunk: Assignment = {
      generation: assignment.generation,
      chunk: i,
      chunkCount: chunks.length,
      apps,
    };
    if (assignment.baseGeneration) {
      chunk.baseGeneration = assignment.baseGeneration;
      chunk.removedApps = i === 0 ? (assignment.removedApps ?? []) : [];
    }
    return chunk;
  });
}

/**
 * Reassembles chunks into one assignment (agent side; a delta stays a delta, see
 * `applyAssignmentDelta`). Chunks must arrive in order; a chunk of a newer generation
 * discards a partial older one (the hub moved on). Anything else out of order is a
 * protocol error (ASSIGNMENT_CHUNK_INVALID).
 */
export class AssignmentAssembler {
  private generation = 0;
  private next = 0;
  private apps: AppAssignment[] = [];
  private base = 0;
  private removedApps: string[] = [];

  /** Adds one chunk; returns the assembled assignment when this was the last chunk. */
  add(chunk: Assignment): Assignment | undefined {
    if (chunk.chunk === 0) {
      this.reset();
      this.generation = chunk.generation;
      this.base = chunk.baseGeneration ?? 0;
    }
    if (
      chunk.generation !== this.generation ||
      chunk.chunk !== this.next ||
      chunk.chunk >= chunk.chunkCount
    ) {
      const got = `generation ${chunk.generation} chunk ${chunk.chunk}/${chunk.chunkCount}`;
      const want = `generation ${this.generation} chunk ${this.next}`;
      this.reset();
      throw new OutpostError(
        ErrorCodes.ASSIGNMENT_CHUNK_INVALID,
        `assignment ${got} arrived, expected ${want}`,
      );
    }
    this.removedApps.push(...(chunk.removedApps ?? []));
    for (const app of chunk.apps) {
      const last = this.apps[this.apps.length - 1];
      if (last && last.name === app.name && chunk.chunk > 0 && chunk.apps[0] === app) {
        last.objects = last.objects.concat(app.objects);
        if (last.removedObjects && app.removedObjects) {
          last.removedObjects = last.removedObjects.concat(app.removedObjects);
        }
      } else {
        const copy: AppAssignment = { ...app, objects: [...app.objects] };
        if (app.removedObjects) copy.removedObjects = [...app.removedObjects];
        this.apps.push(copy);
      }
    }
    this.next++;
    if (this.next < chunk.chunkCount) return undefined;
    const whole: Assignment = { generation: this.generation, chunk: 0, chunkCount: 1, apps: this.apps };
    if (this.base) {
      whole.baseGeneration = this.base;
      whole.removedApps = this.removedApps;
    }
    if (chunk.blobs?.length) whole.blobs = chunk.blobs;
    this.reset();
    return whole;
  }

  /** True while a chunked assignment is partly received. */
  get pending(): boolean {
    return this.next > 0;
  }

  reset(): void {
    this.generation = 0;
    this.next = 0;
    this.apps = [];
    this.base = 0;
    this.removedApps = [];
  }
}
