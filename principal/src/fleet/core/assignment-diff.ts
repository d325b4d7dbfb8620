import type { AppAssignment } from '@outpost/shared';

/** How a cluster's desired apps changed between two assignments. */
export interface AssignmentDiff {
  /** True when anything an agent would notice changed (the generation must then be bumped). */
  changed: boolean;
  added: string[];
  removed: string[];
  /** Apps present in both whose objects, revision, policy, ignore rules or error changed. */
  modified: string[];
  /** Digests referenced now but not before. */
  newDigests: string[];
  /** Digests referenced before but not now. */
  goneDigests: string[];
}

/** Fingerprints by app, and the object part by object list (shared by every cluster running one render). */
const fingerprints = new WeakMap<AppAssignment, string>();
const objectPrints = new WeakMap<readonly AppAssignment['objects'][number][], string>();

/**
 * A string identifying everything an agent would act on in one app assignment. The
 * revision is deliberately left out: a commit that leaves an app's objects as they were
 * must not bump the generation of every cluster reading that repository (the app keeps
 * the revision of the last commit that changed it). Likewise only whether the app failed
 * counts, not the error text, which often names the commit; the hub's status shows the
 * current text. Computed once per app object and once per object list: assignments are
 * never modified once built, and a thousand clusters running one app share its list.
 */
export function appFingerprint(app: AppAssignment): string {
  let print = fingerprints.get(app);
  if (print === undefined) {
    let objects = objectPrints.get(app.objects);
    if (objects === undefined) {
      objects = JSON.stringify(app.objects.map((o) => [o.digest, o.apiVersion, o.kind, o.namespace, o.name]));
      objectPrints.set(app.objects, objects);
    }
    print =
      JSON.stringify([
        app.appset,
        app.destinationNamespace,
        app.syncPolicy,
        app.ignoreDifferences,
        app.error !== '',
      ]) + objects;
    fingerprints.set(app, print);
  }
  return print;
}

/** Every digest the apps reference. */
export function digestsOf(apps: readonly AppAssignment[]): Set<string> {
  const out = new Set<string>();
  for (const a of apps) for (const o of a.objects) out.add(o.digest);
  return out;
}

/** Compares a cluster's previous apps (undefined = never assigned) with the next ones. */
export function diffAssignment(
  previous: readonly AppAssignment[] | undefined,
  next: readonly AppAssignment[],
): AssignmentDiff {
  const before = new Map((previous ?? []).map((a) => [a.name, a]));
  const after = new Map(next.map((a) => [a.name, a]));
  const added = [...after.keys()].filter((n) => !before.has(n));
  const removed = [...before.keys()].filter((n) => !after.has(n));
  const modified = [...after.keys()].filter((n) => {
    const b = before.get(n);
    return b !== undefined && appFingerprint(b) !== appFingerprint(after.get(n)!);
  });
  const oldDigests = digestsOf(previous ?? []);
  const nowDigests = digestsOf(next);
  return {
    changed: previous === undefined || added.length + removed.length + modified.length > 0,
    added,
    removed,
    modified,
    newDigests: [...nowDigests].filter((d) => !oldDigests.has(d)),
    goneDigests: [...oldDigests].filter((d) => !nowDigests.has(d)),
  };
}
