/**
 * Go's builtin template functions: and, or, not, call, eq, ne, lt, le, gt, ge,
 * index, len, print, printf, println, html, js, urlquery. (`slice` is sprig's in
 * Argo CD, see funcs/lists.ts.)
 */
import { htmlEscape, jsEscape, urlEscape } from './escapes.ts';
import type { GoFunc } from './func-types.ts';
import { GoFuncError, fn } from './func-types.ts';
import { formatValue, sprint, sprintln } from './printf.ts';
import { sprintf } from './sprintf.ts';
import { GoInt, elemType, isTrue, typeName, utf8 } from './values.ts';

type Kind = 'bool' | 'int' | 'uint' | 'float' | 'string' | 'invalid';

function basicKind(v: unknown): Kind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  if (v instanceof GoInt) return v.signed ? 'int' : 'uint';
  return 'invalid';
}

const isNil = (v: unknown): boolean => v === undefined || v === null;

function eq(a: unknown, ...others: unknown[]): boolean {
  if (others.length === 0) throw new GoFuncError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of others) {
    const k2 = basicKind(b);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') truth = (a as GoInt).v === (b as GoInt).v;
      else if (k1 === 'uint' && k2 === 'int') truth = (a as GoInt).v === (b as GoInt).v;
      else if (!isNil(a) && !isNil(b)) throw new GoFuncError('incompatible types for comparison');
    } else if (k1 === 'invalid') {
      if (isNil(a) || isNil(b)) truth = isNil(a) && isNil(b);
      else
        throw new GoFuncError(
          `non-comparable types ${formatValue(a)}: ${typeName(a)}, ${typeName(b)}: ${formatValue(b)}`,
        );
    } else if (a instanceof GoInt) truth = a.v === (b as GoInt).v;
    else truth = a === b;
    if (truth) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid') throw new GoFuncError('invalid type for comparison');
  if (k1 !== k2) {
    if ((k1 === 'int' || k1 === 'uint') && (k2 === 'int' || k2 === 'uint'))
      return (a as GoInt).v < (b as GoInt).v;
    throw new GoFuncError('incompatible types for comparison');
  }
  if (k1 === 'bool') throw new GoFuncError('invalid type for comparison');
  if (a instanceof GoInt) return a.v < (b as GoInt).v;
  return (a as number | string) < (b as number | string);
}

function indexArg(i: unknown, cap: number): number {
  if (i instanceof GoInt) {
    if (i.v < 0n || i.v > BigInt(cap)) throw new GoFuncError(`index out of range: ${i.v}`);
    if (i.v === BigInt(cap)) throw new GoFuncError('reflect: slice index out of range');
    return Number(i.v);
  }
  if (isNil(i)) throw new GoFuncError('cannot index slice/array with nil');
  throw new GoFuncError(`cannot index slice/array with type ${typeName(i)}`);
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (isNil(item)) throw new GoFuncError('index of untyped nil');
  let cur = item;
  for (const i of indexes) {
    if (isNil(cur)) throw new GoFuncError('index of nil pointer');
    if (typeof cur === 'string') {
      const bytes = utf8(cur);
      cur = new GoInt('uint8', BigInt(bytes[indexArg(i, bytes.length)]!));
    } else if (Array.isArray(cur)) {
      cur = cur[indexArg(i, cur.length)];
    } else if (cur instanceof Map) {
      if (isNil(i)) throw new GoFuncError('value is nil; should be of type string');
      if (typeof i !== 'string') throw new GoFuncError(`value has type ${typeName(i)}; should be string`);
      cur = cur.has(i) ? cur.get(i) : elemType(cur) === 'string' ? '' : null;
    } else throw new GoFuncError(`can't index item of type ${typeName(cur)}`);
  }
  return cur;
}

function length(item: unknown): GoInt {
  if (item === undefined) throw new GoFuncError('reflect: call of reflect.Value.Type on zero Value');
  if (item === null) throw new GoFuncError('len of nil pointer');
  let n: number;
  if (typeof item === 'string') n = utf8(item).length;
  else if (Array.isArray(item) || item instanceof Uint8Array) n = item.length;
  else if (item instanceof Map) n = item.size;
  else throw new GoFuncError(`len of type ${typeName(item)}`);
  return new GoInt('int', BigInt(n));
}

/** Go's `evalArgs`: fmt.Sprint with missing values shown as `<no value>`. */
export function evalArgs(args: readonly unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (isNil(a) ? '<no value>' : a)));
}

function call(name: string, f: unknown): never {
  if (isNil(f)) throw new GoFuncError('call of nil');
  throw new GoFuncError(`non-function ${name} of type ${typeName(f)}`);
}

/** The builtin functions of text/template. */
export function builtinFuncs(): Map<string, GoFunc> {
  const m = new Map<string, GoFunc>();
  m.set('and', { params: ['value'], variadic: 'value', fn: () => undefined, special: 'and' });
  m.set('or', { params: ['value'], variadic: 'value', fn: () => undefined, special: 'or' });
  m.set(
    'not',
    fn(['value'], (v: unknown) => !isTrue(v)),
  );
  m.set('call', {
    params: ['value'],
    variadic: 'value',
    fn: call as (...a: never[]) => unknown,
    special: 'call',
  });
  m.set('eq', fn(['value'], eq as (...a: never[]) => unknown, 'value'));
  m.set(
    'ne',
    fn(['value', 'value'], (a: unknown, b: unknown) => !eq(a, b)),
  );
  m.set('lt', fn(['value', 'value'], lt));
  m.set(
    'le',
    fn(['value', 'value'], (a: unknown, b: unknown) => lt(a, b) || eq(a, b)),
  );
  m.set(
    'gt',
    fn(['value', 'value'], (a: unknown, b: unknown) => !(lt(a, b) || eq(a, b))),
  );
  m.set(
    'ge',
    fn(['value', 'value'], (a: unknown, b: unknown) => !lt(a, b)),
  );
  m.set('index', fn(['value'], index as (...a: never[]) => unknown, 'value'));
  m.set('len', fn(['value'], length));
  m.set(
    'print',
    fn([], (...a: unknown[]) => sprint(a), 'any'),
  );
  m.set(
    'println',
    fn([], (...a: unknown[]) => sprintln(a), 'any'),
  );
  m.set(
    'printf',
    fn(['string'], (f: string, ...a: unknown[]) => sprintf(f, a), 'any'),
  );
  m.set(
    'html',
    fn([], (...a: unknown[]) => htmlEscape(evalArgs(a)), 'any'),
  );
  m.set(
    'js',
    fn([], (...a: unknown[]) => jsEscape(evalArgs(a)), 'any'),
  );
  m.set(
    'urlquery',
    fn([], (...a: unknown[]) => urlEscape(evalArgs(a)), 'any'),
  );
  return m;
}
