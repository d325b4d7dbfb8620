import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { LabelSelector } from '../../appsets/label-selector.ts';
import { compileLabelSelector } from '../../appsets/label-selector.ts';

/** Filters and paging every list endpoint takes from its query string. */
export interface ListQuery {
  selector?: LabelSelector;
  cluster?: string;
  appset?: string;
  sync?: string;
  health?: string;
  limit: number;
  offset: number;
}

/** A page of a list: `continue` is passed back to get the next page. */
export interface Page<T> {
  items: T[];
  total: number;
  continue?: string;
}

const MAX_LIMIT = 1000;

/**
 * Reads `selector` (Kubernetes syntax: `k=v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`,
 * comma-separated), `cluster`, `appset`, `sync`, `health`, `limit` (default 100, at most 1000)
 * and `continue`.
 * @throws OutpostError API_REQUEST_INVALID naming the parameter.
 */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const limitText = params.get('limit');
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw bad(`limit must be an integer from 1 to ${MAX_LIMIT}, got "${limitText}"`);
  }
  const cont = params.get('continue');
  const offset = cont ? Number(Buffer.from(cont, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw bad('continue is not a token from a previous page');
  const q: ListQuery = { limit, offset };
  const selector = params.get('selector');
  if (selector) q.selector = parseSelector(selector);
  for (const k of ['cluster', 'appset', 'sync', 'health'] as const) {
    const v = params.get(k);
    if (v) q[k] = v;
  }
  return q;
}

/** Cuts one page out of `items`. */
export function paginate<T>(items: readonly T[], q: ListQuery): Page<T> {
  const page = items.slice(q.offset, q.offset + q.limit);
  const next = q.offset + page.length;
  return {
    items: page,
    total: items.length,
    ...(next < items.length ? { continue: Buffer.from(String(next)).toString('base64url') } : {}),
  };
}

/** Case-insensitive equality for sync/health filters (`synced` matches `Synced`). */
export function sameState(filter: string | undefined, value: string): boolean {
  return filter === undefined || filter.toLowerCase() === value.toLowerCase();
}

/** Parses a Kubernetes label selector string into a compiled selector. */
export function parseSelector(text: string): LabelSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: { key: string; operator: string; values?: string[] }[] = [];
  for (const part of splitTopLevel(text)) {
    const set = /^\s*([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)\s*$/.exec(part);
    const ne = /^\s*([^\s!=]+)\s*!=\s*(\S*)\s*$/.exec(part);
    const eq = /^\s*([^\s!=]+)\s*==?\s*(\S*)\s*$/.exec(part);
    const not = /^\s*!\s*([^\s!=]+)\s*$/.exec(part);
    const has = /^\s*([^\s!=(),]+)\s*$/.exec(part);
    if (set) {
      const values = set[3]!
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      matchExpressions.push({ key: set[1]!, operator: set[2] === 'in' ? 'In' : 'NotIn', values });
    } else if (ne) matchExpressions.push({ key: ne[1]!, operator: 'NotIn', values: [ne[2]!] });
    else if (eq) matchLabels[eq[1]!] = eq[2]!;
    else if (not) matchExpressions.push({ key: not[1]!, operator: 'DoesNotExist' });
    else if (has) matchExpressions.push({ key: has[1]!, operator: 'Exists' });
    else throw bad(`selector part "${part.trim()}" is not understood`);
  }
  try {
    return compileLabelSelector({ matchLabels, matchExpressions }, { validateValues: true });
  } catch (e) {
    throw bad(`selector "${text}": ${(e as Error).message}`);
  }
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  return parts;
}

function bad(message: string): OutpostError {
  return new OutpostError(ErrorCodes.API_REQUEST_INVALID, message);
}
