/** sprig's string functions (strings.go, functions.go), with Go's byte-based slicing. */
import { goQuote } from '../escapes.ts';
import type { GoFunc } from '../func-types.ts';
import { fn } from '../func-types.ts';
import { sprintf } from '../sprintf.ts';
import type { GoInt } from '../values.ts';
import { compareStrings, fromUtf8, typed, utf8 } from '../values.ts';
import { strslice, strval } from './convert.ts';

const n = (v: GoInt): number => Number(v.v);

function byteSlice(s: string, start: number, end?: number): string {
  return fromUtf8(utf8(s).slice(start, end));
}
const byteLen = (s: string): number => utf8(s).length;

function trunc(c: GoInt, s: string): string {
  const len = byteLen(s);
  const k = n(c);
  if (k < 0 && len + k > 0) return byteSlice(s, len + k);
  if (k >= 0 && len > k) return byteSlice(s, 0, k);
  return s;
}

function substr(start: GoInt, end: GoInt, s: string): string {
  const a = n(start);
  const b = n(end);
  if (a < 0) return byteSlice(s, 0, b);
  if (b < 0 || b > byteLen(s)) return byteSlice(s, a);
  return byteSlice(s, a, b);
}

function abbreviateFull(str: string, offset: number, maxWidth: number): string {
  if (str === '' || maxWidth < 4) return str;
  const len = str.length;
  if (len <= maxWidth) return str;
  if (offset > len) offset = len;
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  if (offset <= 4) return `${str.slice(0, maxWidth - 3)}...`;
  if (maxWidth < 7) return str;
  if (offset + maxWidth - 3 < len) return `...${abbreviateFull(str.slice(offset), 0, maxWidth - 3)}`;
  return `...${str.slice(len - (maxWidth - 3))}`;
}

const isSpaceRune = (c: string): boolean => /^\s$/u.test(c);

function initials(s: string): string {
  let out = '';
  let gap = true;
  for (const c of s) {
    if (isSpaceRune(c)) gap = true;
    else if (gap) {
      out += c;
      gap = false;
    }
  }
  return out;
}

function uncapitalize(s: string): string {
  let out = '';
  let gap = true;
  for (const c of s) {
    if (isSpaceRune(c)) {
      gap = true;
      out += c;
    } else if (gap) {
      out += c.toLowerCase();
      gap = false;
    } else out += c;
  }
  return out;
}

