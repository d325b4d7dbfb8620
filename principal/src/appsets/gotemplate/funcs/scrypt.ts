/** scrypt (RFC 7914) over PBKDF2-HMAC-SHA256 and Salsa20/8, for sprig's derivePassword. */
import { pbkdf2Sha256 } from './hashes.ts';

/** Salsa20/8 core on 16 little-endian words, in place. */
function salsa8(b: Uint32Array): void {
  let x0 = b[0]!;
  let x1 = b[1]!;
  let x2 = b[2]!;
  let x3 = b[3]!;
  let x4 = b[4]!;
  let x5 = b[5]!;
  let x6 = b[6]!;
  let x7 = b[7]!;
  let x8 = b[8]!;
  let x9 = b[9]!;
  let x10 = b[10]!;
  let x11 = b[11]!;
  let x12 = b[12]!;
  let x13 = b[13]!;
  let x14 = b[14]!;
  let x15 = b[15]!;
  let t: number;
  for (let i = 0; i < 8; i += 2) {
    t = (x0 + x12) | 0;
    x4 ^= (t << 7) | (t >>> 25);
    t = (x4 + x0) | 0;
    x8 ^= (t << 9) | (t >>> 23);
    t = (x8 + x4) | 0;
    x12 ^= (t << 13) | (t >>> 19);
    t = (x12 + x8) | 0;
    x0 ^= (t << 18) | (t >>> 14);
    t = (x5 + x1) | 0;
    x9 ^= (t << 7) | (t >>> 25);
    t = (x9 + x5) | 0;
    x13 ^= (t << 9) | (t >>> 23);
    t = (x13 + x9) | 0;
    x1 ^= (t << 13) | (t >>> 19);
    t = (x1 + x13) | 0;
    x5 ^= (t << 18) | (t >>> 14);
    t = (x10 + x6) | 0;
    x14 ^= (t << 7) | (t >>> 25);
    t = (x14 + x10) | 0;
    x2 ^= (t << 9) | (t >>> 23);
    t = (x2 + x14) | 0;
    x6 ^= (t << 13) | (t >>> 19);
    t = (x6 + x2) | 0;
    x10 ^= (t << 18) | (t >>> 14);
    t = (x15 + x11) | 0;
    x3 ^= (t << 7) | (t >>> 25);
    t = (x3 + x15) | 0;
    x7 ^= (t << 9) | (t >>> 23);
    t = (x7 + x3) | 0;
    x11 ^= (t << 13) | (t >>> 19);
    t = (x11 + x7) | 0;
    x15 ^= (t << 18) | (t >>> 14);
    t = (x0 + x3) | 0;
    x1 ^= (t << 7) | (t >>> 25);
    t = (x1 + x0) | 0;
    x2 ^= (t << 9) | (t >>> 23);
    t = (x2 + x1) | 0;
    x3 ^= (t << 13) | (t >>> 19);
    t = (x3 + x2) | 0;
    x0 ^= (t << 18) | (t >>> 14);
    t = (x5 + x4) | 0;
    x6 ^= (t << 7) | (t >>> 25);
    t = (x6 + x5) | 0;
    x7 ^= (t << 9) | (t >>> 23);
    t = (x7 + x6) | 0;
    x4 ^= (t << 13) | (t >>> 19);
    t = (x4 + x7) | 0;
    x5 ^= (t << 18) | (t >>> 14);
    t = (x10 + x9) | 0;
    x11 ^= (t << 7) | (t >>> 25);
    t = (x11 + x10) | 0;
    x8 ^= (t << 9) | (t >>> 23);
    t = (x8 + x11) | 0;
    x9 ^= (t << 13) | (t >>> 19);
    t = (x9 + x8) | 0;
    x10 ^= (t << 18) | (t >>> 14);
    t = (x15 + x14) | 0;
    x12 ^= (t << 7) | (t >>> 25);
    t = (x12 + x15) | 0;
    x13 ^= (t << 9) | (t >>> 23);
    t = (x13 + x12) | 0;
    x14 ^= (t << 13) | (t >>> 19);
    t = (x14 + x13) | 0;
    x15 ^= (t << 18) | (t >>> 14);
  }
  b[0] = (b[0]! + x0) >>> 0;
  b[1] = (b[1]! + x1) >>> 0;
  b[2] = (b[2]! + x2) >>> 0;
  b[3] = (b[3]! + x3) >>> 0;
  b[4] = (b[4]! + x4) >>> 0;
  b[5] = (b[5]! + x5) >>> 0;
  b[6] = (b[6]! + x6) >>> 0;
  b[7] = (b[7]! + x7) >>> 0;
  b[8] = (b[8]! + x8) >>> 0;
  b[9] = (b[9]! + x9) >>> 0;
  b[10] = (b[10]! + x10) >>> 0;
  b[11] = (b[11]! + x11) >>> 0;
  b[12] = (b[12]! + x12) >>> 0;
  b[13] = (b[13]! + x13) >>> 0;
  b[14] = (b[14]! + x14) >>> 0;
  b[15] = (b[15]! + x15) >>> 0;
}

function blockMix(b: Uint32Array, y: Uint32Array, r: number, x: Uint32Array): void {
  const blocks = 2 * r;
  x.set(b.subarray((blocks - 1) * 16, blocks * 16));
  for (let i = 0; i < blocks; i++) {
    for (let j = 0; j < 16; j++) x[j]! ^= b[i * 16 + j]!;
    salsa8(x);
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
  for (let k = 0; k < p; k++) {
    const off = k * 128 * r;
    for (let i = 0; i < words; i++) X[i] = bv.getUint32(off + i * 4, true);
    for (let i = 0; i < N; i++) {
      V.set(X, i * words);
      blockMix(X, Y, r, x16);
      X.set(Y);
    }
    for (let i = 0; i < N; i++) {
      const j = X[(2 * r - 1) * 16]! & (N - 1);
      for (let t = 0; t < words; t++) X[t]! ^= V[j * words + t]!;
      blockMix(X, Y, r, x16);
      X.set(Y);
    }
    for (let i = 0; i < words; i++) bv.setUint32(off + i * 4, X[i]!, true);
  }
  return pbkdf2Sha256(password, B, 1, keyLen);
}
