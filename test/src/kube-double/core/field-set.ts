/**
 * Field sets as the apiserver tracks them in `metadata.managedFields` (FieldsV1): paths made
 * of `f:<field>`, `k:<json keys>` (an item of a map-type list), `v:<json value>` (an item of a
 * set-type list), where a node that is itself a member and has children carries `".": {}`.
 *
 * A set is a `Set<string>` of encoded paths, which makes union, difference and
 * intersection plain set operations.
 */
import type { FieldSchema } from './field-schema.ts';
import { deepEqual, isPlainObject } from './objects.ts';

/** A path element: `f:name`, `k:{"name":"app"}` or `v:"alpha"`. */
export type PathElement = string;

const SEP = '\u0001';

/** Encodes a path as a set member. */
export function encodePath(path: readonly PathElement[]): string {
  return path.join(SEP);
}

/** Decodes a set member back into path elements. */
export function decodePath(key: string): PathElement[] {
  return key === '' ? [] : key.split(SEP);
}

/** True when `key` equals `prefix` or lies below it. */
export function isUnder(key: string, prefix: string): boolean {
  return key === prefix || key.startsWith(prefix + SEP);
}

/** Top-level metadata the apiserver never records in managedFields. */
const UNTRACKED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

function tracked(names: readonly string[], field: string): boolean {
  if (names.length === 0) return field !== 'apiVersion' && field !== 'kind';
  if (names.length === 1 && names[0] === 'metadata') return !UNTRACKED_METADATA.has(field);
  return true;
}

/** Defaults of key fields, applied before keys are compared (a port's protocol is TCP unless set). */
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

/** The `k:` element naming an item of a map-type list. Keys are sorted, like the real server. */
export function keyElement(item: unknown, keys: readonly string[]): PathElement {
  const obj = isPlainObject(item) ? item : {};
  const picked: Record<string, unknown> = {};
  for (const k of [...keys].sort()) {
    const v = obj[k] ?? KEY_DEFAULTS[k];
    if (v !== undefined) picked[k] = v;
  }
  return `k:${JSON.stringify(picked)}`;
}

/** The `v:` element naming an item of a set-type list. */
export function valueElement(value: unknown): PathElement {
  return `v:${JSON.stringify(value)}`;
}

/**
 * The fields an object (or an apply configuration) sets: every leaf, every list item (as a
 * member, the `".": {}` of an item) and every atomic list or map as one leaf. Maps are not
 * members themselves, as in an Apply entry.
 */
export function fieldSetOf(obj: unknown, schema: FieldSchema): Set<string> {
  const out = new Set<string>();
  walk(obj, [], [], out, schema);
  return out;
}

function walk(
  value: unknown,
  path: PathElement[],
  names: string[],
  out: Set<string>,
  schema: FieldSchema,
): void {
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => tracked(names, k) && value[k] != null);
    if (path.length > 0 && (Object.keys(value).length === 0 || schema.isAtomicMap(names))) {
      out.add(encodePath(path));
      return;
    }
    for (const k of keys) walk(value[k], [...path, `f:${k}`], [...names, k], out, schema);
    return;
  }
  if (Array.isArray(value)) {
    const lt = schema.listType(names);
    if (lt.type === 'atomic' || value.length === 0) {
      out.add(encodePath(path));
      return;
    }
    if (lt.type === 'set') {
      for (const v of value) out.add(encodePath([...path, valueElement(v)]));
      return;
    }
    for (const item of value) {
      const itemPath = [...path, keyElement(item, lt.keys)];
      out.add(encodePath(itemPath));
      if (!schema.isAtomicMap(names)) walk(item, itemPath, names, out, schema);
    }
    return;
  }
  out.add(encodePath(path));
}

/** `metadata` always exists, and so do the fields the schema calls implicit. */
function implicit(names: readonly string[], schema: FieldSchema): boolean {
  return (names.length === 1 && names[0] === 'metadata') || schema.isImplicit(names);
}

/** What an Update changed: fields added or modified (new maps and lists as members too) and fields removed. */
export interface FieldChanges {
  changed: Set<string>;
  removed: Set<string>;
}

/** Compares the object before and after a non-apply write, as the Update field manager does. */
export function diffFields(before: unknown, after: unknown, schema: FieldSchema): FieldChanges {
  const changes: FieldChanges = { changed: new Set(), removed: new Set() };
  diff(before, after, [], [], changes, schema);
  return changes;
}

