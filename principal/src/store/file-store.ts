/**
 * The embedded `Store`: one file per key under `--data-dir`, written crash-safely.
 *
 * Layout: `<dir>/<bucket>/<key>` with `/` in keys encoded as `~`; `<dir>/.tmp/` holds
 * files being written. Each file is a header line `outpost-store 1 <revision> <sha256>`
 * followed by the value bytes. A put writes a temp file, fsyncs it, renames it over the
 * key's file and fsyncs the bucket directory, so a put that resolved survives a kill -9
 * or power loss, and a put interrupted midway leaves the previous value intact. The
 * checksum catches a torn or corrupted file (reported as STORE_FAILED naming the file).
 * One process owns a data dir at a time (`<dir>/LOCK` holds its pid).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import { StoreConflictError, type Store, type StoreBucket, type StoreEntry } from './store.ts';
import { KeyedMutex } from './keyed-mutex.ts';

const BUCKETS: readonly StoreBucket[] = [
  'clusters',
  'tokens',
  'appsets',
  'assignments',
  'blobs',
  'status',
  'hub',
];
const KEY_PATTERN = /^[A-Za-z0-9._=-]+(\/[A-Za-z0-9._=-]+)*$/;
const MAGIC = 'outpost-store 1';

/** Options of {@link FileStore.open}. */
export interface FileStoreOptions {
  /** The data directory; created when missing. */
  dir: string;
  /**
   * fsync files and directories (default true). Only tests that measure something else
   * may turn it off; durability after a crash then no longer holds.
   */
  fsync?: boolean;
}

/** Encodes a store key as a file name (validated first). */
export function keyToFileName(key: string): string {
  if (!KEY_PATTERN.test(key) || key.split('/').some((seg) => seg === '.' || seg === '..')) {
    throw new Error(`store: invalid key ${JSON.stringify(key)} (allowed: [A-Za-z0-9._=-] and / separators)`);
  }
  return key.replaceAll('/', '~');
}

function fileNameToKey(name: string): string {
  return name.replaceAll('~', '/');
}

/** The crash-safe file implementation of the hub's {@link Store} port. */
export class FileStore implements Store {
  private readonly dir: string;
  private readonly tmpDir: string;
  private readonly fsync: boolean;
  private readonly revisions = new Map<string, number>();
  private readonly mutex = new KeyedMutex();
  private closed = false;

  private constructor(dir: string, fsync: boolean) {
    this.dir = dir;
    this.tmpDir = join(dir, '.tmp');
    this.fsync = fsync;
  }

  /** Opens (creating) the data dir, clears leftovers of interrupted writes, takes the lock. */
  static async open(options: FileStoreOptions): Promise<FileStore> {
    const store = new FileStore(options.dir, options.fsync ?? true);
    try {
      await mkdir(options.dir, { recursive: true });
      await rm(store.tmpDir, { recursive: true, force: true });
      await mkdir(store.tmpDir, { recursive: true });
      for (const b of BUCKETS) await mkdir(join(options.dir, b), { recursive: true });
      await writeFile(join(options.dir, 'LOCK'), `${process.pid}\n`);
    } catch (cause) {
      throw new OutpostError(ErrorCodes.STORE_FAILED, `cannot open data dir ${options.dir}`, {
        cause,
        hint: 'check that the directory is writable',
      });
    }
    return store;
  }

  async get(bucket: StoreBucket, key: string): Promise<StoreEntry | undefined> {
    this.assertOpen();
    const file = this.path(bucket, key);
    let raw: Buffer;
    try {
      raw = await readFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new OutpostError(ErrorCodes.STORE_FAILED, `cannot read ${file}`, { cause: e });
    }
    const entry = decode(raw, file);
    this.revisions.set(`${bucket}/${key}`, entry.revision);
    return entry;
  }

  async put(
    bucket: StoreBucket,
    key: string,
    value: Uint8Array,
    options?: { expectRevision?: number },
  ): Promise<number> {
    this.assertOpen();
    const file = this.path(bucket, key);
    return this.mutex.run(`${bucket}/${key}`, async () => {
      const current = await this.revisionOf(bucket, key);
      if (options?.expectRevision !== undefined && options.expectRevision !== current) {
        throw new StoreConflictError(bucket, key, options.expectRevision, current);
      }
      const revision = current + 1;
      const tmp = join(this.tmpDir, `${randomBytes(8).toString('hex')}`);
      try {
        const handle = await open(tmp, 'w');
        try {
          await handle.writeFile(encode(value, revision));
          if (this.fsync) await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(tmp, file);
        if (this.fsync) await syncDir(join(this.dir, bucket));
      } catch (cause) {
        await rm(tmp, { force: true });
        throw new OutpostError(ErrorCodes.STORE_FAILED, `cannot write ${file}`, { cause });
      }
      this.revisions.set(`${bucket}/${key}`, revision);
      return revision;
    });
  }

  async delete(bucket: StoreBucket, key: string): Promise<void> {
    this.assertOpen();
    const file = this.path(bucket, key);
    return this.mutex.run(`${bucket}/${key}`, async () => {
      try {
        await rm(file, { force: true });
        if (this.fsync) await syncDir(join(this.dir, bucket));
      } catch (cause) {
        throw new OutpostError(ErrorCodes.STORE_FAILED, `cannot delete ${file}`, { cause });
      }
      this.revisions.delete(`${bucket}/${key}`);
    });
  }

  async keys(bucket: StoreBucket, prefix = ''): Promise<string[]> {
    this.assertOpen();
    const names = await readdir(join(this.dir, bucket));
    return names
      .map(fileNameToKey)
      .filter((k) => k.startsWith(prefix))
      .sort();
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.put('hub', 'ping', new TextEncoder().encode(String(Date.now())));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.mutex.idle();
    this.closed = true;
    await rm(join(this.dir, 'LOCK'), { force: true });
  }

  private async revisionOf(bucket: StoreBucket, key: string): Promise<number> {
    const cached = this.revisions.get(`${bucket}/${key}`);
    if (cached !== undefined) return cached;
    return (await this.get(bucket, key))?.revision ?? 0;
  }

  private path(bucket: StoreBucket, key: string): string {
    if (!BUCKETS.includes(bucket)) throw new Error(`store: unknown bucket ${bucket}`);
    return join(this.dir, bucket, keyToFileName(key));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store: used after close');
  }
}

function encode(value: Uint8Array, revision: number): Buffer {
  const sum = createHash('sha256').update(value).digest('hex');
  return Buffer.concat([Buffer.from(`${MAGIC} ${revision} ${sum}\n`), value]);
}

function decode(raw: Buffer, file: string): StoreEntry {
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

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
