/**
 * sprig's crypto and random functions: hashes, derivePassword (Master Password
 * algorithm over scrypt), AES-CBC round trip, random strings/bytes and uuidv4.
 * Randomness comes from `globalThis.crypto.getRandomValues`. Key and certificate
 * generation and bcrypt/htpasswd are declared but fail with a clear error.
 */
import type { GoFunc } from '../func-types.ts';
import { GoFuncError, fn } from '../func-types.ts';
import type { GoInt } from '../values.ts';
import { fromUtf8, utf8 } from '../values.ts';
import { cbcDecrypt, cbcEncrypt } from './aes.ts';
import { adler32, hex, hmacSha256, sha1, sha256, sha512 } from './hashes.ts';
import { scrypt } from './scrypt.ts';
import { base64DecodeBytes, base64Encode } from './strings.ts';

const TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const CHARS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

const SEED = 'com.lyndir.masterpassword';
const keyCache = new Map<string, Uint8Array>();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0);
  return b;
}

function derivePassword(counter: GoInt, type: string, password: string, user: string, site: string): string {
  const templates = TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  const userBytes = utf8(user);
  const salt = concat(utf8(SEED), u32(userBytes.length), userBytes);
  const cacheKey = `${password}\u0000${user}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = scrypt(utf8(password), salt, 32768, 8, 2, 64);
    if (keyCache.size > 16) keyCache.clear();
    keyCache.set(cacheKey, key);
  }
  const siteBytes = utf8(site);
  const seed = hmacSha256(key, concat(utf8(SEED), u32(siteBytes.length), siteBytes, u32(Number(counter.v))));
  const template = templates[seed[0]! % templates.length];
  let out = '';
  for (let i = 0; i < template!.length; i++) {
    const chars = CHARS[template![i]!];
    out += chars![seed[i + 1]! % chars!.length];
  }
  return out;
}

function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) globalThis.crypto.getRandomValues(b.subarray(i, Math.min(n, i + 65536)));
  return b;
}

function aesKey(password: string): Uint8Array {
  const key = new Uint8Array(32);
  key.set(utf8(password).slice(0, 32));
  return key;
}

function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const content = utf8(plaintext);
  const padding = 16 - (content.length % 16);
  const padded = concat(content, new Uint8Array(padding).fill(padding));
  const iv = randomBytes(16);
  return base64Encode(concat(iv, cbcEncrypt(aesKey(password), iv, padded)));
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const crypt = base64DecodeBytes(crypt64);
  if (typeof crypt === 'string') throw new GoFuncError(crypt);
  if (crypt.length < 16 || crypt.length % 16 !== 0)
    throw new GoFuncError('crypto/cipher: input not full blocks');
  const plain = cbcDecrypt(aesKey(password), crypt.slice(0, 16), crypt.slice(16));
  return fromUtf8(plain.slice(0, plain.length - plain[plain.length - 1]!));
}

function randomString(count: GoInt, alphabet: string): string {
  const n = Number(count.v);
  if (n < 0) throw new GoFuncError(`Requested random string length ${n} is less than 0.`);
  const bytes = new Uint32Array(n);
  if (n > 0) globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

function unsupported(name: string): GoFunc {
  return fn(
    [],
    () => {
      throw new GoFuncError(`${name} is not supported by Outpost's template engine`);
    },
    'any',
  );
}

/** sprig's crypto and random functions. */
export function cryptoFuncs(): Record<string, GoFunc> {
  const S = 'string' as const;
  return {
    sha1sum: fn([S], (s: string) => hex(sha1(utf8(s)))),
    sha256sum: fn([S], (s: string) => hex(sha256(utf8(s)))),
    sha512sum: fn([S], (s: string) => hex(sha512(utf8(s)))),
    adler32sum: fn([S], (s: string) => String(adler32(utf8(s)))),
    derivePassword: fn(['uint32', S, S, S, S], derivePassword),
    encryptAES: fn([S, S], encryptAES),
    decryptAES: fn([S, S], decryptAES),
    randBytes: fn(['int'], (n: GoInt) => base64Encode(randomBytes(Number(n.v)))),
    uuidv4: fn([], () => globalThis.crypto.randomUUID()),
    randAlphaNum: fn(['int'], (n: GoInt) => randomString(n, `${LETTERS}0123456789`)),
    randAlpha: fn(['int'], (n: GoInt) => randomString(n, LETTERS)),
    randAscii: fn(['int'], (n: GoInt) => randomString(n, ASCII)),
    randNumeric: fn(['int'], (n: GoInt) => randomString(n, '0123456789')),
    shuffle: fn([S], (s: string) => {
      const chars = [...s];
      const r = new Uint32Array(chars.length);
      if (chars.length > 0) globalThis.crypto.getRandomValues(r);
      for (let i = chars.length - 1; i > 0; i--) {
        const j = r[i]! % (i + 1);
        [chars[i], chars[j]] = [chars[j]!, chars[i]!];
      }
      return chars.join('');
    }),
    bcrypt: unsupported('bcrypt'),
    htpasswd: unsupported('htpasswd'),
    genPrivateKey: unsupported('genPrivateKey'),
    buildCustomCert: unsupported('buildCustomCert'),
    genCA: unsupported('genCA'),
    genCAWithKey: unsupported('genCAWithKey'),
    genSelfSignedCert: unsupported('genSelfSignedCert'),
    genSelfSignedCertWithKey: unsupported('genSelfSignedCertWithKey'),
    genSignedCert: unsupported('genSignedCert'),
    genSignedCertWithKey: unsupported('genSignedCertWithKey'),
  };
}