function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    const sep = !/^[\p{L}\p{N}_']$/u.test(prev);
    out += sep ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

function swapcase(s: string): string {
  let out = '';
  for (const c of s) out += c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
  return out;
}

/** goutils.WrapCustom (byte offsets; ASCII text is the common case). */
function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLong: boolean): string {
  if (str === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const len = str.length;
  let offset = 0;
  let out = '';
  while (len - offset > wrapLength) {
    if (str[offset] === ' ') {
      offset++;
      continue;
    }
    const end = wrapLength + offset + 1;
    const space = str.slice(offset, end).lastIndexOf(' ') + offset;
    if (space >= offset) {
      out += str.slice(offset, space) + newLine;
      offset = space + 1;
    } else if (wrapLong) {
      out += str.slice(offset, wrapLength + offset) + newLine;
      offset += wrapLength;
    } else {
      const e = wrapLength + offset;
      const idx = str.slice(e).indexOf(' ');
      if (idx === -1) {
        out += str.slice(offset);
        offset = len;
      } else {
        out += str.slice(offset, idx + e) + newLine;
        offset = idx + e + 1;
      }
    }
  }
  return out + str.slice(offset);
}

/** Splits into words at separators and case changes ("HTTPServer" → HTTP, Server). */
function words(s: string): string[] {
  const out: string[] = [];
  for (const chunk of s.split(/[^\p{L}\p{N}]+/u)) {
    if (!chunk) continue;
    const parts = chunk.match(/\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?[\p{Ll}\p{N}]+|\p{Lu}+|\p{N}+/gu) ?? [chunk];
    out.push(...parts);
  }
  return out;
}

function camelcase(s: string): string {
  let i = 0;
  let out = '';
  while (i < s.length && s[i] === '_') out += s[i++];
  if (i >= s.length) return out;
  const rest = [...s.slice(i)];
  let prev = '_';
  for (const c of rest) {
    if (prev === '_' && c === '_') {
      out += '_';
      continue;
    }
    if (c !== '_') out += prev === '_' ? c.toUpperCase() : c;
    prev = c;
  }
  if (prev === '_' && !out.endsWith('_')) out += '_';
  return out;
}

function indent(spaces: GoInt, v: string): string {
  const pad = ' '.repeat(Math.max(n(spaces), 0));
  return pad + v.replaceAll('\n', `\n${pad}`);
}

function cat(...v: unknown[]): string {
  const kept = v.filter((x) => x !== null && x !== undefined);
  return sprintf(kept.map(() => '%v').join(' '), kept);
}

function base64Decode(s: string, alphabet: string, pad: boolean): Uint8Array | string {
  const clean = pad ? s : s;
  if (clean.length % (alphabet.length === 64 ? 4 : 8) !== 0) return 'illegal base64 data at input byte 0';
  const bits = alphabet.length === 64 ? 6 : 5;
  const out: number[] = [];
  let acc = 0;
  let nbits = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (c === '=') break;
    const v = alphabet.indexOf(c!);
    if (v < 0) return `illegal ${bits === 6 ? 'base64' : 'base32'} data at input byte ${i}`;
    acc = (acc << bits) | v;
    nbits += bits;
    if (nbits >= 8) {
      nbits -= 8;
      out.push((acc >> nbits) & 0xff);
    }
  }
  return new Uint8Array(out);
}

