/** RFC 6902 JSON Patch (`application/json-patch+json`), including `test` and `~0`/`~1` escapes. */
import { clone, deepEqual, isPlainObject } from './objects.ts';

/** A JSON Patch that cannot be applied; the HTTP layer turns it into a Status. */
export class PatchError extends Error {
  /** 422 for a failed `test` or a missing path, 400 for a malformed patch. */
  readonly code: 400 | 422;
  constructor(message: string, code: 400 | 422) {
    super(message);
    this.name = 'PatchError';
    this.code = code;
  }
}

function parsePointer(pointer: unknown): string[] {
  if (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/'))) {
    throw new PatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`, 400);
  }
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, path: string[], op: string): { parent: unknown; last: string } {
  let cur = doc;
  for (const seg of path.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isPlainObject(cur)) cur = cur[seg];
    else cur = undefined;
    if (cur === undefined)
      throw new PatchError(`${op} operation does not apply: doc is missing path: /${path.join('/')}`, 422);
  }
  return { parent: cur, last: path[path.length - 1] ?? '' };
}

function get(doc: unknown, path: string[]): unknown {
  let cur = doc;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isPlainObject(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

function remove(doc: unknown, path: string[]): unknown {
  const { parent, last } = parentOf(doc, path, 'remove');
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!(i >= 0 && i < parent.length))
      throw new PatchError(`remove operation does not apply: doc is missing path: /${path.join('/')}`, 422);
    return parent.splice(i, 1)[0];
  }
  if (isPlainObject(parent) && last in parent) {
    const v = parent[last];
    delete parent[last];
    return v;
  }
  throw new PatchError(`remove operation does not apply: doc is missing path: /${path.join('/')}`, 422);
}

function add(doc: unknown, path: string[], value: unknown, op: string): unknown {
  if (path.length === 0) return value;
  const { parent, last } = parentOf(doc, path, op);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!(i >= 0 && i <= parent.length))
      throw new PatchError(`${op} operation does not apply: index out of range`, 422);
    if (op === 'replace') parent[i] = value;
    else parent.splice(i, 0, value);
  } else if (isPlainObject(parent)) {
    if (op === 'replace' && !(last in parent)) {
      throw new PatchError(`replace operation does not apply: doc is missing key: /${path.join('/')}`, 422);
    }
    parent[last] = value;
  } else {
    throw new PatchError(`${op} operation does not apply: doc is missing path: /${path.join('/')}`, 422);
  }
  return doc;
}

/** Applies a JSON Patch to a copy of `doc`. */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new PatchError('a JSON patch must be a list of operations', 400);
  let out = clone(doc);
  for (const op of patch) {
    if (!isPlainObject(op)) throw new PatchError('a JSON patch operation must be an object', 400);
    const path = parsePointer(op['path']);
    switch (op['op']) {
      case 'add':
        out = add(out, path, clone(op['value']), 'add');
        break;
      case 'replace':
        out = add(out, path, clone(op['value']), 'replace');
        break;
      case 'remove':
        remove(out, path);
        break;
      case 'move': {
        const v = remove(out, parsePointer(op['from']));
        out = add(out, path, v, 'move');
        break;
      }
      case 'copy':
        out = add(out, path, clone(get(out, parsePointer(op['from']))), 'copy');
        break;
      case 'test':
        if (!deepEqual(get(out, path), op['value'])) {
          throw new PatchError(`testing value /${path.join('/')} failed: test failed`, 422);
        }
        break;
      default:
        throw new PatchError(`Unexpected kind: ${String(op['op'])}`, 400);
    }
  }
  return out;
}
