import type { AppAssignment } from '@outpost/shared';
import { appFingerprint, diffAssignment, digestsOf, type AssignmentDiff } from './assignment-diff.ts';

/**
 * One cluster's persisted desired state: its current generation and apps, and the digests
 * of the previous generation while an agent may still be fetching it ("in flight").
 */
export interface AssignmentRecord {
  cluster: string;
  /** Monotonically increasing, starting at 1. */
  generation: number;
  apps: AppAssignment[];
  /** The previous generation's digests, kept servable until the agent holds the current one. */
  previous?: { generation: number; digests: string[] };
  updatedAtMs: number;
}

/** The result of {@link advanceAssignment} when something changed. */
export interface AssignmentAdvance {
  record: AssignmentRecord;
  diff: AssignmentDiff;
  /** Digests the new record references that the old one did not reference at all. */
  retained: string[];
  /** Digests only the dropped older "previous" referenced (their references must be released). */
  released: string[];
}

/**
 * Computes a cluster's next record: undefined when nothing changed (the generation stays),
 * else generation + 1 with the old current kept as "previous" for in-flight fetches. An app
 * an agent would not act on differently keeps its previous assignment (and so the revision
 * of the commit that last changed it), so a commit that changes one app does not make
 * agents re-sync the cluster's other apps.
 */
export function advanceAssignment(
  cluster: string,
  current: AssignmentRecord | undefined,
  apps: AppAssignment[],
  nowMs: number,
): AssignmentAdvance | undefined {
  const diff = diffAssignment(current?.apps, apps);
  if (!diff.changed) return undefined;
  const before = new Map((current?.apps ?? []).map((a) => [a.name, a]));
  const record: AssignmentRecord = {
    cluster,
    generation: (current?.generation ?? 0) + 1,
    apps: apps.map((a) => {
      const b = before.get(a.name);
      return b && appFingerprint(b) === appFingerprint(a) ? b : a;
    }),
    updatedAtMs: nowMs,
  };
  if (current) record.previous = { generation: current.generation, digests: [...digestsOf(current.apps)] };
  return {
    record,
    diff,
    retained: [...digestsOf(record.apps)],
    released: current?.previous?.digests ?? [],
  };
}

/** Digests a record makes servable: current plus in-flight previous. */
export function servableDigests(record: AssignmentRecord): Set<string> {
  const out = digestsOf(record.apps);
  for (const d of record.previous?.digests ?? []) out.add(d);
  return out;
}
