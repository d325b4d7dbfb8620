/**
 * sprig's regex functions over Go's regexp (RE2) semantics: patterns are
 * translated to JS (inline flags, \A \z, (?P<name>)), matches iterate like Go's
 * FindAll (empty matches next to a previous match are skipped), and replacement
 * templates expand `$1`, `${name}` and `$$` like Go's Regexp.Expand.
 */
import type { GoFunc } from '../func-types.ts';
import { GoFuncError, fn } from '../func-types.ts';
import type { GoInt } from '../values.ts';
import { typed } from '../values.ts';

const cache = new Map<string, RegExp>();

/** Compiles a Go regexp to a global JS RegExp; throws Go-like errors. */
export function compileGo(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let src = pattern;
  let flags = 'g';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    src = src.slice(lead[0].length);
    for (const f of lead[1]!) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  src = src
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])');
  let re: RegExp;
  try {
    re = new RegExp(src, `${flags}u`);
  } catch {
    try {
      re = new RegExp(src, flags);
    } catch (e) {
      throw new GoFuncError(
        `error parsing regexp: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`,
      );
    }
  }
  if (cache.size > 256) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Go's FindAllStringSubmatchIndex semantics: matches as RegExpExecArrays. */
function findAll(re: RegExp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  let prevEnd = -1;
  while (n < 0 || out.length < n) {
    const m = re.exec(s);
    if (!m) break;
    const end = m.index + m[0].length;
    if (m[0].length === 0) {
      if (m.index === prevEnd) {
        re.lastIndex = m.index + 1;
        if (re.lastIndex > s.length) break;
        continue;
      }
      re.lastIndex = m.index + 1;
    }
    out.push(m);
    prevEnd = end;
    if (re.lastIndex > s.length) break;
  }
  re.lastIndex = 0;
  return out;
}

function expand(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string | undefined;
    let end = i + 1;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      const inner = close < 0 ? '' : template.slice(i + 2, close);
      if (close >= 0 && /^[A-Za-z0-9_]+$/.test(inner)) {
        name = inner;
        end = close + 1;
      }
    } else {
      const mm = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (mm) {
        name = mm[0];
        end = i + 1 + mm[0].length;
      }
    }
    if (name === undefined) {
      out += '$';
      continue;
    }
    if (/^\d+$/.test(name)) out += m[Number(name)] ?? '';
    else out += m.groups?.[name] ?? '';
    i = end - 1;
  }
  return out;
}

function replaceAll(pattern: string, s: string, repl: string, literal: boolean): string {
  const re = compileGo(pattern);
  let out = '';
  let last = 0;
  for (const m of findAll(re, s, -1)) {
    out += s.slice(last, m.index) + (literal ? repl : expand(repl, m));
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

function split(pattern: string, s: string, n: number): string[] {
  if (n === 0) return typed([], 'string');
  const re = compileGo(pattern);
  if (pattern.length > 0 && s.length === 0) return typed([''], 'string');
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of findAll(re, s, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m.index;
    if (m.index + m[0].length !== 0) out.push(s.slice(beg, end));
    beg = m.index + m[0].length;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return typed(out, 'string');
}

const S = 'string' as const;

export function regexFuncs(): Record<string, GoFunc> {
  const both = (name: string, f: GoFunc): Record<string, GoFunc> => ({
    [name]: f,
    [`must${name[0]!.toUpperCase()}${name.slice(1)}`]: f,
  });
  return {
    ...both(
      'regexMatch',
      fn([S, S], (p: string, s: string) => findAll(compileGo(p), s, 1).length > 0),
    ),
    ...both(
      'regexFindAll',
      fn([S, S, 'int'], (p: string, s: string, n: GoInt) =>
        typed(
          findAll(compileGo(p), s, Number(n.v)).map((m) => m[0]),
          'string',
        ),
      ),
    ),
    ...both(
      'regexFind',
      fn([S, S], (p: string, s: string) => findAll(compileGo(p), s, 1)[0]?.[0] ?? ''),
    ),
    ...both(
      'regexReplaceAll',
      fn([S, S, S], (p: string, s: string, r: string) => replaceAll(p, s, r, false)),
    ),
    ...both(
      'regexReplaceAllLiteral',
      fn([S, S, S], (p: string, s: string, r: string) => replaceAll(p, s, r, true)),
    ),
    ...both(
      'regexSplit',
      fn([S, S, 'int'], (p: string, s: string, n: GoInt) => split(p, s, Number(n.v))),
    ),
    regexQuoteMeta: fn([S], (s: string) => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')),
  };
}
