/**
 * Argo CD's own template helpers (applicationset/utils): normalize (SanitizeName),
 * slugify (SlugifyName over gosimple/slug), toYaml, fromYaml, fromYamlArray.
 */
import { parse } from 'yaml';
import type { GoFunc } from '../func-types.ts';
import { GoFuncError, fn } from '../func-types.ts';
import { formatFloat } from '../float-format.ts';
import { GoInt, fromUtf8, typeName, utf8 } from '../values.ts';
import type { GoMap } from '../values.ts';
import { marshalJson } from './json.ts';
import { toYaml } from './yaml-emit.ts';

/** Argo CD's SanitizeName: a DNS-1123-ish name, at most 253 bytes. */
export function sanitizeName(name: string): string {
  let s = name.toLowerCase().replace(/[^-a-z0-9.]/gu, '-');
  if (utf8(s).length > 253) s = fromUtf8(utf8(s).slice(0, 253));
  return s.replace(/^[-.]+|[-.]+$/g, '');
}

function slugMake(s: string, maxLength: number, smart: boolean): string {
  let slug = s.trim().replace(/&/g, 'and').replace(/@/g, 'at').toLowerCase();
  slug = slug
    .replace(/[^a-zA-Z0-9\-_]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  if (maxLength > 0 && smart) {
    if (slug.length <= maxLength) return slug;
    for (let i = maxLength; i >= 0; i--) if (slug[i] === '-') return slug.slice(0, i);
    return slug.slice(0, maxLength);
  }
  if (maxLength > 0 && slug.length > maxLength) slug = slug.slice(0, maxLength).replace(/^[-_]+|[-_]+$/g, '');
  return slug;
}

function slugify(...args: unknown[]): string {
  let maxSize = 50;
  let smart = true;
  let name = '';
  args.forEach((arg, idx) => {
    if (idx === args.length - 1) {
      if (typeof arg !== 'string')
        throw new GoFuncError(`interface conversion: interface {} is ${typeName(arg)}, not string`);
      name = arg;
    } else if (idx === 0) {
      if (!(arg instanceof GoInt) || arg.t !== 'int')
        throw new GoFuncError(`interface conversion: interface {} is ${typeName(arg)}, not int`);
      maxSize = Number(arg.v);
    } else if (idx === 1) {
      if (typeof arg !== 'boolean')
        throw new GoFuncError(`interface conversion: interface {} is ${typeName(arg)}, not bool`);
      smart = arg;
    }
  });
  return slugMake(sanitizeName(name), maxSize, smart);
}

/** sigs.k8s.io/yaml's YAML → JSON: keys become strings, numbers float64, timestamps stay text. */
function yamlToGo(v: unknown): unknown {
  if (v instanceof Map) {
    const m: GoMap = new Map();
    for (const [k, x] of v) m.set(keyString(k), yamlToGo(x));
    return m;
  }
  if (Array.isArray(v)) return v.map(yamlToGo);
  if (typeof v === 'bigint') return Number(v);
  if (v === undefined) return null;
  return v;
}

function keyString(k: unknown): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'number') return Number.isInteger(k) ? String(k) : formatFloat(k, 'g', -1);
  if (k === null) return 'null';
  return String(k);
}

function parseYaml(text: string): unknown {
  try {
    return yamlToGo(
      parse(text, {
        version: '1.1',
        uniqueKeys: false,
        mapAsMap: true,
        customTags: (tags) =>
          tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
      }),
    );
  } catch (e) {
    throw new GoFuncError(`error converting YAML to JSON: yaml: ${(e as Error).message.split('\n')[0]}`);
  }
}

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function fromYaml(text: string): GoMap {
  const v = parseYaml(text);
  if (v === null) return new Map();
  if (!(v instanceof Map))
    throw new GoFuncError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]interface {}`,
    );
  return v;
}

function fromYamlArray(text: string): unknown[] {
  const v = parseYaml(text);
  if (v === null) return [];
  if (!Array.isArray(v))
    throw new GoFuncError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type []interface {}`,
    );
  return v;
}

/** Argo CD's helpers: normalize, slugify, toYaml, fromYaml, fromYamlArray. */
export function argoFuncs(): Record<string, GoFunc> {
  return {
    normalize: fn(['string'], sanitizeName),
    slugify: fn([], slugify, 'any'),
    toYaml: fn(['any'], (v: unknown) => {
      marshalJson(v);
      return toYaml(v);
    }),
    fromYaml: fn(['string'], fromYaml),
    fromYamlArray: fn(['string'], fromYamlArray),
  };
}
