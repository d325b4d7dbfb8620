/** Small helpers for plain JSON values (objects as decoded from JSON or YAML). */

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** A deep copy of a JSON value (much faster than structuredClone for plain data). */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = clone(v[i]);
    return out as T;
  }
  const out: JsonObject = {};
  for (const k in v) out[k] = clone((v as JsonObject)[k]);
  return out as T;
}

/** The object at `obj[key]`, created empty when missing. */
export function child(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  if (isPlainObject(v)) return v;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

/** Reads a nested value by field names. */
export function getIn(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** The `metadata` of a Kubernetes object (created when missing). */
export function meta(obj: JsonObject): JsonObject {
  return child(obj, 'metadata');
}

/** Returns a copy of `obj` with its keys sorted recursively (custom resources come back that way). */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isPlainObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}
