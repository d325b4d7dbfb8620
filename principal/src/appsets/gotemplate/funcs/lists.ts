/** sprig's list functions (list.go), including sprig's `slice` that Argo CD uses in place of Go's. */
import type { GoFunc } from '../func-types.ts';
import { GoFuncError, fn } from '../func-types.ts';
import type { GoInt } from '../values.ts';
import { deepEqual, elemType, kindName, typed } from '../values.ts';
import { listOf, toInt64 } from './convert.ts';

const keepType = <T extends unknown[]>(src: unknown[], out: T): T =>
  elemType(src) === 'interface {}' ? out : typed(out, elemType(src));

function uniq(list: unknown): unknown[] {
  const out: unknown[] = [];
  for (const x of listOf(list, 'find uniq')) if (!out.some((y) => deepEqual(x, y))) out.push(x);
  return out;
}

function slice(list: unknown, ...indices: unknown[]): unknown {
  if (!Array.isArray(list))
    throw new GoFuncError(`list should be type of slice or array but ${kindName(list)}`);
  if (list.length === 0) return null;
  const start = indices.length > 0 ? Number(toInt64(indices[0])) : 0;
  const end = indices.length < 2 ? list.length : Number(toInt64(indices[1]));
  if (start < 0 || end < start || end > list.length)
    throw new GoFuncError('reflect.Value.Slice: slice index out of bounds');
  return keepType(list, list.slice(start, end));
}

function has(needle: unknown, haystack: unknown): boolean {
  if (haystack === null || haystack === undefined) return false;
  return listOf(haystack, 'find has').some((x) => deepEqual(needle, x));
}

function chunk(size: GoInt, list: unknown): unknown[][] {
  const l = listOf(list, 'chunk');
  const n = Number(size.v);
  const out: unknown[][] = [];
  for (let i = 0; i < l.length; i += n) out.push(l.slice(i, i + n));
  return typed(out, '[]interface {}');
}

function concat(...lists: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const l of lists) {
    if (!Array.isArray(l)) throw new GoFuncError(`Cannot concat type ${kindName(l)} as list`);
    out.push(...l);
  }
  return out;
}

/** sprig's list functions. */
export function listFuncs(): Record<string, GoFunc> {
  const both = (name: string, f: GoFunc): Record<string, GoFunc> => ({
    [name]: f,
    [`must${name[0]!.toUpperCase()}${name.slice(1)}`]: f,
  });
  return {
    list: fn([], (...v: unknown[]) => v, 'any'),
    tuple: fn([], (...v: unknown[]) => v, 'any'),
    ...both(
      'append',
      fn(['any', 'any'], (l: unknown, v: unknown) => [...listOf(l, 'push'), v]),
    ),
    ...both(
      'push',
      fn(['any', 'any'], (l: unknown, v: unknown) => [...listOf(l, 'push'), v]),
    ),
    ...both(
      'prepend',
      fn(['any', 'any'], (l: unknown, v: unknown) => [v, ...listOf(l, 'prepend')]),
    ),
    ...both(
      'first',
      fn(['any'], (l: unknown) => listOf(l, 'find first')[0] ?? null),
    ),
    ...both(
      'last',
      fn(['any'], (l: unknown) => listOf(l, 'find last').at(-1) ?? null),
    ),
    ...both(
      'rest',
      fn(['any'], (l: unknown) => listOf(l, 'find rest').slice(1)),
    ),
    ...both(
      'initial',
      fn(['any'], (l: unknown) => listOf(l, 'find initial').slice(0, -1)),
    ),
    ...both(
      'reverse',
      fn(['any'], (l: unknown) => [...listOf(l, 'find reverse')].reverse()),
    ),
    ...both('uniq', fn(['any'], uniq)),
    ...both(
      'without',
      fn(
        ['any'],
        (l: unknown, ...omit: unknown[]) =>
          listOf(l, 'find without').filter((x) => !omit.some((o) => deepEqual(o, x))),
        'any',
      ),
    ),
    ...both('has', fn(['any', 'any'], has)),
    ...both('slice', fn(['any'], slice, 'any')),
    ...both('chunk', fn(['int', 'any'], chunk)),
    concat: fn([], concat, 'any'),
  };
}
