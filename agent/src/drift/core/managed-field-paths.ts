import { formatPointer } from './json-pointer.ts';

interface ManagedFieldsEntry {
  manager?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
}

/**
 * The JSON pointers of the fields that the given field managers own in a live object, read
 * from `metadata.managedFields` (FieldsV1: `f:` fields, `k:` keyed list items, `v:` set
 * values, `i:` indices), resolved against the live object so list items get their index.
 * Used for `ignoreDifferences.managedFieldsManagers`: fields another controller owns (an
 * HPA's `replicas`, say) are not drift.
 */
export function managedFieldPaths(live: unknown, managers: readonly string[]): string[] {
  if (managers.length === 0 || !isObject(live)) return [];
  const metadata = live.metadata;
  const entries =
    isObject(metadata) && Array.isArray(metadata.managedFields)
      ? (metadata.managedFields as ManagedFieldsEntry[])
      : [];
  const out = new Set<string>();
  for (const e of entries) {
    if (!e.manager || !managers.includes(e.manager) || (e.fieldsType && e.fieldsType !== 'FieldsV1'))
      continue;
    walk(e.fieldsV1, live, [], out);
  }
  return [...out].sort();
}

function walk(fields: unknown, value: unknown, path: (string | number)[], out: Set<string>): void {
  if (!isObject(fields)) return;
  const children = Object.keys(fields).filter((k) => k !== '.');
  if (children.length === 0) {
    if (path.length > 0) out.add(formatPointer(path));
    return;
  }
  for (const key of children) {
    const sub = fields[key];
    if (key.startsWith('f:')) {
      const name = key.slice(2);
      walk(sub, isObject(value) ? value[name] : undefined, [...path, name], out);
    } else if (key.startsWith('k:') || key.startsWith('v:') || key.startsWith('i:')) {
      if (!Array.isArray(value)) continue;
      const index = itemIndex(key, value);
      if (index >= 0) walk(sub, value[index], [...path, index], out);
    }
  }
}

function itemIndex(key: string, list: unknown[]): number {
  const body = key.slice(2);
  if (key.startsWith('i:')) return Number(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return -1;
  }
  if (key.startsWith('v:')) return list.findIndex((x) => JSON.stringify(x) === JSON.stringify(parsed));
  if (!isObject(parsed)) return -1;
  return list.findIndex(
    (x) =>
      isObject(x) &&
      Object.entries(parsed as Record<string, unknown>).every(
        ([k, v]) => JSON.stringify(x[k]) === JSON.stringify(v),
      ),
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
