/**
 * How template functions are declared: Go parameter types, variadic element type,
 * and the error a Go function returns. The evaluator checks arguments against these
 * types exactly as Go's `reflect`-based call does.
 */
import { GoInt, typeName } from './values.ts';
import type { IntType } from './values.ts';

/**
 * A Go parameter type: `any` is `interface{}`, `value` is `reflect.Value` (builtins
 * that see missing values), the rest are Go type names.
 */
export type ParamType =
  | 'any'
  | 'value'
  | 'string'
  | 'bool'
  | 'float64'
  | IntType
  | '[]interface {}'
  | '[]string'
  | 'map[string]interface {}'
  | 'time.Time'
  | '*semver.Version';

/** A function callable from templates. */
export interface GoFunc {
  params: readonly ParamType[];
  /** Element type of a trailing `...` parameter. */
  variadic?: ParamType;
  fn: (...args: never[]) => unknown;
  /** Builtins with special evaluation (short-circuit, callee name). */
  special?: 'and' | 'or' | 'call';
}

/** What template functions may observe of the outside world. */
export interface FuncEnv {
  /** The clock for now/ago and dates given as non-times. */
  now: () => Date;
}

/** The function map: name → function. */
export type FuncMap = ReadonlyMap<string, GoFunc>;

/** An error returned by a Go function (reported as `error calling NAME: message`). */
export class GoFuncError extends Error {}

/** Shorthand to declare a function. */
export function fn(
  params: readonly ParamType[],
  impl: (...args: never[]) => unknown,
  variadic?: ParamType,
): GoFunc {
  return { params, fn: impl, variadic };
}

const INT_TYPES = new Set(['int', 'int8', 'int16', 'int32', 'int64']);
const UINT_TYPES = new Set(['uint', 'uint8', 'uint16', 'uint32', 'uint64']);

/** Whether a Go type name is a signed integer type. */
export function isIntType(t: string): boolean {
  return INT_TYPES.has(t);
}
/** Whether a Go type name is an unsigned integer type. */
export function isUintType(t: string): boolean {
  return UINT_TYPES.has(t);
}

/** Whether Go's nil can be assigned to the type (interfaces, maps, slices, pointers). */
export function canBeNil(t: ParamType): boolean {
  return t === 'any' || t === 'value' || t.startsWith('[]') || t.startsWith('map[') || t.startsWith('*');
}

/** Whether a (non-nil) value is assignable to the type. */
export function assignable(v: unknown, t: ParamType): boolean {
  if (t === 'any' || t === 'value') return true;
  if (v instanceof GoInt) return v.t === t;
  return typeName(v) === t;
}
