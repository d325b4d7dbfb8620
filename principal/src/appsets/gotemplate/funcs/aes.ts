/** AES-256 block cipher with CBC mode (FIPS 197, SP 800-38A), for sprig's encryptAES/decryptAES. */

const SBOX = new Uint8Array(256);
const INV = new Uint8Array(256);
(() => {
  let p = 1;
  let q = 1;
  do {
    p = p ^ ((p << 1) & 0xff) ^ (p & 0x80 ? 0x1b : 0);
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    const x =
      q ^ ((q << 1) | (q >> 7)) ^ ((q << 2) | (q >> 6)) ^ ((q << 3) | (q >> 5)) ^ ((q << 4) | (q >> 4));
    SBOX[p] = (x ^ 0x63) & 0xff;
  } while (p !== 1);
  SBOX[0] = 0x63;
  for (let i = 0; i < 256; i++) INV[SBOX[i]!] = i;
})();

const xtime = (a: number): number => ((a << 1) ^ (a & 0x80 ? 0x1b : 0)) & 0xff;
function mul(a: number, b: number): number {
  let r = 0;
  while (b) {
    if (b & 1) r ^= a;
    a = xtime(a);
    b >>= 1;
  }
  return r;
}

function expandKey(key: Uint8Array): Uint8Array[] {
  const nk = key.length / 4;
  const rounds = nk + 6;
  const w = new Uint8Array(16 * (rounds + 1));
  w.set(key);
  let rcon = 1;
  for (let i = nk; i < 4 * (rounds + 1); i++) {
    let t = w.slice((i - 1) * 4, i * 4);
    if (i % nk === 0) {
      t = new Uint8Array([SBOX[t[1]!]! ^ rcon, SBOX[t[2]!]!, SBOX[t[3]!]!, SBOX[t[0]!]!]);
      rcon = xtime(rcon);
    } else if (nk > 6 && i % nk === 4) t = t.map((b) => SBOX[b]!);
    for (let j = 0; j < 4; j++) w[i * 4 + j] = w[(i - nk) * 4 + j]! ^ t[j]!;
  }
  return Array.from({ length: rounds + 1 }, (_, r) => w.slice(r * 16, r * 16 + 16));
}

function encryptBlock(ks: Uint8Array[], input: Uint8Array): Uint8Array {
  let s = input.map((b, i) => b ^ ks[0]![i]!);
  for (let r = 1; r < ks.length; r++) {
    const t = new Uint8Array(16);
    for (let c = 0; c < 4; c++)
      for (let row = 0; row < 4; row++) t[c * 4 + row] = SBOX[s[((c + row) % 4) * 4 + row]!]!;
    if (r < ks.length - 1) {
      for (let c = 0; c < 4; c++) {
        const [a0, a1, a2, a3] = [t[c * 4]!, t[c * 4 + 1]!, t[c * 4 + 2]!, t[c * 4 + 3]!];
        t[c * 4] = mul(a0, 2) ^ mul(a1, 3) ^ a2 ^ a3;
        t[c * 4 + 1] = a0 ^ mul(a1, 2) ^ mul(a2, 3) ^ a3;
        t[c * 4 + 2] = a0 ^ a1 ^ mul(a2, 2) ^ mul(a3, 3);
        t[c * 4 + 3] = mul(a0, 3) ^ a1 ^ a2 ^ mul(a3, 2);
      }
    }
    s = t.map((b, i) => b ^ ks[r]![i]!);
  }
  return s;
}

function decryptBlock(ks: Uint8Array[], input: Uint8Array): Uint8Array {
  let s = input.map((b, i) => b ^ ks[ks.length - 1]![i]!);
  for (let r = ks.length - 2; r >= 0; r--) {
    const t = new Uint8Array(16);
    for (let c = 0; c < 4; c++)
      for (let row = 0; row < 4; row++) t[((c + row) % 4) * 4 + row] = INV[s[c * 4 + row]!]!;
    s = t.map((b, i) => b ^ ks[r]![i]!);
    if (r > 0) {
      for (let c = 0; c < 4; c++) {
        const [a0, a1, a2, a3] = [s[c * 4]!, s[c * 4 + 1]!, s[c * 4 + 2]!, s[c * 4 + 3]!];
        s[c * 4] = mul(a0, 14) ^ mul(a1, 11) ^ mul(a2, 13) ^ mul(a3, 9);
        s[c * 4 + 1] = mul(a0, 9) ^ mul(a1, 14) ^ mul(a2, 11) ^ mul(a3, 13);
        s[c * 4 + 2] = mul(a0, 13) ^ mul(a1, 9) ^ mul(a2, 14) ^ mul(a3, 11);
        s[c * 4 + 3] = mul(a0, 11) ^ mul(a1, 13) ^ mul(a2, 9) ^ mul(a3, 14);
      }
    }
  }
  return s;
}

/** AES-CBC encryption of whole blocks. */
export function cbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const ks = expandKey(key);
  const out = new Uint8Array(data.length);
  let prev = iv;
  for (let i = 0; i < data.length; i += 16) {
    prev = encryptBlock(
      ks,
      data.slice(i, i + 16).map((b, j) => b ^ prev[j]!),
    );
    out.set(prev, i);
  }
  return out;
}

/** AES-CBC decryption of whole blocks. */
export function cbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const ks = expandKey(key);
  const out = new Uint8Array(data.length);
  let prev = iv;
  for (let i = 0; i < data.length; i += 16) {
    const block = data.slice(i, i + 16);
    out.set(
      decryptBlock(ks, block).map((b, j) => b ^ prev[j]!),
      i,
    );
    prev = block;
  }
  return out;
}
