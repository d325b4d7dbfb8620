import { formatPointer, isUnder, parsePointer } from './json-pointer.ts';

/** Top-level and metadata fields the cluster owns; never drift. */
const IGNORED_TOP = new Set(['status']);
const IGNORED_METADATA = new Set([
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'ownerReferences',
  'finalizers',
]);

/**
 * Compares a live object with the desired one on the fields Outpost owns, and returns the
 * JSON pointers (sorted) that differ. Outpost applies with server-side apply and `force`,
 * so the fields it owns are exactly those of the desired manifest: every leaf the desired
 * object sets must have the same value live. Fields only the live object has (defaults,
 * other managers' fields) and `status` are not compared. Lists of objects are compared
 * element by element: by `name` when every element has one (reported at the live index;
 * items other managers added, such as injected sidecars, are theirs, as with server-side
 * apply), else by index; lists of scalars are compared whole. `ignore` holds JSON pointers
 * (live positions) whose subtrees are skipped.
 */
export function compareObject(desired: unknown, live: unknown, ignore: readonly string[] = []): string[] {
  const ignored = ignore.map(parsePointer);
  const out: string[] = [];
  walk(desired, live, [], ignored, out);
  return out.sort();
}

function walk(desired: unknown, live: unknown, path: string[], ignored: string[][], out: string[]): void {
  if (ignored.some((p) => isUnder(path, p))) return;
  if (path.length === 1 && IGNORED_TOP.has(path[0]!)) return;
  if (path.length === 2 && path[0] === 'metadata' && IGNORED_METADATA.has(path[1]!)) return;
  if (isPlainObject(desired)) {
    if (!isPlainObject(live)) {
      out.push(formatPointer(path));
      return;
    }
    for (const [k, v] of Object.entries(desired)) walk(v, live[k], [...path, k], ignored, out);
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) {
      out.push(formatPointer(path));
      return;
    }
    compareArrays(desired, live, path, ignored, out);
    return;
  }
  if (!scalarEqual(desired, live)) out.push(formatPointer(path));
}

function compareArrays(
  desired: unknown[],
  live: unknown[],
  path: string[],
  ignored: string[][],
  out: string[],
): void {
  const byName = desired.length > 0 && desired.every((d) => isPlainObject(d) && typeof d.name === 'string');
  if (byName) {
    const liveByName = new Map<string, number>();
    live.forEach((l, i) => {
      if (isPlainObject(l) && typeof l.name === 'string') liveByName.set(l.name, i);
    });
    desired.forEach((d, i) => {
      const at = liveByName.get((d as { name: string }).name);
      if (at === undefined) out.push(formatPointer([...path, String(i)]));
      else walk(d, live[at], [...path, String(at)], ignored, out);
    });
    return;
  }
  if (desired.every((d) => !isPlainObject(d) && !Array.isArray(d))) {
    if (desired.length !== live.length || desired.some((d, i) => !scalarEqual(d, live[i])))
      out.push(formatPointer(path));
    return;
  }
  if (desired.length !== live.length) {
    out.push(formatPointer(path));
    return;
  }
  desired.forEach((d, i) => walk(d, live[i], [...path, String(i)], ignored, out));
}

function scalarEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // The API server may normalise numbers and numeric strings in quantities (e.g. 1 vs "1").
  if ((typeof a === 'number' && typeof b === 'string') || (typeof a === 'string' && typeof b === 'number')) {
    return String(a) === String(b);
  }
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
