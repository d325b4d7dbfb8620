/**
 * Server-side apply: merge an apply configuration into the live object, detect conflicts with
 * other field managers, move ownership on `force`, and remove fields that the applier stopped
 * setting when nobody else owns them.
 */
import type { FieldSchema } from './field-schema.ts';
import { decodePath, fieldSetOf, formatPath, isUnder, keyElement, valueElement } from './field-set.ts';
import type { ManagerEntry, WriteIdentity } from './managed-fields.ts';
import { sameOwner } from './managed-fields.ts';
import { clone, deepEqual, isPlainObject } from './objects.ts';
import type { JsonObject } from './objects.ts';

/** One field another manager owns with a different value. */
export interface ApplyConflict {
  manager: string;
  /** Set when the owner wrote with an Update: the message then says `using <apiVersion>`. */
  apiVersion?: string;
  /** The field, rendered like `.data.color`. */
  field: string;
}

/** Result of an apply: the merged object and the new managedFields entries, or the conflicts. */
export type ApplyResult =
  { ok: true; object: JsonObject; entries: ManagerEntry[] } | { ok: false; conflicts: ApplyConflict[] };

/** Options of one apply request. */
export interface ApplyOptions {
  who: WriteIdentity;
  force: boolean;
  schema: FieldSchema;
}

/**
 * Applies `config` over `live` (undefined when the object does not exist yet) given the
 * current managedFields `entries`.
 */
export function serverSideApply(
  live: JsonObject | undefined,
  config: JsonObject,
  entries: readonly ManagerEntry[],
  opts: ApplyOptions,
): ApplyResult {
  const applied = fieldSetOf(config, opts.schema);
  const inner = new Set<string>();
  for (const k of applied) {
    const parts = decodePath(k);
    for (let i = 1; i < parts.length; i++) inner.add(parts.slice(0, i).join('\u0001'));
  }
  const me = { manager: opts.who.manager, operation: 'Apply' as const, subresource: opts.who.subresource };
  const conflicts: ApplyConflict[] = [];
  const conflicting = new Map<ManagerEntry, string[]>();
  for (const e of entries) {
    if (e.manager === me.manager) continue;
    for (const k of e.fields) {
      if (!applied.has(k) || inner.has(k)) continue;
      if (deepEqual(valueAt(live, k, opts.schema), valueAt(config, k, opts.schema))) continue;
      const c: ApplyConflict = { manager: e.manager, field: formatPath(k) };
      if (e.operation === 'Update') c.apiVersion = e.apiVersion;
      conflicts.push(c);
      conflicting.set(e, [...(conflicting.get(e) ?? []), k]);
    }
  }
  if (conflicts.length > 0 && !opts.force) return { ok: false, conflicts };

  const out = entries.map((e) => {
    const fields = new Set(e.fields);
    for (const k of conflicting.get(e) ?? []) fields.delete(k);
    return { ...e, fields };
  });
  const previous = out.find((e) => sameOwner(e, me));
  const object = mergeApply(clone(live ?? {}), config, [], opts.schema) as JsonObject;
  if (previous) {
    const others = out.filter((e) => e !== previous);
    const dropped = [...previous.fields].filter((k) => !applied.has(k));
    // Deepest first, so that an item is judged after its fields.
    dropped.sort((a, b) => decodePath(b).length - decodePath(a).length);
    for (const k of dropped) {
      const ownedElsewhere = others.some((e) => [...e.fields].some((f) => isUnder(f, k)));
      const stillApplied = [...applied].some((f) => isUnder(f, k));
      if (!ownedElsewhere && !stillApplied) removeAt(object, k, opts.schema);
    }
    previous.fields = applied;
    previous.time = opts.who.time;
    previous.apiVersion = opts.who.apiVersion;
  } else {
    const entry: ManagerEntry = {
      manager: me.manager,
      operation: 'Apply',
      apiVersion: opts.who.apiVersion,
      time: opts.who.time,
      fields: applied,
    };
    if (me.subresource) entry.subresource = me.subresource;
    out.push(entry);
  }
  return { ok: true, object, entries: out };
}

