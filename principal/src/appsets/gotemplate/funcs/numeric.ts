/** sprig's numeric functions (numeric.go): integer math via cast.ToInt64, float math via decimals, conversions, seq/until. */
import type { GoFunc } from '../func-types.ts';
import { GoFuncError, fn } from '../func-types.ts';
import { formatValue } from '../printf.ts';
import type { GoInt } from '../values.ts';
import { typed } from '../values.ts';
import { int, int64, toFloat64, toInt64 } from './convert.ts';
import { decimalOp } from './decimal.ts';

function untilStep(start: number, stop: number, step: number): number[] {
  const v: number[] = [];
  if (stop < start) {
    if (step >= 0) return v;
    for (let i = start; i > stop; i += step) v.push(i);
    return v;
  }
  if (step <= 0) return v;
  for (let i = start; i < stop; i += step) v.push(i);
  return v;
}

const intList = (v: number[]): GoInt[] =>
  typed(
    v.map((x) => int(x)),
    'int',
  );

function seq(...params: GoInt[]): string {
  const p = params.map((x) => Number(x.v));
  let r: number[];
  switch (p.length) {
    case 1: {
      const inc = p[0]! < 1 ? -1 : 1;
      r = untilStep(1, p[0]! + inc, inc);
      break;
    }
    case 2: {
      const step = p[1]! < p[0]! ? -1 : 1;
      r = untilStep(p[0]!, p[1]! + step, step);
      break;
    }
    case 3: {
      let inc = 1;
      if (p[2]! < p[0]!) {
        inc = -1;
        if (p[1]! > 0) return '';
      }
      r = untilStep(p[0]!, p[2]! + inc, p[1]!);
      break;
    }
    default:
      return '';
  }
  return r.join(' ');
}

function round(a: unknown, p: GoInt, ...rOpt: number[]): number {
  const roundOn = rOpt.length > 0 ? rOpt[0] : 0.5;
  const val = toFloat64(a);
  const pow = 10 ** Number(p.v);
  const digit = pow * val;
  const frac = digit - Math.trunc(digit);
  return (frac >= roundOn! ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

function toDecimal(v: unknown): GoInt {
  const s = formatValue(v ?? null);
  if (!/^[+-]?[0-7]+$/.test(s)) return int64(0n);
  const n = BigInt(`0o${s.replace(/^[+-]/, '')}`) * (s.startsWith('-') ? -1n : 1n);
  return int64(BigInt.asIntN(64, n) === n ? n : 0n);
}

const I =
  (f: (...a: bigint[]) => bigint) =>
  (...a: unknown[]): GoInt =>
    int64(BigInt.asIntN(64, f(...a.map(toInt64))));

/** sprig's numeric functions. */
export function numericFuncs(): Record<string, GoFunc> {
  return {
    atoi: fn(['string'], (s: string) => (/^[+-]?\d+$/.test(s) ? int(BigInt(s)) : int(0))),
    int64: fn(['any'], (v: unknown) => int64(toInt64(v))),
    int: fn(['any'], (v: unknown) => int(toInt64(v))),
    float64: fn(['any'], toFloat64),
    toDecimal: fn(['any'], toDecimal),
    seq: fn([], seq, 'int'),
    until: fn(['int'], (c: GoInt) => intList(untilStep(0, Number(c.v), c.v < 0n ? -1 : 1))),
    untilStep: fn(['int', 'int', 'int'], (a: GoInt, b: GoInt, c: GoInt) =>
      intList(untilStep(Number(a.v), Number(b.v), Number(c.v))),
    ),
    add1: fn(
      ['any'],
      I((a) => a + 1n),
    ),
    add: fn(
      [],
      I((...a) => a.reduce((x, y) => x + y, 0n)),
      'any',
    ),
    sub: fn(
      ['any', 'any'],
      I((a, b) => a - b),
    ),
    div: fn(
      ['any', 'any'],
      I((a, b) => {
        if (b === 0n) throw new GoFuncError('runtime error: integer divide by zero');
        return a / b;
      }),
    ),
    mod: fn(
      ['any', 'any'],
      I((a, b) => {
        if (b === 0n) throw new GoFuncError('runtime error: integer divide by zero');
        return a % b;
      }),
    ),
    mul: fn(
      ['any'],
      I((...a) => a.reduce((x, y) => x * y, 1n)),
      'any',
    ),
    randInt: fn(['int', 'int'], (min: GoInt, max: GoInt) => {
      const span = Number(max.v - min.v);
      if (span <= 0) throw new GoFuncError('invalid argument to Intn');
      const buf = new Uint32Array(1);
      globalThis.crypto.getRandomValues(buf);
      return int(BigInt(buf[0]! % span) + min.v);
    }),
    add1f: fn(['any'], (a: unknown) => decimalOp(a, [1], 'add')),
    addf: fn([], (...v: unknown[]) => decimalOp(0, v, 'add'), 'any'),
    subf: fn(['any'], (a: unknown, ...v: unknown[]) => decimalOp(a, v, 'sub'), 'any'),
    divf: fn(['any'], (a: unknown, ...v: unknown[]) => decimalOp(a, v, 'div'), 'any'),
    mulf: fn(['any'], (a: unknown, ...v: unknown[]) => decimalOp(a, v, 'mul'), 'any'),
    biggest: fn(
      ['any'],
      (a: unknown, ...v: unknown[]) => int64(v.map(toInt64).reduce((x, y) => (y > x ? y : x), toInt64(a))),
      'any',
    ),
    max: fn(
      ['any'],
      (a: unknown, ...v: unknown[]) => int64(v.map(toInt64).reduce((x, y) => (y > x ? y : x), toInt64(a))),
      'any',
    ),
    min: fn(
      ['any'],
      (a: unknown, ...v: unknown[]) => int64(v.map(toInt64).reduce((x, y) => (y < x ? y : x), toInt64(a))),
      'any',
    ),
    maxf: fn(['any'], (a: unknown, ...v: unknown[]) => Math.max(toFloat64(a), ...v.map(toFloat64)), 'any'),
    minf: fn(['any'], (a: unknown, ...v: unknown[]) => Math.min(toFloat64(a), ...v.map(toFloat64)), 'any'),
    ceil: fn(['any'], (a: unknown) => Math.ceil(toFloat64(a))),
    floor: fn(['any'], (a: unknown) => Math.floor(toFloat64(a))),
    round: fn(['any', 'int'], round, 'float64'),
  };
}
