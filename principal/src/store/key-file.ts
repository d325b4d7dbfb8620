/**
 * The file store's key files: `<dir>/<bucket>/<key>`, a header line
 * `outpost-store 1 <revision> <sha256 of the value>` followed by the value bytes, written
 * durably (temp file, fsync, rename) by checkpoints, and checked when read back so a torn or
 * bit-rotted file is reported, never returned as data.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { StoreEntry } from './store.ts';

const MAGIC = 'outpost-store 1';

/** A key file's bytes: header with revision and checksum, then the value. */
export function encodeKeyFile(value: Uint8Array, revision: number): Buffer {
  const sum = createHash('sha256').update(value).digest('hex');
  return Buffer.concat([Buffer.from(`${MAGIC} ${revision} ${sum}\n`), value]);
}

/** Reads a key file's bytes back; throws STORE_FAILED naming `file` when it is corrupt. */
export function decodeKeyFile(raw: Buffer, file: string): StoreEntry {
  const nl = raw.indexOf(0x0a);
  const header = nl < 0 ? '' : raw.subarray(0, nl).toString('latin1');
  const m = /^outpost-store 1 (\d+) ([0-9a-f]{64})$/.exec(header);
  const value = new Uint8Array(raw.subarray(nl + 1));
  if (!m || createHash('sha256').update(value).digest('hex') !== m[2]) {
    throw new OutpostError(ErrorCodes.STORE_FAILED, `${file} is corrupt (header or checksum mismatch)`, {
      hint: 'restore the file from a backup or delete it; the hub rebuilds assignments from Git',
    });
  }
  return { value, revision: Number(m[1]) };
}

/**
 * Writes a key file: a temp file in `tmpDir` (same file system), fsynced when `fsync`,
 * renamed over `file`. The caller fsyncs the directory.
 */
export async function writeKeyFile(
  tmpDir: string,
  file: string,
  bytes: Buffer,
  fsync: boolean,
): Promise<void> {
  const tmp = join(tmpDir, randomBytes(8).toString('hex'));
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(bytes);
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** fsyncs a file or directory. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
