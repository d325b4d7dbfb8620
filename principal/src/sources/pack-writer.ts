import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { PackedObject } from './pack-reader.ts';

/** An object to pack: its name (hex SHA-1) and content. */
export interface ObjectToPack extends PackedObject {
  readonly oid: string;
}

/** A packfile and its index, ready to be written as `pack-<name>.pack` and `pack-<name>.idx`. */
export interface WrittenPack {
  /** The pack's checksum (hex), which git also uses as its file name. */
  readonly name: string;
  readonly pack: Buffer;
  readonly idx: Buffer;
  readonly count: number;
}

const TYPE_CODES = { commit: 1, tree: 2, blob: 3, tag: 4 } as const;
const IDX_MAGIC = 0xff744f63;
const LARGE_OFFSET = 0x80000000;

/** The git object name of `object`: SHA-1 of `<type> <size>\0<content>`. */
export function objectName(object: PackedObject): string {
  return createHash('sha1')
    .update(`${object.type} ${object.data.length}\0`)
    .update(object.data)
    .digest('hex');
}

/**
 * Writes `objects` as one version-2 packfile of whole (undeltified) zlib-compressed
 * objects, with its version-2 index — the format `git index-pack` produces and any git
 * reads. Objects named twice are packed once. Delta compression is left out on purpose:
 * the packs this writes merge the small packs fetches leave behind, whose objects are few.
 */
export function writePack(objects: Iterable<ObjectToPack>): WrittenPack {
  const entries: { name: Buffer; crc: number; offset: number }[] = [];
  const seen = new Set<string>();
  const chunks: Buffer[] = [];
  let offset = 12;
  for (const object of objects) {
    if (seen.has(object.oid)) continue;
    seen.add(object.oid);
    const entry = Buffer.concat([entryHeader(object), deflateSync(object.data)]);
    entries.push({ name: Buffer.from(object.oid, 'hex'), crc: crc32(entry), offset });
    chunks.push(entry);
    offset += entry.length;
  }
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(entries.length, 8);
  const body = Buffer.concat([header, ...chunks]);
  const checksum = createHash('sha1').update(body).digest();
  const pack = Buffer.concat([body, checksum]);
  const idx = writeIndex(entries, checksum);
  return { name: checksum.toString('hex'), pack, idx, count: entries.length };
}

/** The type-and-size header of one packed object. */
function entryHeader(object: PackedObject): Buffer {
  const bytes: number[] = [];
  let size = object.data.length;
  let byte = (TYPE_CODES[object.type] << 4) | (size & 0x0f);
  size = Math.floor(size / 16);
  while (size > 0) {
    bytes.push(byte | 0x80);
    byte = size & 0x7f;
    size = Math.floor(size / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}

/** Index v2: fan-out table, sorted names, CRC-32s, offsets (with the 64-bit table), checksums. */
function writeIndex(entries: { name: Buffer; crc: number; offset: number }[], packChecksum: Buffer): Buffer {
  const sorted = [...entries].sort((a, b) => Buffer.compare(a.name, b.name));
  const n = sorted.length;
  const large = sorted.filter((e) => e.offset >= LARGE_OFFSET);
  const out = Buffer.alloc(8 + 256 * 4 + n * 28 + large.length * 8 + 20);
  out.writeUInt32BE(IDX_MAGIC, 0);
  out.writeUInt32BE(2, 4);
  const counts = new Array<number>(256).fill(0);
  for (const e of sorted) counts[e.name[0]!]!++;
  let running = 0;
  for (let i = 0; i < 256; i++) {
    running += counts[i]!;
    out.writeUInt32BE(running, 8 + i * 4);
  }
  const names = 8 + 256 * 4;
  const crcs = names + n * 20;
  const offsets = crcs + n * 4;
  const largeOffsets = offsets + n * 4;
  let nextLarge = 0;
  sorted.forEach((e, i) => {
    e.name.copy(out, names + i * 20);
    out.writeUInt32BE(e.crc >>> 0, crcs + i * 4);
    if (e.offset < LARGE_OFFSET) {
      out.writeUInt32BE(e.offset, offsets + i * 4);
    } else {
      out.writeUInt32BE((LARGE_OFFSET | nextLarge) >>> 0, offsets + i * 4);
      out.writeBigUInt64BE(BigInt(e.offset), largeOffsets + nextLarge * 8);
      nextLarge++;
    }
  });
  packChecksum.copy(out, largeOffsets + large.length * 8);
  return Buffer.concat([out, createHash('sha1').update(out).digest()]);
}
