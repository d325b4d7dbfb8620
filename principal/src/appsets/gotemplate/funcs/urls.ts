/** sprig's urlParse and urlJoin over Go's net/url parsing and URL.String(). */
import type { GoFunc } from '../func-types.ts';
import { GoFuncError, fn } from '../func-types.ts';
import { fromUtf8, utf8 } from '../values.ts';
import type { GoMap } from '../values.ts';
import { strval } from './convert.ts';

type Mode = 'path' | 'userinfo' | 'fragment' | 'host';

function shouldEscape(c: number, mode: Mode): boolean {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9\-_.~]/.test(ch)) return false;
  if (mode === 'host' && '!$&\'()*+,;=:[]<>"'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    if (mode === 'path') return ch === '?';
    if (mode === 'userinfo') return '@/?:'.includes(ch);
    if (mode === 'fragment') return false;
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

function escape(s: string, mode: Mode): string {
  let out = '';
  for (const b of utf8(s)) {
    if (shouldEscape(b, mode)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

function unescape(s: string): string {
  const bytes: number[] = [];
  const raw = utf8(s);
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25) {
      const hex = String.fromCharCode(raw[i + 1] ?? 0, raw[i + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new GoFuncError(`invalid URL escape "${s.slice(i, i + 3)}"`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(raw[i]!);
  }
  return fromUtf8(new Uint8Array(bytes));
}

interface GoUrl {
  scheme: string;
  opaque: string;
  user: { username: string; password?: string } | null;
  host: string;
  path: string;
  rawQuery: string;
  fragment: string;
}

function parseUrl(raw: string): GoUrl {
  const u: GoUrl = { scheme: '', opaque: '', user: null, host: '', path: '', rawQuery: '', fragment: '' };
  let rest = raw;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    u.fragment = unescape(rest.slice(hash + 1));
    rest = rest.slice(0, hash);
  }
  const sm = /^([A-Za-z][A-Za-z0-9+\-.]*):/.exec(rest);
  if (sm) {
    u.scheme = sm[1]!.toLowerCase();
    rest = rest.slice(sm[0].length);
  } else if (rest.startsWith(':')) throw new GoFuncError(`parse "${raw}": missing protocol scheme`);
  const q = rest.indexOf('?');
  if (q >= 0) {
    u.rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (!rest.startsWith('/') && u.scheme !== '') {
    u.opaque = rest;
    return u;
  }
  if (rest.startsWith('//') && !rest.startsWith('///')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const info = authority.slice(0, at);
      const colon = info.indexOf(':');
      u.user =
        colon < 0
          ? { username: unescape(info) }
          : { username: unescape(info.slice(0, colon)), password: unescape(info.slice(colon + 1)) };
    }
    u.host = unescape(authority.slice(at + 1));
  }
  u.path = unescape(rest);
  return u;
}

function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon >= 0 && /^\d*$/.test(host.slice(colon + 1)) ? host.slice(0, colon) : host;
}

function userString(u: GoUrl['user']): string {
  if (!u) return '';
  return (
    escape(u.username, 'userinfo') + (u.password !== undefined ? `:${escape(u.password, 'userinfo')}` : '')
  );
}

function urlString(u: GoUrl): string {
  let out = u.scheme ? `${u.scheme}:` : '';
  if (u.opaque) out += u.opaque;
  else {
    if (u.scheme || u.host || u.user) {
      if (u.host || u.path || u.user) out += '//';
      if (u.user) out += `${userString(u.user)}@`;
      if (u.host) out += escape(u.host, 'host');
    }
    const path = escape(u.path, 'path');
    if (path && path[0] !== '/' && u.host) out += '/';
    if (out === '' && path.split('/')[0]!.includes(':')) out += './';
    out += path;
  }
  if (u.rawQuery) out += `?${u.rawQuery}`;
  if (u.fragment) out += `#${escape(u.fragment, 'fragment')}`;
  return out;
}

function urlParse(v: string): GoMap {
  let u: GoUrl;
  try {
    u = parseUrl(v);
  } catch (e) {
    throw new GoFuncError(`unable to parse url: ${(e as Error).message}`);
  }
  return new Map<string, unknown>([
    ['scheme', u.scheme],
    ['host', u.host],
    ['hostname', hostname(u.host)],
    ['path', u.path],
    ['query', u.rawQuery],
    ['opaque', u.opaque],
    ['fragment', u.fragment],
    ['userinfo', userString(u.user)],
  ]);
}

function urlJoin(d: GoMap | null): string {
  const get = (k: string): string => (d?.has(k) ? strval(d.get(k)) : '');
  const u: GoUrl = {
    scheme: get('scheme'),
    host: get('host'),
    path: get('path'),
    rawQuery: get('query'),
    opaque: get('opaque'),
    fragment: get('fragment'),
    user: null,
  };
  const info = get('userinfo');
  if (info) u.user = parseUrl(`proto://${info}@host`).user;
  return urlString(u);
}

/** sprig's urlParse and urlJoin. */
export function urlFuncs(): Record<string, GoFunc> {
  return {
    urlParse: fn(['string'], urlParse),
    urlJoin: fn(['map[string]interface {}'], urlJoin),
  };
}
