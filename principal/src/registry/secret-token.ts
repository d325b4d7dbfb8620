import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Bytes of randomness in every token Outpost issues (256 bits). */
export const TOKEN_BYTES = 32;

/**
 * Makes a new secret token: a readable prefix naming its kind (`opb_` bootstrap, `opa_` API)
 * and 256 random bits, base64url.
 */
export function newSecretToken(prefix: 'opb' | 'opa'): string {
  return `${prefix}_${randomBytes(TOKEN_BYTES).toString('base64url')}`;
}

/** The sha256 (hex) under which a token is stored; the plaintext is never stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex hashes of equal length. */
export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
