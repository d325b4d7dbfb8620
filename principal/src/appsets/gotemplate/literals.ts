/**
 * Go literal syntax used inside actions: numbers (`strconv.ParseInt/ParseUint/ParseFloat`
 * with base prefixes and underscores), character constants and quoted strings
 * (`strconv.Unquote`).
 */
import type { NumberNode } from './nodes.ts';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

function underscoreOk(text: string): boolean {
  // Go's strconv.underscoreOK: underscores only separate digits (a base prefix counts as one).
  let s = text.replace(/^[+-]/, '');
  let saw = '^';
  let hex = false;
  if (/^0[bBoOxX]/.test(s)) {
    saw = '0';
    hex = /^0[xX]/.test(s);
    s = s.slice(2);
  }
  for (const c of s) {
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/** Parses an integer literal like Go's `strconv.ParseInt(text, 0, 64)` without the range check. */
export function parseIntLiteral(text: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text);
  if (!m) return undefined;
  if (text.includes('_') && !underscoreOk(text)) return undefined;
  let body = m[2]!.replace(/_/g, '');
  let v: bigint;
  if (/^0[xXbBoO]/.test(body)) {
    if (body.length === 2) return undefined;
    v = BigInt(body.toLowerCase());
  } else if (body.length > 1 && body[0] === '0') {
    body = body.slice(1);
    v = BigInt(`0o${body}`);
  } else v = BigInt(body);
  return m[1] === '-' ? -v : v;
}

/** Parses a float literal like Go's `strconv.ParseFloat(text, 64)` (decimal and hex forms). */
export function parseFloatLiteral(text: string): number | undefined {
  if (text.includes('_') && !underscoreOk(text)) return undefined;
  const s = text.replace(/_/g, '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s);
  if (hex && (hex[2] || hex[3])) {
    const mant = parseInt(hex[2]! + hex[3]! || '0', 16);
    const v = mant * 2 ** (Number(hex[4]) - 4 * hex[3]!.length);
    return hex[1] === '-' ? -v : v;
  }
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  return undefined;
}

/** Builds a number node as Go's `parse.newNumber` does; throws a message on bad syntax. */
export function newNumber(pos: number, text: string, isChar: boolean): NumberNode {
  const n: NumberNode = {
    type: 'number',
    pos,
    text,
    isInt: false,
    isUint: false,
    isFloat: false,
    int: 0n,
    float: 0,
  };
  if (isChar) {
    const s = unquoteChar(text);
    const cp = s.codePointAt(0)!;
    n.isInt = n.isUint = n.isFloat = true;
    n.int = BigInt(cp);
    n.float = cp;
    return n;
  }
  if (text.endsWith('i')) throw new Error(`illegal number syntax: ${JSON.stringify(text)}`);
  const i = parseIntLiteral(text);
  if (i !== undefined) {
    if (i >= 0n && i <= UINT64_MAX) {
      n.isUint = true;
    }
    if (i >= INT64_MIN && i <= INT64_MAX) {
      n.isInt = true;
    }
    if (n.isInt || n.isUint) {
      n.int = i;
      n.isFloat = true;
      n.float = Number(i);
      return n;
    }
  }
  const f = parseFloatLiteral(text);
  if (f !== undefined) {
    if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${JSON.stringify(text)}`);
    n.isFloat = true;
    n.float = f;
    if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
      n.isInt = true;
      n.int = BigInt(f);
      if (f >= 0) n.isUint = true;
    }
    return n;
  }
  throw new Error(`illegal number syntax: ${JSON.stringify(text)}`);
}

function readEscape(s: string, i: number, quote: string): [string, number] {
  const c = s[i];
  const simple: Record<string, string> = {
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
    '\\': '\\',
  };
  if (c! in simple) return [simple[c!]!, i + 1];
  if (c === quote) return [c, i + 1];
  if (c === 'x' || c === 'u' || c === 'U') {
    const len = c === 'x' ? 2 : c === 'u' ? 4 : 8;
    const hex = s.slice(i + 1, i + 1 + len);
    if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new Error('invalid syntax');
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff || (c !== 'x' && cp >= 0xd800 && cp <= 0xdfff)) throw new Error('invalid syntax');
    return [String.fromCodePoint(cp), i + 1 + len];
  }
  if (c! >= '0' && c! <= '7') {
    const oct = s.slice(i, i + 3);
    if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) throw new Error('invalid syntax');
    return [String.fromCharCode(parseInt(oct, 8)), i + 3];
  }
  throw new Error('invalid syntax');
}

/** Go's `strconv.Unquote` for "..." and `...` literals. */
export function unquote(lit: string): string {
  if (lit.startsWith('`')) return lit.slice(1, -1).replace(/\r/g, '');
  const body = lit.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length;) {
    if (body[i] === '\\') {
      const [ch, next] = readEscape(body, i + 1, '"');
      out += ch;
      i = next;
    } else {
      out += body[i];
      i++;
    }
  }
  return out;
}

/** The character of a Go character constant like `'a'` or `'\n'`. */
export function unquoteChar(lit: string): string {
  const body = lit.slice(1, -1);
  let ch: string;
  let rest: number;
  if (body[0] === '\\') [ch, rest] = readEscape(body, 1, "'");
  else {
    ch = String.fromCodePoint(body.codePointAt(0) ?? 0);
    rest = ch.length;
  }
  if (body.length === 0 || rest !== body.length) throw new Error(`malformed character constant: ${lit}`);
  return ch;
}
