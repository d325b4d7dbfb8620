/** sprig's reflection helpers (reflect.go) and Go path functions (path, path/filepath on Linux). */
import type { GoFunc } from '../func-types.ts';
import { fn } from '../func-types.ts';
import { deepEqual, kindName, typeName } from '../values.ts';

/** Go's path.Clean. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

function base(p: string): string {
  if (p === '') return '.';
  p = p.replace(/\/+$/, '');
  if (p === '') return '/';
  return p.slice(p.lastIndexOf('/') + 1);
}

function dir(p: string): string {
  const i = p.lastIndexOf('/');
  return cleanPath(p.slice(0, i + 1));
}

function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

/** sprig's reflection helpers and path functions. */
export function reflectFuncs(): Record<string, GoFunc> {
  const S = 'string' as const;
  return {
    typeOf: fn(['any'], typeName),
    typeIs: fn([S, 'any'], (t: string, v: unknown) => t === typeName(v)),
    typeIsLike: fn([S, 'any'], (t: string, v: unknown) => t === typeName(v) || `*${t}` === typeName(v)),
    kindOf: fn(['any'], kindName),
    kindIs: fn([S, 'any'], (t: string, v: unknown) => t === kindName(v)),
    deepEqual: fn(['any', 'any'], deepEqual),
    base: fn([S], base),
    dir: fn([S], dir),
    clean: fn([S], cleanPath),
    ext: fn([S], ext),
    isAbs: fn([S], (p: string) => p.startsWith('/')),
    osBase: fn([S], base),
    osDir: fn([S], dir),
    osClean: fn([S], cleanPath),
    osExt: fn([S], ext),
    osIsAbs: fn([S], (p: string) => p.startsWith('/')),
  };
}
