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

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const JS_TO_GO_ERRORS: [RegExp, string][] = [
  [/Unterminated character class/i, 'missing closing ]'],
  [/Unterminated group/i, 'missing closing )'],
  [/Unmatched '\)'/i, 'unexpected )'],
  [/Nothing to repeat/i, 'missing argument to repetition operator'],
  [/numbers out of order/i, 'invalid repeat count'],
  [/Invalid escape|\\ at end of pattern/i, 'invalid escape sequence'],
];

/** Rewrites RE2-only syntax into its JS equivalent. */
function translate(src: string): string {
  return src
    .replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_m, lit: string) => lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'))
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) =>
      neg || !POSIX[name] ? m : POSIX[name]!,
    )
    .replace(/\(\?P</g, '(?<')
    .replace(/\\p([A-Z])/g, '\\p{$1}')
    .replace(/\\P([A-Z])/g, '\\P{$1}')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])');
}

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
  src = translate(src);
  let re: RegExp;
  try {
    re = new RegExp(src, `${flags}u`);
  } catch {
    try {
      re = new RegExp(src, flags);
    } catch (e) {
      const msg = (e as Error).message;
      const code = JS_TO_GO_ERRORS.find(([js]) => js.test(msg))?.[1] ?? 'invalid regular expression';
      throw new GoFuncError(`error parsing regexp: ${code}: \`${pattern}\``);
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

/** sprig's regular-expression functions. */
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
