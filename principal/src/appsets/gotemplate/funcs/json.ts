/**
 * Go's encoding/json for template values: `json.Marshal` (sorted map keys, HTML
 * escaping, Go's float format), `MarshalIndent`, and `Unmarshal` into interface{}.
 */
import { GoFuncError } from '../func-types.ts';
import { formatFloat } from '../float-format.ts';
import { GoInt, isGoObject, sortedKeys, typeName } from '../values.ts';
import type { GoMap } from '../values.ts';
import { base64Encode } from './strings.ts';

function quoteJson(s: string, escapeHtml: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (
      c < 0x20 ||
      c === 0x2028 ||
      c === 0x2029 ||
      (escapeHtml && (c === 0x3c || c === 0x3e || c === 0x26))
    )
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new GoFuncError(`json: unsupported value: ${formatFloat(f, 'g', -1)}`);
  const abs = Math.abs(f);
  const fmt = abs !== 0 && (abs < 1e-6 || abs >= 1e21) ? 'e' : 'f';
  let s = formatFloat(f, fmt, -1);
  if (fmt === 'e') s = s.replace(/e([-+])0(\d)$/, 'e$1$2');
  return s;
}

/** Go's `json.Marshal` (with `indent`, `json.MarshalIndent(v, "", indent)`). */
export function marshalJson(v: unknown, escapeHtml = true, indent = '', depth = 0): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return jsonFloat(v);
  if (typeof v === 'string') return quoteJson(v, escapeHtml);
  if (depth > 1000 && (v instanceof Map || Array.isArray(v)))
    throw new GoFuncError(`json: unsupported value: encountered a cycle via ${typeName(v)}`);
  if (v instanceof GoInt) return v.v.toString();
  if (v instanceof Uint8Array) return `"${base64Encode(v)}"`;
  if (isGoObject(v)) {
    const custom = (v as { toJSON?: () => unknown }).toJSON;
    return marshalJson(custom ? custom.call(v) : v.goString(), escapeHtml, indent, depth);
  }
  const nl = indent ? `\n${indent.repeat(depth + 1)}` : '';
  const close = indent ? `\n${indent.repeat(depth)}` : '';
  const colon = indent ? ': ' : ':';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((x) => nl + marshalJson(x, escapeHtml, indent, depth + 1)).join(',')}${close}]`;
  }
  if (v instanceof Map) {
    if (v.size === 0) return '{}';
    const parts = sortedKeys(v).map(
      (k) =>
        `${nl}${quoteJson(k, escapeHtml)}${colon}${marshalJson(v.get(k), escapeHtml, indent, depth + 1)}`,
    );
    return `{${parts.join(',')}${close}}`;
  }
  throw new GoFuncError(`json: unsupported type: ${typeName(v)}`);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** Converts parsed JSON to Go values (objects become maps, numbers float64). */
export function jsonToGo(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonToGo);
  if (v !== null && typeof v === 'object') {
    const m: GoMap = new Map();
    for (const [k, x] of Object.entries(v)) m.set(k, jsonToGo(x));
    return m;
  }
  return v;
}

/** Go's `json.Unmarshal` into interface{} (errors in Go's wording where it matters). */
export function unmarshalJson(s: string, into: 'any' | 'map' | 'slice' = 'any'): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    const trimmed = s.trim();
    if (trimmed === '') throw new GoFuncError('unexpected end of JSON input');
    throw new GoFuncError(`invalid character '${trimmed[0]}' looking for beginning of value`);
  }
  if (into === 'map' && parsed !== null && jsonType(parsed) !== 'object')
    throw new GoFuncError(
      `json: cannot unmarshal ${jsonType(parsed)} into Go value of type map[string]interface {}`,
    );
  if (into === 'slice' && parsed !== null && jsonType(parsed) !== 'array')
    throw new GoFuncError(`json: cannot unmarshal ${jsonType(parsed)} into Go value of type []interface {}`);
  return jsonToGo(parsed);
}