function diff(
  before: unknown,
  after: unknown,
  path: PathElement[],
  names: string[],
  changes: FieldChanges,
  schema: FieldSchema,
): void {
  const key = encodePath(path);
  if (
    isPlainObject(after) &&
    (path.length === 0 || (Object.keys(after).length > 0 && !schema.isAtomicMap(names)))
  ) {
    const old = isPlainObject(before) ? before : undefined;
    if (path.length > 0 && old === undefined && !implicit(names, schema)) changes.changed.add(key);
    for (const k of Object.keys(after)) {
      if (!tracked(names, k) || after[k] == null) continue;
      diff(old?.[k], after[k], [...path, `f:${k}`], [...names, k], changes, schema);
    }
    if (old) {
      for (const k of Object.keys(old)) {
        if (tracked(names, k) && old[k] != null && after[k] == null) {
          changes.removed.add(encodePath([...path, `f:${k}`]));
        }
      }
    }
    return;
  }
  if (Array.isArray(after) && after.length > 0) {
    const lt = schema.listType(names);
    if (lt.type !== 'atomic') {
      const old = Array.isArray(before) ? before : undefined;
      if (old === undefined && before !== null && !implicit(names, schema)) changes.changed.add(key);
      if (lt.type === 'set') {
        const oldKeys = new Set((old ?? []).map(valueElement));
        const newKeys = new Set(after.map(valueElement));
        for (const k of newKeys) if (!oldKeys.has(k)) changes.changed.add(encodePath([...path, k]));
        for (const k of oldKeys) if (!newKeys.has(k)) changes.removed.add(encodePath([...path, k]));
        return;
      }
      const oldItems = new Map((old ?? []).map((item) => [keyElement(item, lt.keys), item] as const));
      const newKeys = new Set<string>();
      for (const item of after) {
        const pe = keyElement(item, lt.keys);
        newKeys.add(pe);
        const prev = oldItems.get(pe);
        if (prev === undefined) changes.changed.add(encodePath([...path, pe]));
        if (schema.isAtomicMap(names)) {
          if (prev !== undefined && !deepEqual(prev, item)) changes.changed.add(encodePath([...path, pe]));
        } else diffItem(prev, item, [...path, pe], names, changes, schema);
      }
      for (const pe of oldItems.keys()) if (!newKeys.has(pe)) changes.removed.add(encodePath([...path, pe]));
      return;
    }
  }
  if (before === undefined || !deepEqual(before, after)) changes.changed.add(key);
}

function diffItem(
  before: unknown,
  after: unknown,
  path: PathElement[],
  names: string[],
  changes: FieldChanges,
  schema: FieldSchema,
): void {
  const old = isPlainObject(before) ? before : {};
  if (!isPlainObject(after)) return;
  for (const k of Object.keys(after)) {
    if (after[k] != null) diff(old[k], after[k], [...path, `f:${k}`], [...names, k], changes, schema);
  }
  for (const k of Object.keys(old)) {
    if (old[k] != null && after[k] == null) changes.removed.add(encodePath([...path, `f:${k}`]));
  }
}

/** Serialises a set as FieldsV1 JSON (keys sorted, `"."` for members that have children). */
export function toFieldsV1(set: ReadonlySet<string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const members = new Set<Record<string, unknown>>();
  for (const key of set) {
    let node = root;
    for (const pe of decodePath(key)) {
      node[pe] ??= {};
      node = node[pe] as Record<string, unknown>;
    }
    members.add(node);
  }
  return finish(root, members);
}

function finish(
  node: Record<string, unknown>,
  members: Set<Record<string, unknown>>,
): Record<string, unknown> {
  const keys = Object.keys(node).sort();
  const out: Record<string, unknown> = {};
  if (keys.length > 0 && members.has(node)) out['.'] = {};
  for (const k of keys) out[k] = finish(node[k] as Record<string, unknown>, members);
  return out;
}

/** Parses FieldsV1 JSON into a set. */
export function fromFieldsV1(fields: unknown): Set<string> {
  const out = new Set<string>();
  const visit = (node: unknown, path: PathElement[]): void => {
    if (!isPlainObject(node)) return;
    const keys = Object.keys(node);
    if (path.length > 0 && (keys.length === 0 || keys.includes('.'))) out.add(encodePath(path));
    for (const k of keys) if (k !== '.') visit(node[k], [...path, k]);
  };
  visit(fields, []);
  return out;
}

/** Renders a path the way conflict messages do: `.spec.containers[name="app"].image`. */
export function formatPath(key: string): string {
  let out = '';
  for (const pe of decodePath(key)) {
    if (pe.startsWith('f:')) out += `.${pe.slice(2)}`;
    else if (pe.startsWith('k:')) {
      const keys = JSON.parse(pe.slice(2)) as Record<string, unknown>;
      out += `[${Object.entries(keys)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    } else if (pe.startsWith('v:')) out += `[=${pe.slice(2)}]`;
  }
  return out;
}
