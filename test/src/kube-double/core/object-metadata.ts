/** Server-owned metadata conventions: timestamps, key order, and what a no-op write ignores. */
import { clone, meta } from './objects.ts';
import type { JsonObject } from './objects.ts';

/** RFC 3339 with seconds, as metadata timestamps are written. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A copy without resourceVersion and managedFields times (to detect no-op writes). */
export function stripTimes(o: JsonObject): JsonObject {
  const c = clone(o);
  const m = meta(c);
  delete m['resourceVersion'];
  if (Array.isArray(m['managedFields'])) {
    m['managedFields'] = (m['managedFields'] as JsonObject[]).map((e) => ({ ...e, time: '' }));
  }
  return c;
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
