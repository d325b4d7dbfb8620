/**
 * Go's `fmt` printing for template values: `Sprint`, `Sprintln` and the verbs of `Sprintf`,
 * verbs %v %+v %#v %T %d %s %q %x %X %o %O %b %e %E %f %F %g %G %t %c %U, flags,
 * width and precision (also `*`), and Go's `%!verb(type=value)` error forms.
 */
import { canBackquote, goQuote, goQuoteRune } from './escapes.ts';
import { formatFloat } from './float-format.ts';
import { GoInt, isGoObject, sortedKeys, typeName, utf8 } from './values.ts';

/** fmt's per-directive state. */
export interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  prec: number;
  widPresent: boolean;
  precPresent: boolean;
}

/** Flags of a directive with nothing set. */
export function clearFlags(): Flags {
  return {
    plus: false,
    minus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
    wid: 0,
    prec: 0,
    widPresent: false,
    precPresent: false,
  };
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function pad(f: Flags, s: string, zeroOk = true): string {
  if (!f.widPresent || f.wid === 0) return s;
  const width = f.wid - runeCount(s);
  if (width <= 0) return s;
  if (f.minus) return s + ' '.repeat(width);
  return (f.zero && zeroOk ? '0' : ' ').repeat(width) + s;
}

function badVerb(f: Flags, verb: string, v: unknown): string {
  if (v === undefined || v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${printValue(f, v, 'v', 0)})`;
}

function fmtInteger(f: Flags, n: GoInt, verb: string): string {
  const neg = n.v < 0n;
  const abs = neg ? -n.v : n.v;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'v':
    case 'd':
      digits = abs.toString();
      break;
    case 'b':
      digits = abs.toString(2);
      if (f.sharp) prefix = '0b';
      break;
    case 'o':
    case 'O':
      digits = abs.toString(8);
      if (verb === 'O') prefix = '0o';
      else if (f.sharp && digits !== '0') prefix = '0';
      break;
    case 'x':
      digits = abs.toString(16);
      if (f.sharp) prefix = '0x';
      break;
    case 'X':
      digits = abs.toString(16).toUpperCase();
      if (f.sharp) prefix = '0X';
      break;
    case 'c':
      return pad(f, String.fromCodePoint(validRune(n)), false);
    case 'q':
      return pad(f, goQuoteRune(Number(n.v)), false);
    case 'U': {
      let s = `U+${abs.toString(16).toUpperCase().padStart(4, '0')}`;
      if (f.sharp && isValidRune(n)) s += ` '${String.fromCodePoint(Number(n.v))}'`;
      return pad(f, s, false);
    }
    default:
      return badVerb(f, verb, n);
  }
  if (f.precPresent) {
    if (f.prec === 0 && abs === 0n) digits = '';
    digits = digits.padStart(f.prec, '0');
  } else if (f.zero && f.widPresent && !f.minus) {
    let w = f.wid - prefix.length;
    if (neg || f.plus || f.space) w--;
    digits = digits.padStart(w, '0');
  }
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return pad({ ...f, zero: false }, sign + prefix + digits);
}

function isValidRune(n: GoInt): boolean {
  return n.v >= 0n && n.v <= 0x10ffffn && !(n.v >= 0xd800n && n.v <= 0xdfffn);
}

function validRune(n: GoInt): number {
  return isValidRune(n) ? Number(n.v) : 0xfffd;
}

function fmtFloat(f: Flags, x: number, verb: string): string {
  let conv = verb;
  let prec = -1;
  switch (verb) {
    case 'v':
      conv = 'g';
      break;
    case 'b':
    case 'g':
    case 'G':
    case 'x':
    case 'X':
      break;
    case 'f':
    case 'F':
    case 'e':
    case 'E':
      prec = 6;
      if (verb === 'F') conv = 'f';
      break;
    default:
      return badVerb(f, verb, x);
  }
  if (f.precPresent) prec = f.prec;
  let num = formatFloat(x, conv, prec);
  if (f.sharp && conv !== 'b' && !/[ni]/i.test(num.replace(/^[-+]/, '').slice(0, 1))) {
    if ((conv === 'g' || conv === 'G') && !num.includes('.')) {
      const m = /^([-+]?[0-9]+)(e.*)?$/i.exec(num);
      if (m) num = `${m[1]}.${m[2] ?? ''}`;
    }
  }
  let sign = '';
  if (num.startsWith('-') || num.startsWith('+')) {
    sign = num[0]!;
    num = num.slice(1);
  }
  if (sign === '' && f.plus) sign = '+';
  else if (sign === '' && f.space) sign = ' ';
  if (sign === '+' && !f.plus && num === 'Inf' && !f.space) sign = '+';
  const special = num === 'Inf' || num === 'NaN';
  if (num === 'Inf' && sign === '' && !f.plus) sign = '+';
  if (special && sign === '+' && !f.plus) sign = f.space ? ' ' : '';
  if (f.zero && !special && f.widPresent && !f.minus && f.wid > sign.length + num.length) {
    return sign + '0'.repeat(f.wid - sign.length - num.length) + num;
  }
  return pad({ ...f, zero: false }, sign + num);
}

function fmtString(f: Flags, s: string, verb: string): string {
  switch (verb) {
    case 'v':
      if (f.sharpV) return pad(f, goQuote(s));
      return pad(f, truncate(f, s));
    case 's':
      return pad(f, truncate(f, s));
    case 'q': {
      const t = truncate(f, s);
      return pad(f, f.sharp && canBackquote(t) ? `\`${t}\`` : goQuote(t));
    }
    case 'x':
    case 'X': {
      let bytes = utf8(s);
      if (f.precPresent) bytes = bytes.slice(0, f.prec);
      const parts = [...bytes].map((b) => {
        const h = b.toString(16).padStart(2, '0');
        return verb === 'X' ? h.toUpperCase() : h;
      });
      const px = f.sharp ? (verb === 'X' ? '0X' : '0x') : '';
      const out = f.space ? parts.map((p) => px + p).join(' ') : px + parts.join('');
      return pad(f, out);
    }
    default:
      return badVerb(f, verb, s);
  }
}

