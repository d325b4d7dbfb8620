/**
 * RFC 7386 JSON merge patch and Kubernetes strategic merge patch. A strategic patch merges
 * lists with a merge key (containers, ports, env, volumes, conditions, ...) item by item and
 * understands the `$patch: delete|replace` and `$retainKeys` directives and
 * `$deleteFromPrimitiveList/<field>`; other lists are replaced as in a merge patch.
 */
import type { FieldSchema } from './field-schema.ts';
import { keyElement } from './field-set.ts';
import { clone, isPlainObject } from './objects.ts';
import type { JsonObject } from './objects.ts';

/** Applies an RFC 7386 merge patch: objects merge, `null` deletes, everything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  const out: JsonObject = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/**
 * Applies a strategic merge patch. `schema` supplies merge keys (as the Go struct tags
 * `patchMergeKey` do); lists it calls atomic are replaced.
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown, schema: FieldSchema): unknown {
  return strategic(target, patch, [], schema);
}

function strategic(target: unknown, patch: unknown, names: string[], schema: FieldSchema): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  if (patch['$patch'] === 'replace') {
    const rest = { ...patch };
    delete rest['$patch'];
    return clone(rest);
  }
  const out: JsonObject = isPlainObject(target) ? { ...target } : {};
  const retain = patch['$retainKeys'];
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) out[field] = cur.filter((x) => !v.includes(x));
      continue;
    }
    if (k.startsWith('$setElementOrder/')) continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const path = [...names, k];
    if (Array.isArray(v)) out[k] = mergeList(out[k], v, path, schema);
    else if (isPlainObject(v) && v['$patch'] === 'delete') delete out[k];
    else out[k] = strategic(out[k], v, path, schema);
  }
  if (Array.isArray(retain)) {
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  return out;
}

function mergeList(target: unknown, patch: unknown[], names: string[], schema: FieldSchema): unknown[] {
  const lt = schema.listType(names);
  const current = Array.isArray(target) ? target : [];
  if (lt.type === 'set' && names[names.length - 1] === 'finalizers') {
    const out = [...current];
    for (const v of patch) if (!out.includes(v)) out.push(v);
    return out;
  }
  if (lt.type !== 'map' || !patch.every(isPlainObject)) {
    return patch.filter((x) => !(isPlainObject(x) && x['$patch'])).map((x) => clone(x));
  }
  if (patch.some((x) => isPlainObject(x) && x['$patch'] === 'replace')) {
    return patch.filter((x) => !(isPlainObject(x) && x['$patch'])).map((x) => clone(x));
  }
  const out = [...current];
  for (const item of patch as JsonObject[]) {
    const key = keyElement(item, lt.keys);
    const i = out.findIndex((x) => keyElement(x, lt.keys) === key);
    if (item['$patch'] === 'delete') {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) {
      out[i] = strategic(out[i], item, names, schema);
    } else {
      out.push(strategic(undefined, item, names, schema));
    }
  }
  return out;
}
