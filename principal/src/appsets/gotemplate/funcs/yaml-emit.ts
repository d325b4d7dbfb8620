/**
 * YAML output as Argo CD's `toYaml` produces it: sigs.k8s.io/yaml (JSON first, then
 * go-yaml v2). Keys sorted (go-yaml's natural order), block style, `- ` items at the
 * parent's indentation, strings quoted when YAML 1.1 would read them as another
 * type (double quotes) or when a plain scalar is not allowed (single quotes),
 * multi-line strings as literal blocks.
 */
import { formatFloat } from '../float-format.ts';
import { GoInt, isGoObject } from '../values.ts';

const YAML11_SPECIAL =
  /^(~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|<<)$/;

/** Whether go-yaml v2 would resolve the plain scalar to something other than a string. */
function resolvesToNonString(s: string): boolean {
  if (s === '' || YAML11_SPECIAL.test(s)) return true;
  const plain = s.replace(/_/g, '');
  if (/^[-+]?(0b[01]+|0x[0-9a-fA-F]+|0o?[0-7]+|0|[1-9][0-9]*)$/.test(plain)) return true;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return true;
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s)) return true;
  if (/^\d{4}-\d{1,2}-\d{1,2}(([Tt]|\s+)\d{1,2}:\d{2}:\d{2}(\.\d*)?\s*(Z|[-+]\d{1,2}(:\d{2})?)?)?$/.test(s))
    return true;
  return false;
}

/** go-yaml's emitter analysis: can the scalar be written plain in block context? */
function plainAllowed(s: string, isKey: boolean): boolean {
  if (s === '' || /^(---|\.\.\.)/.test(s)) return false;
  if (/^\s|\s$/.test(s)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s)) {
    if (!/^[-?:]/.test(s)) return false;
    if (s.length === 1 || /^[-?:]\s/.test(s)) return false;
  }
  if (/: |:$| #/.test(s)) return false;
  if (/[\n\r\t\u0085\u2028\u2029]/.test(s)) return false;
  if (/[^\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(s)) return false;
  if (isKey && s.length > 128) return false;
  return true;
}

function doubleQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, (_m, h: string) => `\\x${h.toUpperCase()}`);
}

const BEST_WIDTH = 80;

/**
 * go-yaml's line folding: at a single space past column 80 (not before another
 * space), the space becomes a line break indented by `cont` spaces.
 */
function fold(body: string, col: number, cont: number, style: 'plain' | 'single' | 'double'): string {
  const chars = [...body];
  let out = '';
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === ' ') {
      const inside = style === 'plain' || (i > 0 && i < chars.length - 1);
      const nextSpace = chars[i + 1] === ' ';
      if (!spaces && col > BEST_WIDTH && inside && (style === 'double' || !nextSpace)) {
        out += `\n${' '.repeat(cont)}`;
        col = cont;
        if (style === 'double' && nextSpace) {
          out += '\\';
          col++;
        }
      } else {
        out += c;
        col++;
      }
      spaces = true;
    } else {
      const piece = style === 'single' && c === "'" ? "''" : style === 'double' ? doubleEscape(c) : c;
      out += piece;
      col += [...piece].length;
      spaces = false;
    }
  }
  return out;
}

function doubleEscape(c: string): string {
  return JSON.stringify(c)
    .slice(1, -1)
    .replace(/\\u00([0-9a-f]{2})/g, (_m, h: string) => `\\x${h.toUpperCase()}`);
}

/** A scalar written where `col` characters already stand on the line; continuation lines indent by `cont`. */
function scalar(s: string, indent: string, isKey: boolean, col = 0, cont = indent.length + 2): string {
  if (
    !isKey &&
    s.includes('\n') &&
    !/[^\x20-\x7e\n\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(s)
  ) {
    const chomp = s.endsWith('\n') ? (s.endsWith('\n\n') ? '+' : '') : '-';
    const body = s.endsWith('\n') ? s.slice(0, -1) : s;
    const ind = /^[ \n]/.test(s) ? '2' : '';
    const lines = body.split('\n').map((l) => (l === '' ? '' : `${' '.repeat(cont)}${l}`));
    return `|${ind}${chomp}\n${lines.join('\n')}`;
  }
  const special = /[^\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(s);
  if (isKey) {
    if (resolvesToNonString(s) || special) return doubleQuote(s);
    return plainAllowed(s, true) ? s : `'${s.replace(/'/g, "''")}'`;
  }
  if (resolvesToNonString(s) || special) return `"${fold(s, col + 1, cont, 'double')}"`;
  if (plainAllowed(s, false)) return fold(s, col, cont, 'plain');
  return `'${fold(s, col + 1, cont, 'single')}'`;
}

/** go-yaml v2's map key order: natural order with digit runs compared as numbers. */
function keyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = /\p{L}/u.test(ar[i]!);
    const bl = /\p{L}/u.test(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && /\d/.test(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && /\d/.test(ar[ai]!); ai++) an = an * 10n + BigInt(ar[ai]!);
    for (; bi < br.length && /\d/.test(br[bi]!); bi++) bn = bn * 10n + BigInt(br[bi]!);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

function number(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return formatFloat(v, 'f', -1);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  return formatFloat(v, 'g', -1);
}

function inline(v: unknown, indent: string, col = 0): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return number(v);
  if (v instanceof GoInt) return v.v.toString();
  if (typeof v === 'string') return scalar(v, indent, false, col);
  if (isGoObject(v)) return scalar(v.goString(), indent, false, col);
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (v instanceof Map && v.size === 0) return '{}';
  return undefined;
}

function emit(v: unknown, indent: string): string {
  const simple = inline(v, indent);
  if (simple !== undefined) return simple;
  if (Array.isArray(v)) {
    return v
      .map((x) => {
        const s = inline(x, indent, indent.length + 2);
        if (s !== undefined) return `${indent}- ${s}`;
        const inner = emit(x, `${indent}  `);
        return `${indent}- ${inner.slice(indent.length + 2)}`;
      })
      .join('\n');
  }
  const m = v as Map<string, unknown>;
  const keys = [...m.keys()].sort((a, b) => (keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0));
  return keys
    .map((k) => {
      const key = scalar(k, indent, true);
      const x = m.get(k);
      const s = inline(x, indent, indent.length + [...key].length + 2);
      if (s !== undefined) return `${indent}${key}: ${s}`;
      if (Array.isArray(x)) return `${indent}${key}:\n${emit(x, indent)}`;
      return `${indent}${key}:\n${emit(x, `${indent}  `)}`;
    })
    .join('\n');
}

/** YAML text for a value, without the trailing newline (Argo CD trims it). */
export function toYaml(v: unknown): string {
  return emit(v, '');
}
