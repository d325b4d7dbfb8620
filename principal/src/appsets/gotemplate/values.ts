/**
 * Go's value model, as far as templates can observe it.
 *
 * - `undefined` is Go's invalid `reflect.Value` (a missing key, a nil dot);
 * - `null` is a nil held in an `interface{}` (a JSON `null`);
 * - JS `number` is `float64`, `string` is `string`, `boolean` is `bool`;
 * - {@link GoInt} carries Go's integer kinds (`int`, `int64`, `uint8`, ...);
 * - JS arrays are `[]interface {}` unless tagged with another element type;
 * - JS `Map`s with string keys are `map[string]interface {}` unless tagged.
 */

/** Go integer type names that templates can produce. */
export type IntType =
  'int' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64';

const INT_BITS: Record<IntType, [number, boolean]> = {
  int: [64, true],
  int8: [8, true],
  int16: [16, true],
  int32: [32, true],
  int64: [64, true],
  uint: [64, false],
  uint8: [8, false],
  uint16: [16, false],
  uint32: [32, false],
  uint64: [64, false],
};

/** A Go integer of a given type; `v` is already wrapped to the type's width. */
export class GoInt {
  readonly t: IntType;
  readonly v: bigint;
  constructor(t: IntType, v: bigint) {
    this.t = t;
    const [bits, signed] = INT_BITS[t];
    this.v = signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
  }
  get signed(): boolean {
    return INT_BITS[this.t][1];
  }
  toNumber(): number {
    return Number(this.v);
  }
  toString(): string {
    return this.v.toString();
  }
}

/** An `int` from a JS number or bigint (floats truncate toward zero like Go's conversion). */
export function goInt(n: number | bigint, t: IntType = 'int'): GoInt {
  if (typeof n === 'bigint') return new GoInt(t, n);
  if (!Number.isFinite(n)) return new GoInt(t, n > 0 ? -(1n << 63n) : -(1n << 63n));
  return new GoInt(t, BigInt(Math.trunc(n)));
}

const ELEM = Symbol('goElemType');

/** Tags an array or map with a Go element type other than `interface {}`. */
export function typed<T extends object>(container: T, elem: string): T {
  Object.defineProperty(container, ELEM, { value: elem, enumerable: false });
  return container;
}

/** The element type of a slice or map (`interface {}` unless tagged). */
export function elemType(container: object): string {
  return (container as { [ELEM]?: string })[ELEM] ?? 'interface {}';
}

/** A Go map with string keys (`map[string]interface {}` unless tagged). */
export type GoMap = Map<string, unknown>;

/** Whether a value is a Go map. */
export function isMap(v: unknown): v is GoMap {
  return v instanceof Map;
}

/** A value with a Go type name and a String() method (time.Time, *semver.Version, ...). */
export interface GoObject {
  readonly goType: string;
  goString(): string;
}

/** Whether a value is a Go object with a type name and String(). */
export function isGoObject(v: unknown): v is GoObject {
  return (
    typeof v === 'object' && v !== null && 'goType' in v && typeof (v as GoObject).goString === 'function'
  );
}

/** Go's `%T` of a value. */
export function typeName(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (v instanceof GoInt) return v.t;
  if (Array.isArray(v)) return `[]${elemType(v)}`;
  if (v instanceof Map) return `map[string]${elemType(v)}`;
  if (v instanceof Uint8Array) return '[]uint8';
  if (isGoObject(v)) return v.goType;
  if (typeof v === 'function') return 'func';
  return 'interface {}';
}

/** Go's reflect Kind name of a value (sprig `kindOf`). */
export function kindName(v: unknown): string {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (v instanceof GoInt) return v.t;
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof Map) return 'map';
  if (isGoObject(v)) return v.goType.startsWith('*') ? 'ptr' : 'struct';
  if (typeof v === 'function') return 'func';
  return 'invalid';
}

/** Go's template truth: the zero value of any type is false. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof GoInt) return v.v !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  return true;
}

/** Byte-wise (UTF-8 order) comparison of two strings, like Go's `<` on strings. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Map keys in Go's `fmtsort` order (strings byte-wise). */
export function sortedKeys(m: GoMap): string[] {
  return [...m.keys()].sort(compareStrings);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** A string from UTF-8 bytes (invalid sequences become U+FFFD). */
export function fromUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}

/** Converts decoded JSON/YAML data to Go values (objects become maps, numbers float64). */
export function fromJs(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return new GoInt('int64', v);
  if (v instanceof GoInt || v instanceof Map || isGoObject(v)) return v;
  if (Array.isArray(v)) return v.map(fromJs);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const m: GoMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, fromJs(x));
    return m;
  }
  return String(v);
}

/** Copies a Go value deeply (maps and slices; scalars are immutable). */
export function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out = v.map(deepCopy);
    return elemType(v) === 'interface {}' ? out : typed(out, elemType(v));
  }
  if (v instanceof Map) {
    const out: GoMap = new Map();
    for (const [k, x] of v) out.set(k, deepCopy(x));
    return elemType(v) === 'interface {}' ? out : typed(out, elemType(v));
  }
  return v;
}

/** Go's `reflect.DeepEqual` on template values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (a instanceof GoInt && b instanceof GoInt) return a.t === b.t && a.v === b.v;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (typeName(a) !== typeName(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (a instanceof Map && b instanceof Map) {
    if (typeName(a) !== typeName(b) || a.size !== b.size) return false;
    for (const [k, x] of a) if (!b.has(k) || !deepEqual(x, b.get(k))) return false;
    return true;
  }
  if (isGoObject(a) && isGoObject(b)) return a.goType === b.goType && a.goString() === b.goString();
  return a === b;
}