function truncate(f: Flags, s: string): string {
  if (!f.precPresent) return s;
  return [...s].slice(0, f.prec).join('');
}

function fmtBool(f: Flags, b: boolean, verb: string): string {
  if (verb === 't' || verb === 'v') return pad(f, b ? 'true' : 'false');
  return badVerb(f, verb, b);
}

function printValue(f: Flags, v: unknown, verb: string, depth: number): string {
  if (v === undefined || v === null) {
    if (depth === 0) return verb === 'v' || verb === 'T' ? pad(f, '<nil>') : badVerb(f, verb, v);
    return f.sharpV ? 'interface {}(nil)' : '<nil>';
  }
  if (typeof v === 'boolean') return fmtBool(f, v, verb);
  if (typeof v === 'number') return fmtFloat(f, v, verb);
  if (typeof v === 'string') return fmtString(f, v, verb);
  if (v instanceof GoInt) return fmtInteger(f, v, verb);
  if (isGoObject(v)) {
    if (f.sharpV) return v.goString();
    if ('vsxXq'.includes(verb)) return fmtString(f, v.goString(), verb === 'v' ? 's' : verb);
    return badVerb(f, verb, v);
  }
  if (v instanceof Uint8Array) {
    if (verb === 's' || verb === 'q' || verb === 'x' || verb === 'X')
      return fmtString(f, new TextDecoder().decode(v), verb);
    return printValue(
      f,
      [...v].map((b) => new GoInt('uint8', BigInt(b))),
      verb,
      depth,
    );
  }
  if (v instanceof Map) {
    const keys = sortedKeys(v);
    if (f.sharpV) {
      const body = keys.map((k) => `${goQuote(k)}:${printValue(f, v.get(k), verb, depth + 1)}`).join(', ');
      return `${typeName(v)}{${body}}`;
    }
    const body = keys
      .map((k) => `${printValue(f, k, verb, depth + 1)}:${printValue(f, v.get(k), verb, depth + 1)}`)
      .join(' ');
    return `map[${body}]`;
  }
  if (Array.isArray(v)) {
    if (f.sharpV) {
      const inner = { ...f };
      const body = v.map((x) => printValue(inner, x, verb, depth + 1)).join(', ');
      return `${typeName(v)}{${body}}`;
    }
    return `[${v.map((x) => printValue(f, x, verb, depth + 1)).join(' ')}]`;
  }
  if (typeof v === 'function') return f.sharpV ? `(${typeName(v)})(0x0)` : '0x0';
  return String(v);
}

/** Formats one value with one verb and no flags (fmt.Sprintf("%v", v) and friends). */
export function formatValue(v: unknown, verb = 'v'): string {
  if (verb === 'T') return typeName(v);
  return printValue(clearFlags(), v, verb, 0);
}

/** fmt's printArg: one operand with one verb under the directive's flags. */
export function printArg(f: Flags, v: unknown, verb: string): string {
  if (verb === 'T') return pad(f, typeName(v));
  if (verb === 'p') return badVerb(f, verb, v);
  return printValue(f, v, verb, 0);
}

/** Go's `fmt.Sprint`: spaces between operands when neither side is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const isString = typeof args[i] === 'string';
    if (i > 0 && !isString && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(args[i]);
  }
  return out;
}

/** Go's `fmt.Sprintln`: always spaces, then a newline. */
export function sprintln(args: readonly unknown[]): string {
  return `${args.map((a) => formatValue(a)).join(' ')}\n`;
}
