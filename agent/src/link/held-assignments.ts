/**
 * The whole assignments a delta may be based on (capability `assignment-delta`). The hub
 * sends a delta only against a generation the agent acknowledged holding on the stream,
 * so every possible base is one the link itself handed to the agent (or acknowledged as
 * already held). The newest two are kept: the hub may send generation N+2 as a delta
 * against N while the agent is still persisting N+1.
 */
import { ErrorCodes, OutpostError, applyAssignmentDelta, objectRefKey } from '@outpost/shared';
import type { AppAssignment, Assignment } from '@outpost/shared';
import type { DesiredApp, DesiredState } from '../state/desired-state.ts';

/** How many whole states are kept as possible delta bases. */
const KEEP = 2;

/** Recent whole desired states by generation, and the delta resolution against them. */
export class HeldAssignments {
  private readonly held: DesiredState[] = [];

  /** Records a whole desired state the agent now holds (persisted). */
  remember(desired: DesiredState): void {
    const i = this.held.findIndex((d) => d.generation === desired.generation);
    if (i >= 0) this.held.splice(i, 1);
    this.held.push(desired);
    while (this.held.length > KEEP) this.held.shift();
  }

  /** The generations a delta may be based on, oldest first. */
  generations(): number[] {
    return this.held.map((d) => d.generation);
  }

  /**
   * The whole desired state an assembled assignment describes: a whole assignment as is,
   * a delta applied to the held state it names as its base. Never a partial state.
   *
   * @throws OutpostError ASSIGNMENT_CHUNK_INVALID when the base is not held or the delta
   *   does not fit it (an app or object it changes or removes is not in the base).
   */
  resolve(assembled: Assignment): DesiredState {
    if (!assembled.baseGeneration) {
      const partial = assembled.apps.find((a) => a.objectsDelta);
      if (partial)
        throw new OutpostError(
          ErrorCodes.ASSIGNMENT_CHUNK_INVALID,
          `whole assignment ${assembled.generation} lists only changed objects of app ${partial.name}`,
          { hint: 'reconnect so the hub sends the whole assignment' },
        );
      return toDesiredState(assembled);
    }
    const base = this.held.find((d) => d.generation === assembled.baseGeneration);
    const held: Assignment | undefined = base && {
      generation: base.generation,
      chunk: 0,
      chunkCount: 1,
      apps: base.apps,
    };
    if (held) checkDeltaFits(held, assembled);
    return toDesiredState(applyAssignmentDelta(held, assembled));
  }
}

/**
 * Refuses a delta that names what its base does not hold: a removed app, an app whose
 * object list is a delta, or a removed object missing from the base. A hub computes
 * every delta from the base, so any of these means the two sides disagree about it.
 */
export function checkDeltaFits(base: Assignment, delta: Assignment): void {
  const apps = new Map(base.apps.map((a) => [a.name, a]));
  const unfit = (what: string) =>
    new OutpostError(
      ErrorCodes.ASSIGNMENT_CHUNK_INVALID,
      `the delta to generation ${delta.generation} does not fit generation ${base.generation}: ${what}`,
      { hint: 'reconnect so the hub sends the whole assignment' },
    );
  for (const name of delta.removedApps ?? [])
    if (!apps.has(name)) throw unfit(`it removes app ${name}, which is not held`);
  for (const app of delta.apps) {
    if (!app.objectsDelta) continue;
    const old = apps.get(app.name);
    if (!old) throw unfit(`it changes objects of app ${app.name}, which is not held`);
    const keys = new Set(old.objects.map(objectRefKey));
    for (const r of app.removedObjects ?? []) {
      if (!keys.has(objectRefKey(r)))
        throw unfit(`it removes ${r.kind} ${r.namespace}/${r.name} from app ${app.name}, which is not held`);
    }
  }
}

/** A whole wire assignment as the agent's domain model (delta-only fields dropped). */
export function toDesiredState(a: Assignment): DesiredState {
  return { generation: a.generation, apps: a.apps.map(toDesiredApp) };
}

function toDesiredApp(app: AppAssignment): DesiredApp {
  return {
    name: app.name,
    appset: app.appset,
    destinationNamespace: app.destinationNamespace,
    revision: app.revision,
    syncPolicy: app.syncPolicy,
    ignoreDifferences: app.ignoreDifferences,
    objects: app.objects,
    error: app.error,
  };
}
