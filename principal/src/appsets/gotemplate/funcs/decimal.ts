/**
 * Just enough of shopspring/decimal for sprig's float functions (addf, subf, mulf,
 * divf): exact decimal arithmetic on the shortest decimal form of each float64,
 * division rounded to 16 places, then back to float64.
 */
import { formatFloat } from '../float-format.ts';
import { toFloat64 } from './convert.ts';

interface Dec {
  /** value = coef × 10^-scale */
  coef: bigint;
  scale: number;
}

function fromFloat(f: number): Dec {
  const s = formatFloat(f, 'e', -1);
  const m = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(s);
  if (!m) return { coef: 0n, scale: 0 };
  const digits = m[2] + (m[3] ?? '');
  let scale = digits.length - 1 - Number(m[4]);
  let coef = BigInt(digits);
  if (scale < 0) {
    coef *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { coef: m[1] ? -coef : coef, scale };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [a.coef * 10n ** BigInt(s - a.scale), b.coef * 10n ** BigInt(s - b.scale), s];
}

function toNumber(d: Dec): number {
  const neg = d.coef < 0n;
  let s = (neg ? -d.coef : d.coef).toString();
  if (d.scale > 0) {
    s = s.padStart(d.scale + 1, '0');
    s = `${s.slice(0, s.length - d.scale)}.${s.slice(s.length - d.scale)}`;
  }
  return Number((neg ? '-' : '') + s);
}

function div(a: Dec, b: Dec): Dec {
  if (b.coef === 0n) throw new Error('decimal division by 0');
  const precision = 16;
  // a/b rounded half away from zero to `precision` places.
  const num = a.coef * 10n ** BigInt(precision + b.scale + 1);
  const den = b.coef * 10n ** BigInt(a.scale);
  let q = num / den;
  const neg = q < 0n;
  if (neg) q = -q;
  q = (q + 5n) / 10n;
  return { coef: neg ? -q : q, scale: precision };
}

/** Folds `op` over `a` and `rest` as sprig's execDecimalOp does; returns a float64. */
export function decimalOp(a: unknown, rest: readonly unknown[], op: 'add' | 'sub' | 'mul' | 'div'): number {
  let acc = fromFloat(toFloat64(a));
  for (const x of rest) {
    const d = fromFloat(toFloat64(x));
    if (op === 'mul') acc = { coef: acc.coef * d.coef, scale: acc.scale + d.scale };
    else if (op === 'div') acc = div(acc, d);
    else {
      const [p, q, s] = align(acc, d);
      acc = { coef: op === 'add' ? p + q : p - q, scale: s };
    }
  }
  return toNumber(acc);
}