function baseEncode(bytes: Uint8Array, alphabet: string): string {
  const bits = alphabet.length === 64 ? 6 : 5;
  const group = bits === 6 ? 4 : 8;
  let out = '';
  let acc = 0;
  let nbits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    nbits += 8;
    while (nbits >= bits) {
      nbits -= bits;
      out += alphabet[(acc >> nbits) & ((1 << bits) - 1)];
    }
    acc &= (1 << nbits) - 1;
  }
  if (nbits > 0) out += alphabet[(acc << (bits - nbits)) & ((1 << bits) - 1)];
  while (out.length % group !== 0) out += '=';
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Standard base64 of bytes (Go's base64.StdEncoding). */
export function base64Encode(bytes: Uint8Array): string {
  return baseEncode(bytes, B64);
}
/** Decodes standard base64; returns Go's error text as a string on bad input. */
export function base64DecodeBytes(s: string): Uint8Array | string {
  return base64Decode(s, B64, true);
}

function decodeToString(r: Uint8Array | string): string {
  return typeof r === 'string' ? r : fromUtf8(r);
}

/** sprig's string functions. */
export function stringFuncs(): Record<string, GoFunc> {
  const s1 = (f: (s: string) => unknown): GoFunc => fn(['string'], f);
  const s2 = (f: (a: string, b: string) => unknown): GoFunc => fn(['string', 'string'], f);
  return {
    hello: fn([], () => 'Hello!'),
    abbrev: fn(['int', 'string'], (w: GoInt, s: string) => (n(w) < 4 ? s : abbreviateFull(s, 0, n(w)))),
    abbrevboth: fn(['int', 'int', 'string'], (l: GoInt, r: GoInt, s: string) =>
      n(r) < 4 || (n(l) > 0 && n(r) < 7) ? s : abbreviateFull(s, n(l), n(r)),
    ),
    trunc: fn(['int', 'string'], trunc),
    trim: s1((s) => s.replace(/^\s+|\s+$/gu, '')),
    upper: s1((s) => s.toUpperCase()),
    lower: s1((s) => s.toLowerCase()),
    title: s1(title),
    untitle: s1(uncapitalize),
    substr: fn(['int', 'int', 'string'], substr),
    repeat: fn(['int', 'string'], (c: GoInt, s: string) => s.repeat(Math.max(n(c), 0))),
    trimall: s2((a, b) => trimSet(b, a)),
    trimAll: s2((a, b) => trimSet(b, a)),
    trimSuffix: s2((a, b) => (b.endsWith(a) ? b.slice(0, b.length - a.length) : b)),
    trimPrefix: s2((a, b) => (b.startsWith(a) ? b.slice(a.length) : b)),
    nospace: s1((s) => s.replace(/\s/gu, '')),
    initials: s1(initials),
    swapcase: s1(swapcase),
    snakecase: s1((s) =>
      words(s)
        .map((w) => w.toLowerCase())
        .join('_'),
    ),
    camelcase: s1(camelcase),
    kebabcase: s1((s) =>
      words(s)
        .map((w) => w.toLowerCase())
        .join('-'),
    ),
    wrap: fn(['int', 'string'], (l: GoInt, s: string) => wrapCustom(s, n(l), '', false)),
    wrapWith: fn(['int', 'string', 'string'], (l: GoInt, sep: string, s: string) =>
      wrapCustom(s, n(l), sep, true),
    ),
    contains: s2((sub, s) => s.includes(sub)),
    hasPrefix: s2((p, s) => s.startsWith(p)),
    hasSuffix: s2((p, s) => s.endsWith(p)),
    quote: fn(
      [],
      (...v: unknown[]) =>
        v
          .filter((x) => x !== null)
          .map((x) => goQuote(strval(x)))
          .join(' '),
      'any',
    ),
    squote: fn(
      [],
      (...v: unknown[]) =>
        v
          .filter((x) => x !== null)
          .map((x) => `'${strval(x)}'`)
          .join(' '),
      'any',
    ),
    cat: fn([], cat, 'any'),
    indent: fn(['int', 'string'], indent),
    nindent: fn(['int', 'string'], (c: GoInt, v: string) => `\n${indent(c, v)}`),
    replace: fn(['string', 'string', 'string'], (o: string, nw: string, s: string) => s.replaceAll(o, nw)),
    plural: fn(['string', 'string', 'int'], (one: string, many: string, c: GoInt) =>
      c.v === 1n ? one : many,
    ),
    toString: fn(['any'], strval),
    split: s2((sep, s) => {
      const m = typed(new Map<string, unknown>(), 'string');
      goSplit(s, sep, -1).forEach((p, i) => m.set(`_${i}`, p));
      return m;
    }),
    splitList: s2((sep, s) => typed(goSplit(s, sep, -1), 'string')),
    splitn: fn(['string', 'int', 'string'], (sep: string, c: GoInt, s: string) => {
      const m = typed(new Map<string, unknown>(), 'string');
      goSplit(s, sep, n(c)).forEach((p, i) => m.set(`_${i}`, p));
      return m;
    }),
    toStrings: fn(['any'], strslice),
    join: fn(['string', 'any'], (sep: string, v: unknown) => strslice(v).join(sep)),
    sortAlpha: fn(['any'], (v: unknown) => {
      if (!Array.isArray(v)) return typed([strval(v)], 'string');
      return typed(strslice(v).sort(compareStrings), 'string');
    }),
    b64enc: s1((s) => baseEncode(utf8(s), B64)),
    b64dec: s1((s) => decodeToString(base64Decode(s, B64, true))),
    b32enc: s1((s) => baseEncode(utf8(s), B32)),
    b32dec: s1((s) => decodeToString(base64Decode(s, B32, true))),
  };
}

function trimSet(s: string, cutset: string): string {
  const set = new Set([...cutset]);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a]!)) a++;
  while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

/** Go's strings.SplitN (n < 0: all; sep "": split into characters). */
export function goSplit(s: string, sep: string, count: number): string[] {
  if (count === 0) return [];
  if (sep === '') {
    const chars = [...s];
    if (count < 0 || count >= chars.length) return chars;
    return [...chars.slice(0, count - 1), chars.slice(count - 1).join('')];
  }
  const parts = s.split(sep);
  if (count < 0 || parts.length <= count) return parts;
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join(sep)];
}
