/**
 * Go's string escapers: `strconv.Quote`/`QuoteRune`, and the template builtins
 * `html`, `js` and `urlquery` (`url.QueryEscape`).
 */
import { utf8 } from './values.ts';

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's `unicode.IsPrint`. */
export function isPrint(cp: number): boolean {
  if (cp === 0xfffd) return true;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

const HEX = '0123456789abcdef';

function escapeRune(cp: number, quote: number): string {
  if (cp === quote || cp === 0x5c) return `\\${String.fromCodePoint(cp)}`;
  if (isPrint(cp)) return String.fromCodePoint(cp);
  switch (cp) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${HEX[cp >> 4]}${HEX[cp & 15]}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** Go's `strconv.Quote`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, 0x22);
  return `${out}"`;
}

/** Go's `strconv.QuoteRune`. */
export function goQuoteRune(cp: number): string {
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp < 0) cp = 0xfffd;
  return `'${escapeRune(cp, 0x27)}'`;
}

/** Go's `strconv.CanBackquote`. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x60 || cp === 0xfeff) return false;
    if ((cp < 0x20 && cp !== 9) || cp === 0x7f) return false;
  }
  return true;
}

/** Go's `template.HTMLEscapeString`. */
export function htmlEscape(s: string): string {
  return s.replace(/["'&<>]/g, (c) =>
    c === '"' ? '&#34;' : c === "'" ? '&#39;' : c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;',
  );
}

/** Go's `template.JSEscapeString`. */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x5c) out += '\\\\';
    else if (cp === 0x27) out += "\\'";
    else if (cp === 0x22) out += '\\"';
    else if (cp === 0x3c || cp === 0x3e || cp === 0x26 || cp === 0x3d || cp < 0x20)
      out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else if (cp < 0x80 || isPrint(cp)) out += ch;
    else out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

function shouldEscape(c: number, mode: 'query' | 'path'): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return false;
  if (c === 0x2d || c === 0x5f || c === 0x2e || c === 0x7e) return false;
  if (mode === 'path') return !'$&+,/:;=@'.includes(String.fromCharCode(c));
  return true;
}

/** Go's `url.QueryEscape` (mode query) or `url.PathEscape` (mode path). */
export function urlEscape(s: string, mode: 'query' | 'path' = 'query'): string {
  let out = '';
  for (const b of utf8(s)) {
    if (b === 0x20 && mode === 'query') out += '+';
    else if (shouldEscape(b, mode)) out += `%${HEX[b >> 4]!.toUpperCase()}${HEX[b & 15]!.toUpperCase()}`;
    else out += String.fromCharCode(b);
  }
  return out;
}