/** The message of a 409 for apply conflicts, worded like the real server. */
export function conflictMessage(conflicts: readonly ApplyConflict[]): string {
  const owner = (c: ApplyConflict) => `"${c.manager}"${c.apiVersion ? ` using ${c.apiVersion}` : ''}`;
  const n = conflicts.length;
  const head = `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: `;
  const first = conflicts[0];
  if (n === 1 && first) return `${head}conflict with ${owner(first)}: ${first.field}`;
  const byOwner = new Map<string, string[]>();
  for (const c of conflicts) byOwner.set(owner(c), [...(byOwner.get(owner(c)) ?? []), c.field]);
  return (
    head +
    [...byOwner]
      .map(([o, fields]) =>
        fields.length === 1
          ? `conflict with ${o}: ${fields[0]}`
          : `conflicts with ${o}:\n- ${fields.join('\n- ')}`,
      )
      .join('\n')
  );
}

/** The message of one conflict cause: `conflict with "mgr-a"`. */
export function conflictCauseMessage(c: ApplyConflict): string {
  return `conflict with "${c.manager}"${c.apiVersion ? ` using ${c.apiVersion}` : ''}`;
}

function mergeApply(live: unknown, config: unknown, names: string[], schema: FieldSchema): unknown {
  if (isPlainObject(config)) {
    if (!isPlainObject(live) || (names.length > 0 && schema.isAtomicMap(names))) return clone(config);
    const out: JsonObject = { ...live };
    for (const [k, v] of Object.entries(config)) {
      if (v === null) delete out[k];
      else out[k] = mergeApply(live[k], v, [...names, k], schema);
    }
    return out;
  }
  if (Array.isArray(config)) {
    const lt = schema.listType(names);
    if (lt.type === 'atomic' || !Array.isArray(live)) return clone(config);
    if (lt.type === 'set') {
      const out = [...live];
      for (const v of config) if (!out.some((x) => deepEqual(x, v))) out.push(clone(v));
      return out;
    }
    const out = [...live];
    for (const item of config) {
      const key = keyElement(item, lt.keys);
      const i = out.findIndex((x) => keyElement(x, lt.keys) === key);
      if (i >= 0) out[i] = mergeApply(out[i], item, names, schema);
      else out.push(clone(item));
    }
    return out;
  }
  return config;
}

function locate(
  obj: unknown,
  key: string,
  schema: FieldSchema,
): { parent: unknown; pe: string; names: string[] } | undefined {
  const parts = decodePath(key);
  let cur: unknown = obj;
  const names: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) {
    cur = step(cur, parts[i] ?? '', names, schema);
    if (cur === undefined) return undefined;
  }
  const pe = parts[parts.length - 1];
  return pe === undefined ? undefined : { parent: cur, pe, names };
}

function step(cur: unknown, pe: string, names: string[], schema: FieldSchema): unknown {
  if (pe.startsWith('f:')) {
    names.push(pe.slice(2));
    return isPlainObject(cur) ? cur[pe.slice(2)] : undefined;
  }
  if (!Array.isArray(cur)) return undefined;
  if (pe.startsWith('k:')) {
    const lt = schema.listType(names);
    const keys = lt.type === 'map' ? lt.keys : Object.keys(JSON.parse(pe.slice(2)) as object);
    return cur.find((x) => keyElement(x, keys) === pe);
  }
  return cur.find((x) => valueElement(x) === pe);
}

/** The value at an encoded path (a leaf, a list item or a map). */
export function valueAt(obj: unknown, key: string, schema: FieldSchema): unknown {
  const loc = locate(obj, key, schema);
  return loc ? step(loc.parent, loc.pe, [...loc.names], schema) : undefined;
}

/** Deletes the field, list item or set value at an encoded path. */
export function removeAt(obj: unknown, key: string, schema: FieldSchema): void {
  const loc = locate(obj, key, schema);
  if (!loc) return;
  const { parent, pe, names } = loc;
  if (pe.startsWith('f:')) {
    if (isPlainObject(parent)) delete parent[pe.slice(2)];
    return;
  }
  if (!Array.isArray(parent)) return;
  const target = step(parent, pe, [...names], schema);
  const i = parent.indexOf(target);
  if (i >= 0) parent.splice(i, 1);
}
