/** sprig's defaults and flow control: default, empty, coalesce, all, any, compact, JSON, ternary, deepCopy, fail. */
import type { GoFunc } from '../func-types.ts';
import { GoFuncError, fn } from '../func-types.ts';
import { deepCopy } from '../values.ts';
import { empty, listOf } from './convert.ts';
import { marshalJson, unmarshalJson } from './json.ts';

function compact(list: unknown): unknown[] {
  return listOf(list, 'compact').filter((x) => !empty(x));
}

function safeJson(v: unknown, escapeHtml: boolean, indent: string): string {
  try {
    return marshalJson(v, escapeHtml, indent);
  } catch {
    return '';
  }
}

/** sprig's defaults, flow control and JSON functions. */
export function defaultFuncs(): Record<string, GoFunc> {
  return {
    default: fn(
      ['any'],
      (d: unknown, ...given: unknown[]) => (given.length === 0 || empty(given[0]) ? d : given[0]),
      'any',
    ),
    empty: fn(['any'], empty),
    coalesce: fn([], (...v: unknown[]) => v.find((x) => !empty(x)) ?? null, 'any'),
    all: fn([], (...v: unknown[]) => v.every((x) => !empty(x)), 'any'),
    any: fn([], (...v: unknown[]) => v.some((x) => !empty(x)), 'any'),
    compact: fn(['any'], compact),
    mustCompact: fn(['any'], compact),
    fromJson: fn(['string'], (s: string) => {
      try {
        return unmarshalJson(s);
      } catch {
        return null;
      }
    }),
    mustFromJson: fn(['string'], (s: string) => unmarshalJson(s)),
    toJson: fn(['any'], (v: unknown) => safeJson(v, true, '')),
    mustToJson: fn(['any'], (v: unknown) => marshalJson(v)),
    toPrettyJson: fn(['any'], (v: unknown) => safeJson(v, true, '  ')),
    mustToPrettyJson: fn(['any'], (v: unknown) => marshalJson(v, true, '  ')),
    toRawJson: fn(['any'], (v: unknown) => safeJson(v, false, '')),
    mustToRawJson: fn(['any'], (v: unknown) => marshalJson(v, false)),
    ternary: fn(['any', 'any', 'bool'], (t: unknown, f: unknown, c: boolean) => (c ? t : f)),
    deepCopy: fn(['any'], deepCopy),
    mustDeepCopy: fn(['any'], (v: unknown) => {
      if (v === null) throw new GoFuncError('copy: Must not be nil');
      return deepCopy(v);
    }),
    fail: fn(['string'], (msg: string) => {
      throw new GoFuncError(msg);
    }),
  };
}
