/**
 * Readers over a Kubernetes object held as plain JSON. Absent fields read as zero values
 * (0, '', []), as Argo CD's typed conversion leaves Go zero values and applies no API
 * defaults. A field that is present with the wrong type throws {@link FieldTypeError};
 * the dispatcher turns that into `Unknown`, as Argo CD does when its conversion fails.
 */

/** A Kubernetes object as parsed JSON. */
export type KubeObject = Record<string, unknown>;

/** A `status.conditions[]` entry. */
export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** A field holds a value of the wrong type (the object cannot be read as its kind). */
export class FieldTypeError extends Error {
  constructor(path: string, expected: string, value: unknown) {
    super(`cannot read ${path}: expected ${expected}, got ${Array.isArray(value) ? 'array' : typeof value}`);
    this.name = 'FieldTypeError';
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The value at a dotted path; undefined (or null) when a step is absent. */
export function field(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  let walked = '';
  for (const part of path.split('.')) {
    if (cur === undefined || cur === null) return undefined;
    if (!isMap(cur)) throw new FieldTypeError(walked || '<object>', 'an object', cur);
    cur = cur[part];
    walked = walked ? `${walked}.${part}` : part;
  }
  return cur;
}

/** A string field, '' when absent. */
export function str(obj: unknown, path: string): string {
  const v = field(obj, path);
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new FieldTypeError(path, 'a string', v);
  return v;
}

/** A number field, 0 when absent. */
export function num(obj: unknown, path: string): number {
  return optionalNum(obj, path) ?? 0;
}

/** A number field, undefined when absent (for optional fields such as `spec.replicas`). */
export function optionalNum(obj: unknown, path: string): number | undefined {
  const v = field(obj, path);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FieldTypeError(path, 'a number', v);
  return v;
}

/** A boolean field, false when absent. */
export function bool(obj: unknown, path: string): boolean {
  const v = field(obj, path);
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new FieldTypeError(path, 'a boolean', v);
  return v;
}

/** An array field, [] when absent. */
export function list(obj: unknown, path: string): unknown[] {
  const v = field(obj, path);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FieldTypeError(path, 'an array', v);
  return v;
}

/** Normalises one condition entry. */
export function toCondition(value: unknown): Condition {
  if (!isMap(value)) throw new FieldTypeError('status.conditions[]', 'an object', value);
  return {
    type: str(value, 'type'),
    status: str(value, 'status'),
    reason: str(value, 'reason'),
    message: str(value, 'message'),
  };
}

/** `status.conditions` as normalised conditions, in order. */
export function conditions(obj: unknown): Condition[] {
  return list(obj, 'status.conditions').map(toCondition);
}

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → ''). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The version of an `apiVersion` (`apps/v1` → `v1`). */
export function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}
