/**
 * Conversions sprig relies on: `strval`, `strslice`, spf13/cast's `ToInt64`/`ToInt`/
 * `ToFloat64`, sprig's `empty`, and list access through reflection (any slice).
 */
import { GoFuncError } from '../func-types.ts';
import { parseFloatLiteral, parseIntLiteral } from '../literals.ts';
import { formatValue } from '../printf.ts';
import { GoInt, isGoObject, isTrue, kindName, typed } from '../values.ts';

/** sprig `strval`: strings as is, Stringers by String(), the rest as `%v`. */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (isGoObject(v)) return v.goString();
  return formatValue(v ?? null);
}

/** sprig `strslice`: a list as strings, nil elements dropped; a non-list as one string. */
export function strslice(v: unknown): string[] {
  let out: string[];
  if (Array.isArray(v)) out = v.filter((x) => x !== null && x !== undefined).map(strval);
  else if (v === null || v === undefined) out = [];
  else out = [strval(v)];
  return typed(out, 'string');
}

/** sprig `empty`: Go's zero-value test (structs are never empty). */
export function empty(v: unknown): boolean {
  return !isTrue(v);
}

function trimZeroDecimal(s: string): string {
  const m = /^(.*?)\.0*$/.exec(s);
  return m && m[1] !== '' ? m[1]! : s;
}

/** spf13/cast `ToInt64` (errors give 0). */
export function toInt64(v: unknown): bigint {
  if (v instanceof GoInt) return v.v;
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : -(1n << 63n);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') {
    const n = parseIntLiteral(trimZeroDecimal(v));
    if (n === undefined || n < -(1n << 63n) || n >= 1n << 63n) return 0n;
    return n;
  }
  return 0n;
}

/** spf13/cast `ToFloat64` (errors give 0). */
export function toFloat64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof GoInt) return Number(v.v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseFloatLiteral(v.replace(/_/g, '#')) ?? 0;
  return 0;
}

/** An `int64` value. */
export const int64 = (v: bigint): GoInt => new GoInt('int64', v);
/** An `int` value. */
export const int = (v: bigint | number): GoInt => new GoInt('int', BigInt(v));

/** The elements of any slice, or an error naming the function like sprig does. */
export function listOf(v: unknown, what: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return [...v].map((b) => new GoInt('uint8', BigInt(b)));
  throw new GoFuncError(`Cannot ${what} on type ${kindName(v)}`);
}
