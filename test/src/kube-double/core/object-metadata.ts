/** Server-owned metadata conventions: timestamps, key order, and what a no-op write ignores. */
import { deepEqual, isPlainObject, meta } from './objects.ts';
import type { JsonObject } from './objects.ts';

/** RFC 3339 with seconds, as metadata timestamps are written. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function definedKeysBut(o: JsonObject, skip: readonly string[]): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined && !skip.includes(k));
}

function equalBut(a: JsonObject, b: JsonObject, skip: readonly string[]): boolean {
  const ka = definedKeysBut(a, skip);
  if (ka.length !== definedKeysBut(b, skip).length) return false;
  return ka.every((k) => deepEqual(a[k], b[k]));
}

function managedWithoutTimes(v: unknown): unknown {
  return Array.isArray(v) ? v.map((e: JsonObject) => ({ ...e, time: '' })) : v;
}

/**
 * Whether two objects are equal but for `metadata.resourceVersion` and the times of
 * `metadata.managedFields` entries (a write that changes nothing else is a no-op). A missing
 * or non-object `metadata` counts as empty. Compares in place, without copying the objects.
 */
export function equalIgnoringTimes(a: JsonObject, b: JsonObject): boolean {
  if (!equalBut(a, b, ['metadata'])) return false;
  const ma = isPlainObject(a['metadata']) ? a['metadata'] : {};
  const mb = isPlainObject(b['metadata']) ? b['metadata'] : {};
  return (
    equalBut(ma, mb, ['resourceVersion', 'managedFields']) &&
    deepEqual(managedWithoutTimes(ma['managedFields']), managedWithoutTimes(mb['managedFields']))
  );
}

const META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/** Orders metadata keys like the real server's JSON encoding (for readable diffs). */
export function orderMetadata(obj: JsonObject): JsonObject {
  const m = meta(obj);
  const ordered: JsonObject = {};
  for (const k of META_ORDER) if (m[k] !== undefined) ordered[k] = m[k];
  for (const k of Object.keys(m)) if (!(k in ordered) && m[k] !== undefined) ordered[k] = m[k];
  const { kind, apiVersion, metadata: _m, ...rest } = obj;
  const out: JsonObject = {};
  if (kind !== undefined) out['kind'] = kind;
  if (apiVersion !== undefined) out['apiVersion'] = apiVersion;
  out['metadata'] = ordered;
  return Object.assign(out, rest);
}
