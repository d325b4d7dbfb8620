import { goSprintV } from './go-format.ts';

/** One param set as a generator emits it: flat string keys (flat mode) or nested values (Go mode). */
export type ParamSet = Record<string, unknown>;

const STRING_SLICE = Symbol('outpost.goStringSlice');

/**
 * Marks an array as a Go `[]string` (git `path.segments`). Argo CD's flattening only
 * descends into `[]interface{}`, so such a slice stays one leaf and prints as `[a b]`
 * when a post-selector looks at it.
 */
export function goStringSlice(values: string[]): string[] {
  Object.defineProperty(values, STRING_SLICE, { value: true, enumerable: false });
  return values;
}

function isStringSlice(value: unknown[]): boolean {
  return (value as unknown as Record<symbol, unknown>)[STRING_SLICE] === true;
}

/** True for a plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Flattens nested maps and arrays with `.` separators (`a.b.0.c`), like
 * jeremywohl/flatten's DotStyle: empty maps and empty arrays produce no key at all.
 * Leaves keep their type.
 */
export function flattenNested(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (value: unknown, key: string): void => {
    if (Array.isArray(value) && !isStringSlice(value)) {
      value.forEach((v, i) => walk(v, `${key}.${i}`));
    } else if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, `${key}.${k}`);
    } else {
      out[key] = value;
    }
  };
  for (const [k, v] of Object.entries(input)) walk(v, k);
  return out;
}

/**
 * Flattens and stringifies every leaf with Go `%v`, as Argo CD does for flat-mode git
 * file content and for post-selector matching (`1234567` → `1.234567e+06`, `null` →
 * `<nil>`).
 */
export function flattenToStrings(input: Record<string, unknown>): Record<string, string> {
  const flat = flattenNested(input);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(flat)) out[k] = goSprintV(v);
  return out;
}
