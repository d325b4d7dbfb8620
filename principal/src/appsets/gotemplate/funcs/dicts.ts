/** sprig's dictionary functions (dict.go) and the mergo-based merges. */
import type { GoFunc } from '../func-types.ts';
import { GoFuncError, fn } from '../func-types.ts';
import { typeName, typed } from '../values.ts';
import type { GoMap } from '../values.ts';
import { empty, strval } from './convert.ts';

function dict(...v: unknown[]): GoMap {
  const m: GoMap = new Map();
  for (let i = 0; i < v.length; i += 2) m.set(strval(v[i]), i + 1 < v.length ? v[i + 1] : '');
  return m;
}

function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const [k, sv] of src) {
    const dv = dst.get(k);
    if (dv instanceof Map && sv instanceof Map) mergeInto(dv, sv, overwrite);
    else if (!dst.has(k) || empty(dv) || overwrite) dst.set(k, sv);
  }
}

function merge(overwrite: boolean) {
  return (dst: GoMap | null, ...srcs: (GoMap | null)[]): GoMap => {
    const d = dst ?? new Map();
    for (const s of srcs) if (s) mergeInto(d, s, overwrite);
    return d;
  };
}

function dig(...ps: unknown[]): unknown {
  if (ps.length < 3) throw new GoFuncError('dig needs at least three arguments');
  let d = ps[ps.length - 1];
  const def = ps[ps.length - 2];
  const keys = ps.slice(0, -2);
  for (let i = 0; i < keys.length; i++) {
    if (!(d instanceof Map))
      throw new GoFuncError(
        `interface conversion: interface {} is ${typeName(d)}, not map[string]interface {}`,
      );
    const k = keys[i];
    if (typeof k !== 'string')
      throw new GoFuncError(`interface conversion: interface {} is ${typeName(k)}, not string`);
    if (!d.has(k)) return def;
    d = d.get(k);
  }
  return d;
}

const M = 'map[string]interface {}' as const;

/** sprig's dictionary functions. */
export function dictFuncs(): Record<string, GoFunc> {
  return {
    dict: fn([], dict, 'any'),
    get: fn([M, 'string'], (d: GoMap | null, k: string) => (d?.has(k) ? d.get(k) : '')),
    set: fn([M, 'string', 'any'], (d: GoMap, k: string, v: unknown) => {
      d.set(k, v);
      return d;
    }),
    unset: fn([M, 'string'], (d: GoMap, k: string) => {
      d.delete(k);
      return d;
    }),
    hasKey: fn([M, 'string'], (d: GoMap | null, k: string) => d?.has(k) ?? false),
    pluck: fn(
      ['string'],
      (k: string, ...ds: (GoMap | null)[]) => ds.filter((d) => d?.has(k)).map((d) => d!.get(k)),
      M,
    ),
    keys: fn(
      [],
      (...ds: (GoMap | null)[]) =>
        typed(
          ds.flatMap((d) => (d ? [...d.keys()] : [])),
          'string',
        ),
      M,
    ),
    values: fn([M], (d: GoMap | null) => (d ? [...d.values()] : [])),
    pick: fn([M], (d: GoMap, ...ks: string[]) => new Map([...d].filter(([k]) => ks.includes(k))), 'string'),
    omit: fn([M], (d: GoMap, ...ks: string[]) => new Map([...d].filter(([k]) => !ks.includes(k))), 'string'),
    merge: fn([M], merge(false), M),
    mustMerge: fn([M], merge(false), M),
    mergeOverwrite: fn([M], merge(true), M),
    mustMergeOverwrite: fn([M], merge(true), M),
    dig: fn([], dig, 'any'),
  };
}
