/**
 * managedFields bookkeeping: parse the entries of an object, record an Update (any write that
 * is not an apply) and serialise them back.
 */
import type { FieldSchema } from './field-schema.ts';
import { diffFields, fromFieldsV1, isUnder, toFieldsV1 } from './field-set.ts';
import { isPlainObject } from './objects.ts';
import type { JsonObject } from './objects.ts';

/** One managedFields entry with its field set decoded. */
export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
  fields: Set<string>;
}

/** Whether two entries are the same owner: same manager, operation and subresource. */
export function sameOwner(
  e: Pick<ManagerEntry, 'manager' | 'operation' | 'subresource'>,
  f: Pick<ManagerEntry, 'manager' | 'operation' | 'subresource'>,
): boolean {
  return (
    e.manager === f.manager && e.operation === f.operation && (e.subresource ?? '') === (f.subresource ?? '')
  );
}

/** Decodes `metadata.managedFields`; malformed entries are dropped. */
export function readManagedFields(obj: JsonObject | undefined): ManagerEntry[] {
  const list = isPlainObject(obj?.['metadata'])
    ? (obj['metadata'] as JsonObject)['managedFields']
    : undefined;
  if (!Array.isArray(list)) return [];
  const out: ManagerEntry[] = [];
  for (const e of list) {
    if (!isPlainObject(e) || typeof e['manager'] !== 'string') continue;
    const entry: ManagerEntry = {
      manager: e['manager'],
      operation: e['operation'] === 'Apply' ? 'Apply' : 'Update',
      apiVersion: typeof e['apiVersion'] === 'string' ? e['apiVersion'] : '',
      time: typeof e['time'] === 'string' ? e['time'] : '',
      fields: fromFieldsV1(e['fieldsV1']),
    };
    if (typeof e['subresource'] === 'string' && e['subresource'] !== '') entry.subresource = e['subresource'];
    out.push(entry);
  }
  return out;
}

/** Encodes entries as `metadata.managedFields`, dropping empty ones (as the real server does). */
export function writeManagedFields(entries: readonly ManagerEntry[]): JsonObject[] {
  return entries
    .filter((e) => e.fields.size > 0)
    .map((e) => {
      const out: JsonObject = {
        manager: e.manager,
        operation: e.operation,
        apiVersion: e.apiVersion,
        time: e.time,
        fieldsType: 'FieldsV1',
        fieldsV1: toFieldsV1(e.fields),
      };
      if (e.subresource) out['subresource'] = e.subresource;
      return out;
    });
}

/** Removes `key` and everything below it from a set. */
export function removeUnder(set: Set<string>, key: string): void {
  for (const k of [...set]) if (isUnder(k, key)) set.delete(k);
}

/** Who is writing, for managedFields. */
export interface WriteIdentity {
  manager: string;
  apiVersion: string;
  subresource?: string;
  /** The write time, RFC 3339 with seconds. */
  time: string;
}

/**
 * Records a non-apply write: the writer takes every field it added or changed (other owners
 * lose those), and removed fields leave every owner.
 */
export function recordUpdate(
  entries: ManagerEntry[],
  before: JsonObject | undefined,
  after: JsonObject,
  who: WriteIdentity,
  schema: FieldSchema,
): ManagerEntry[] {
  const { changed, removed } = diffFields(before ?? {}, after, schema);
  const out = entries.map((e) => ({ ...e, fields: new Set(e.fields) }));
  for (const e of out) {
    for (const k of changed) e.fields.delete(k);
    for (const k of removed) removeUnder(e.fields, k);
  }
  const me: ManagerEntry = {
    manager: who.manager,
    operation: 'Update',
    apiVersion: who.apiVersion,
    time: who.time,
    fields: new Set(),
  };
  if (who.subresource) me.subresource = who.subresource;
  let mine = out.find((e) => sameOwner(e, me));
  if (!mine) {
    if (changed.size === 0) return out;
    mine = me;
    out.push(mine);
  }
  for (const k of changed) mine.fields.add(k);
  if (changed.size > 0) {
    mine.time = who.time;
    mine.apiVersion = who.apiVersion;
  }
  return out;
}
