import { isPlainObject } from './flatten.ts';

/**
 * Go's notion of an empty value as mergo sees decoded JSON: absent, `null`, `""`, `0`,
 * `false`, an empty list or an empty map.
 */
function isEmptyGoValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.keys(value).length === 0;
  return false;
}

/**
 * `mergo.Merge(dst, src)` without override, as Argo CD merges a generator's `template`
 * (dst) with `spec.template` (src): the generator's non-empty fields win; empty fields and
 * missing keys are filled from `src`; objects (structs and maps such as labels) are merged
 * key by key; non-empty lists are kept whole. Returns a new value; inputs are not modified.
 */
export function mergeFillEmpty(dst: unknown, src: unknown): unknown {
  if (isPlainObject(dst) && isPlainObject(src)) {
    const out: Record<string, unknown> = { ...dst };
    for (const [k, v] of Object.entries(src)) out[k] = mergeFillEmpty(dst[k], v);
    return out;
  }
  if (isEmptyGoValue(dst)) return src === undefined ? dst : structuredClone(src);
  return dst;
}

/**
 * `mergo.Merge(dst, src, WithOverride)` on decoded JSON maps, as used by Go-mode matrix
 * and merge generators: `src` wins on every leaf, zero values and `null` included;
 * objects present on both sides are merged key by key; lists and scalars are replaced
 * whole. Returns a new object.
 */
export function mergeOverride(
  dst: Readonly<Record<string, unknown>>,
  src: Readonly<Record<string, unknown>>,
) {
  const out: Record<string, unknown> = { ...dst };
  for (const [k, v] of Object.entries(src)) {
    const d = out[k];
    out[k] = isPlainObject(d) && isPlainObject(v) ? mergeOverride(d, v) : v;
  }
  return out;
}
