/** Go's time.ParseDuration and Duration.String(), on bigint nanoseconds. */
import { GoFuncError } from '../func-types.ts';

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's time.ParseDuration, in nanoseconds. */
export function parseDuration(s: string): bigint {
  const orig = s;
  const quoted = JSON.stringify(orig);
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw new GoFuncError(`time: invalid duration ${quoted}`);
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[0] === '' || m[0] === '.') throw new GoFuncError(`time: invalid duration ${quoted}`);
    s = s.slice(m[0].length);
    const u = /^[^\d.]+/.exec(s);
    if (!u) throw new GoFuncError(`time: missing unit in duration ${quoted}`);
    const unit = UNITS[u[0]];
    if (unit === undefined)
      throw new GoFuncError(`time: unknown unit ${JSON.stringify(u[0])} in duration ${quoted}`);
    s = s.slice(u[0].length);
    total += BigInt(m[1] || '0') * unit;
    if (m[2]) total += (BigInt(m[2]) * unit) / 10n ** BigInt(m[2].length);
  }
  return neg ? -total : total;
}

function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let s = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) s = digit.toString() + s;
    v /= 10n;
  }
  return [print ? `.${s}` : '', v];
}

/** Go's Duration.String(). */
export function durationString(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s';
    let unit: string;
    let prec: number;
    if (u < 1000n) [unit, prec] = ['ns', 0];
    else if (u < 1_000_000n) [unit, prec] = ['µs', 3];
    else [unit, prec] = ['ms', 6];
    const [frac, rest] = fmtFrac(u, prec);
    out = `${rest}${frac}${unit}`;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}
