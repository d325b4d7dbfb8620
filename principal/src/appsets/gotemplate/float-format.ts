/**
 * Go's `strconv.FormatFloat` for float64: the verbs e, E, f, g, G, b, x, X with
 * an explicit precision or -1 for the shortest representation that round-trips.
 * Rounding is done on the exact decimal expansion (half to even), as Go does.
 */

interface Digits {
  /** Significant decimal digits without trailing zeros ('' for zero). */
  d: string;
  /** Position of the decimal point: value = 0.d × 10^dp. */
  dp: number;
}

function bitsOf(x: number): { neg: boolean; mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const neg = hi >>> 31 === 1;
  const e = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (e === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = e - 1075;
  }
  return { neg, mant, exp };
}

function trimZeros(d: Digits): Digits {
  let end = d.d.length;
  while (end > 0 && d.d[end - 1] === '0') end--;
  return end === 0 ? { d: '', dp: 0 } : { d: d.d.slice(0, end), dp: d.dp };
}

/** The exact decimal expansion of |x|. */
function exactDigits(x: number): Digits {
  const { mant, exp } = bitsOf(x);
  if (mant === 0n) return { d: '', dp: 0 };
  if (exp >= 0) {
    const s = (mant << BigInt(exp)).toString();
    return trimZeros({ d: s, dp: s.length });
  }
  const s = (mant * 5n ** BigInt(-exp)).toString();
  return trimZeros({ d: s, dp: s.length + exp });
}

/** The shortest decimal digits that round-trip to |x|. */
function shortestDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const [m, e] = Math.abs(x).toExponential().split('e');
  return trimZeros({ d: m!.replace('.', ''), dp: Number(e) + 1 });
}

/** Rounds exact digits to `nd` significant digits, half to even. */
function roundTo(d: Digits, nd: number): Digits {
  if (nd < 0 || nd >= d.d.length) return d;
  const next = d.d.charCodeAt(nd) - 48;
  let up = next > 5;
  if (next === 5) {
    const exactHalf = nd + 1 === d.d.length;
    up = !exactHalf || (nd > 0 && (d.d.charCodeAt(nd - 1) - 48) % 2 === 1);
  }
  if (!up) return trimZeros({ d: d.d.slice(0, nd), dp: d.dp });
  const digits = d.d.slice(0, nd).split('');
  let i = nd - 1;
  while (i >= 0 && digits[i] === '9') {
    digits[i] = '0';
    i--;
  }
  if (i < 0) return { d: '1', dp: d.dp + 1 };
  digits[i] = String.fromCharCode(digits[i]!.charCodeAt(0) + 1);
  return trimZeros({ d: digits.join(''), dp: d.dp });
}

function fmtE(neg: boolean, d: Digits, prec: number, e: string): string {
  let s = neg ? '-' : '';
  s += d.d.length ? d.d[0] : '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += i < d.d.length ? d.d[i] : '0';
  }
  const exp = d.d.length ? d.dp - 1 : 0;
  const a = Math.abs(exp);
  return `${s}${e}${exp < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
}

function fmtF(neg: boolean, d: Digits, prec: number): string {
  let s = neg ? '-' : '';
  if (d.dp > 0) {
    for (let i = 0; i < d.dp; i++) s += i < d.d.length ? d.d[i] : '0';
  } else s += '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      s += j >= 0 && j < d.d.length ? d.d[j] : '0';
    }
  }
  return s;
}

function fmtB(x: number): string {
  const { neg, mant, exp } = bitsOf(x);
  return `${neg ? '-' : ''}${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

function fmtX(x: number, prec: number, upper: boolean): string {
  const { neg } = bitsOf(x);
  let { mant, exp } = bitsOf(x);
  let s = neg ? '-' : '';
  if (mant === 0n) exp = 0;
  else {
    // Normalise so that bit 52 is the leading 1.
    while (mant < 1n << 52n) {
      mant <<= 1n;
      exp--;
    }
    exp += 52;
  }
  const frac = mant & ((1n << 52n) - 1n);
  let lead = mant === 0n ? 0n : 1n;
  let hex = frac.toString(16).padStart(13, '0');
  if (prec >= 0 && prec < 13) {
    const shift = BigInt((13 - prec) * 4);
    const keep = frac >> shift;
    const rest = frac & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    let k = keep;
    if (rest > half || (rest === half && (keep & 1n) === 1n)) k++;
    if (k >> BigInt(prec * 4) > 0n) {
      lead++;
      k = 0n;
    }
    if (lead === 2n) {
      lead = 1n;
      exp++;
    }
    hex = prec === 0 ? '' : k.toString(16).padStart(prec, '0');
  } else {
    hex = hex.replace(/0+$/, '');
    if (prec > 13) hex = hex.padEnd(prec, '0');
  }
  s += `0x${lead}`;
  if (hex) s += `.${hex}`;
  const a = Math.abs(exp);
  s += `p${exp < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
  return upper ? s.toUpperCase() : s;
}

/** Go's `strconv.FormatFloat(x, fmt, prec, 64)`. */
export function formatFloat(x: number, fmt: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (fmt === 'b') return fmtB(x);
  if (fmt === 'x' || fmt === 'X') return fmtX(x, prec, fmt === 'X');
  const neg = x < 0 || Object.is(x, -0);
  const shortest = prec < 0;
  let d: Digits;
  if (shortest) {
    d = shortestDigits(x);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(d.d.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(d.d.length - d.dp, 0);
    else prec = d.d.length;
  } else {
    const exact = exactDigits(x);
    if (fmt === 'e' || fmt === 'E') d = roundTo(exact, prec + 1);
    else if (fmt === 'f') d = roundTo(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      d = roundTo(exact, prec);
    }
  }
  if (fmt === 'e' || fmt === 'E') return fmtE(neg, d, prec, fmt);
  if (fmt === 'f') return fmtF(neg, d, prec);
  // g, G
  let eprec = prec;
  if (eprec > d.d.length && d.d.length >= d.dp) eprec = d.d.length;
  if (shortest) eprec = 6;
  const exp = d.dp - 1;
  const e = fmt === 'G' ? 'E' : 'e';
  if (d.d.length === 0) return fmtF(neg, d, 0);
  if (exp < -4 || exp >= eprec) {
    if (prec > d.d.length) prec = d.d.length;
    return fmtE(neg, d, prec - 1, e);
  }
  if (prec > d.dp) prec = d.d.length;
  return fmtF(neg, d, Math.max(prec - d.dp, 0));
}
