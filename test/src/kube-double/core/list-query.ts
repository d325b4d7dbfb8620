/**
 * LIST semantics: label and field selectors, name order, `limit`/`continue` pagination with
 * `remainingItemCount`, and the `meta.k8s.io/v1` Table rendering `kubectl get` asks for.
 */
import { badRequest } from './api-errors.ts';
import { getIn, isPlainObject } from './objects.ts';
import type { JsonObject } from './objects.ts';
import { fieldSelectorKeys, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.ts';
import type { Selector } from './selectors.ts';

/** The query parameters of a LIST or WATCH that filter objects. */
export interface ListFilter {
  labelSelector?: string;
  fieldSelector?: string;
}

/** A compiled filter. */
export type ObjectFilter = (obj: JsonObject) => boolean;

function labelsOf(obj: JsonObject): Record<string, string> {
  const m = isPlainObject(obj['metadata']) ? obj['metadata'] : {};
  return isPlainObject(m['labels']) ? (m['labels'] as Record<string, string>) : {};
}

/** Compiles selectors for objects of `kind`; a malformed selector is a 400 BadRequest. */
export function compileFilter(f: ListFilter, kind = ''): ObjectFilter {
  let labels: Selector;
  let fields: Selector;
  try {
    labels = parseLabelSelector(f.labelSelector);
    fields = parseFieldSelector(f.fieldSelector, kind);
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message);
    throw e;
  }
  const keys = f.fieldSelector ? fieldSelectorKeys(kind) : [];
  return (obj) => {
    const fieldValues: Record<string, string> = {};
    for (const k of keys) {
      const v = getIn(obj, k.split('.'));
      fieldValues[k] = v === undefined || v === null ? '' : String(v);
    }
    return labels.matches(labelsOf(obj)) && fields.matches(fieldValues);
  };
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeContinue(t: ContinueToken): string {
  return btoa(JSON.stringify(t)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(atob(token.replace(/-/g, '+').replace(/_/g, '/'))) as ContinueToken;
    if (typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad token');
    return t;
  } catch {
    throw badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}

function sortKey(obj: JsonObject, inNamespace: boolean): string {
  const m = isPlainObject(obj['metadata']) ? obj['metadata'] : {};
  return m['namespace'] && !inNamespace
    ? `/${String(m['namespace'])}/${String(m['name'])}`
    : `/${String(m['name'])}`;
}

/** One page of a list. */
export interface ListPage {
  items: JsonObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/**
 * Applies pagination to filtered items that are already sorted by namespace and name
 * (`inNamespace`: the list is of one namespace, so keys are relative to it).
 */
export function paginate(
  items: JsonObject[],
  currentRv: number,
  limit?: number,
  token?: string,
  inNamespace = false,
): ListPage {
  let rv = currentRv;
  let rest = items;
  if (token) {
    const t = decodeContinue(token);
    rv = t.rv;
    rest = items.filter((o) => `${sortKey(o, inNamespace)}\u0000` > t.start);
  }
  if (!limit || limit <= 0 || rest.length <= limit) return { items: rest, resourceVersion: String(rv) };
  const page = rest.slice(0, limit);
  const last = page[page.length - 1] as JsonObject;
  return {
    items: page,
    resourceVersion: String(rv),
    continue: encodeContinue({ v: 'meta.k8s.io/v1', rv, start: `${sortKey(last, inNamespace)}\u0000` }),
    remainingItemCount: rest.length - limit,
  };
}

/** Whether an Accept header asks for a Table (as `kubectl get` does). */
export function wantsTable(accept: string | undefined): boolean {
  return /as=Table/.test(accept ?? '');
}

function age(created: unknown, now: Date): string {
  if (typeof created !== 'string') return '<unknown>';
  const s = Math.max(0, Math.floor((now.getTime() - Date.parse(created)) / 1000));
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const d = Math.floor(h / 24);
  if (s < 120) return `${s}s`;
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (h < 3) return `${m}m`;
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  if (d < 8) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  return `${d}d`;
}

type Column = { name: string; type: string; format?: string; cell: (o: JsonObject) => unknown };

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const status = (o: JsonObject): JsonObject => (isPlainObject(o['status']) ? o['status'] : {});
const spec = (o: JsonObject): JsonObject => (isPlainObject(o['spec']) ? o['spec'] : {});

function columnsFor(kind: string): Column[] {
  switch (kind) {
    case 'ConfigMap':
      return [
        {
          name: 'Data',
          type: 'string',
          cell: (o) => Object.keys({ ...(o['data'] as object), ...(o['binaryData'] as object) }).length,
        },
      ];
    case 'Secret':
      return [
        { name: 'Type', type: 'string', cell: (o) => o['type'] ?? '' },
        { name: 'Data', type: 'string', cell: (o) => Object.keys((o['data'] as object) ?? {}).length },
      ];
    case 'Namespace':
      return [{ name: 'Status', type: 'string', cell: (o) => status(o)['phase'] ?? '' }];
    case 'Deployment':
      return [
        {
          name: 'Ready',
          type: 'string',
          cell: (o) => `${num(status(o)['readyReplicas'])}/${num(spec(o)['replicas'])}`,
        },
        { name: 'Up-to-date', type: 'integer', cell: (o) => num(status(o)['updatedReplicas']) },
        { name: 'Available', type: 'integer', cell: (o) => num(status(o)['availableReplicas']) },
      ];
    case 'StatefulSet':
      return [
        {
          name: 'Ready',
          type: 'string',
          cell: (o) => `${num(status(o)['readyReplicas'])}/${num(spec(o)['replicas'])}`,
        },
      ];
    case 'Pod':
      return [{ name: 'Status', type: 'string', cell: (o) => status(o)['phase'] ?? '' }];
    default:
      return [];
  }
}

/** Renders objects as a `meta.k8s.io/v1` Table with Name, kind-specific columns and Age. */
export function toTable(
  kind: string,
  items: JsonObject[],
  resourceVersion: string,
  now: Date,
  cont?: string,
): JsonObject {
  const cols: Column[] = [
    { name: 'Name', type: 'string', format: 'name', cell: (o) => (o['metadata'] as JsonObject)['name'] },
    ...columnsFor(kind),
    {
      name: 'Age',
      type: 'string',
      cell: (o) => age((o['metadata'] as JsonObject)['creationTimestamp'], now),
    },
  ];
  const metadata: JsonObject = { resourceVersion };
  if (cont) metadata['continue'] = cont;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: '',
      priority: 0,
    })),
    rows: items.map((o) => ({
      cells: cols.map((c) => c.cell(o)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o['metadata'] },
    })),
  };
}
