/** scrypt (RFC 7914) over PBKDF2-HMAC-SHA256 and Salsa20/8, for sprig's derivePassword. */
import { pbkdf2Sha256 } from './hashes.ts';

function salsa8(b: Uint32Array, x: Uint32Array): void {
  x.set(b);
  for (let i = 0; i < 8; i += 2) {
    const R = (a: number, n: number): number => (a << n) | (a >>> (32 - n));
    x[4]! ^= R(x[0]! + x[12]!, 7);
    x[8]! ^= R(x[4]! + x[0]!, 9);
    x[12]! ^= R(x[8]! + x[4]!, 13);
    x[0]! ^= R(x[12]! + x[8]!, 18);
    x[9]! ^= R(x[5]! + x[1]!, 7);
    x[13]! ^= R(x[9]! + x[5]!, 9);
    x[1]! ^= R(x[13]! + x[9]!, 13);
    x[5]! ^= R(x[1]! + x[13]!, 18);
    x[14]! ^= R(x[10]! + x[6]!, 7);
    x[2]! ^= R(x[14]! + x[10]!, 9);
    x[6]! ^= R(x[2]! + x[14]!, 13);
    x[10]! ^= R(x[6]! + x[2]!, 18);
    x[3]! ^= R(x[15]! + x[11]!, 7);
    x[7]! ^= R(x[3]! + x[15]!, 9);
    x[11]! ^= R(x[7]! + x[3]!, 13);
    x[15]! ^= R(x[11]! + x[7]!, 18);
    x[1]! ^= R(x[0]! + x[3]!, 7);
    x[2]! ^= R(x[1]! + x[0]!, 9);
    x[3]! ^= R(x[2]! + x[1]!, 13);
    x[0]! ^= R(x[3]! + x[2]!, 18);
    x[6]! ^= R(x[5]! + x[4]!, 7);
    x[7]! ^= R(x[6]! + x[5]!, 9);
    x[4]! ^= R(x[7]! + x[6]!, 13);
    x[5]! ^= R(x[4]! + x[7]!, 18);
    x[11]! ^= R(x[10]! + x[9]!, 7);
    x[8]! ^= R(x[11]! + x[10]!, 9);
    x[9]! ^= R(x[8]! + x[11]!, 13);
    x[10]! ^= R(x[9]! + x[8]!, 18);
    x[12]! ^= R(x[15]! + x[14]!, 7);
    x[13]! ^= R(x[12]! + x[15]!, 9);
    x[14]! ^= R(x[13]! + x[12]!, 13);
    x[15]! ^= R(x[14]! + x[13]!, 18);
  }
  for (let i = 0; i < 16; i++) b[i] = (b[i]! + x[i]!) >>> 0;
}

function blockMix(b: Uint32Array, y: Uint32Array, r: number, x: Uint32Array, tmp: Uint32Array): void {
  const blocks = 2 * r;
  x.set(b.subarray((blocks - 1) * 16, blocks * 16));
  for (let i = 0; i < blocks; i++) {
    for (let j = 0; j < 16; j++) x[j]! ^= b[i * 16 + j]!;
    salsa8(x, tmp);
    const dest = (i % 2 === 0 ? i / 2 : r + (i - 1) / 2) * 16;
    y.set(x, dest);
  }
}

/** scrypt(password, salt, N, r, p, keyLen). */
export function scrypt(
  password: Uint8Array,
  salt: Uint8Array,
  N: number,
  r: number,
  p: number,
  keyLen: number,
): Uint8Array {
  const words = 32 * r;
  const B = pbkdf2Sha256(password, salt, 1, p * 128 * r);
  const bv = new DataView(B.buffer);
  const X = new Uint32Array(words);
  const Y = new Uint32Array(words);
  const V = new Uint32Array(words * N);
  const x16 = new Uint32Array(16);
  const tmp = new Uint32Array(16);
  for (let k = 0; k < p; k++) {
    const off = k * 128 * r;
    for (let i = 0; i < words; i++) X[i] = bv.getUint32(off + i * 4, true);
    for (let i = 0; i < N; i++) {
      V.set(X, i * words);
      blockMix(X, Y, r, x16, tmp);
      X.set(Y);
    }
    for (let i = 0; i < N; i++) {
      const j = X[(2 * r - 1) * 16]! & (N - 1);
      for (let t = 0; t < words; t++) X[t]! ^= V[j * words + t]!;
      blockMix(X, Y, r, x16, tmp);
      X.set(Y);
    }
    for (let i = 0; i < words; i++) bv.setUint32(off + i * 4, X[i]!, true);
  }
  return pbkdf2Sha256(password, B, 1, keyLen);
}
