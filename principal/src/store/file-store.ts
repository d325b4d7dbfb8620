/**
 * The embedded `Store`: one file per key under `--data-dir`, crash-safe through a
 * write-ahead log with group commit.
 *
 * Layout: `<dir>/<bucket>/<key>` with `/` in keys encoded as `~`, each file a header line
 * `outpost-store 1 <revision> <sha256>` followed by the value bytes; `<dir>/wal.log` the log;
 * `<dir>/.tmp/` files being written. A put is appended to the log and fsynced (together
 * with every put that arrived meanwhile) before it resolves, then its key file is written by
 * temp file + rename without fsync. A checkpoint (when the log passes `checkpointBytes`, and
 * on close) fsyncs the key files written since the last one and empties the log. Opening a
 * data dir replays the log, so every acknowledged put survives kill -9 and power loss; a
 * put interrupted midway leaves the previous value. Checksums catch torn or corrupt files
 * (STORE_FAILED naming the file). One process owns a data dir at a time (`<dir>/LOCK`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import { StoreConflictError, type Store, type StoreBucket, type StoreEntry } from './store.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { WriteAheadLog, readLog, type LogRecord } from './write-ahead-log.ts';
import { forEachLimit } from '@outpost/shared';

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
  /** Log size that triggers a checkpoint. Default 64 MiB. */
  checkpointBytes?: number;
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
  private readonly checkpointBytes: number;
  private readonly revisions = new Map<string, number>();
  private readonly mutex = new KeyedMutex();
  private wal!: WriteAheadLog;
  private readonly dirtyFiles = new Set<string>();
  private readonly dirtyDirs = new Set<string>();
  private inflight = 0;
  private drained: (() => void) | undefined;
  private gate: Promise<void> | undefined;
  private closed = false;

  private constructor(options: FileStoreOptions) {
    this.dir = options.dir;
    this.tmpDir = join(options.dir, '.tmp');
    this.fsync = options.fsync ?? true;
    this.checkpointBytes = options.checkpointBytes ?? 64 * 1024 * 1024;
  }

  /**
   * Opens (creating) the data dir, clears leftovers of interrupted writes, replays the
   * log of a previous run that did not close cleanly, and takes the lock.
   */
  static async open(options: FileStoreOptions): Promise<FileStore> {
    const store = new FileStore(options);
    try {
      await mkdir(options.dir, { recursive: true });
      await rm(store.tmpDir, { recursive: true, force: true });
      await mkdir(store.tmpDir, { recursive: true });
      for (const b of BUCKETS) await mkdir(join(options.dir, b), { recursive: true });
      await writeFile(join(options.dir, 'LOCK'), `${process.pid}\n`);
      const walPath = join(options.dir, 'wal.log');
      const records = await readLog(walPath);
      for (const r of records) await store.replay(r);
      await store.syncDirtyDirs();
      store.wal = await WriteAheadLog.open(walPath, store.fsync);
      if (store.wal.bytes > 0) await store.wal.truncate();
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
      await this.logged({ op: 'p', bucket, key, revision, value }, () =>
        this.writeKeyFile(file, encode(value, revision), false),
      );
      this.revisions.set(`${bucket}/${key}`, revision);
      return revision;
    });
  }

  async delete(bucket: StoreBucket, key: string): Promise<void> {
    this.assertOpen();
    const file = this.path(bucket, key);
    return this.mutex.run(`${bucket}/${key}`, async () => {
      if ((await this.revisionOf(bucket, key)) === 0) return;
      await this.logged({ op: 'd', bucket, key, revision: 0, value: new Uint8Array() }, async () => {
        await rm(file, { force: true });
        this.dirtyDirs.add(join(this.dir, bucket));
      });
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

  /** Makes every logged change durable in its key file and empties the log. */
  checkpoint(): Promise<void> {
    this.gate ??= (async () => {
      if (this.inflight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      const files = [...this.dirtyFiles];
      this.dirtyFiles.clear();
      if (this.fsync) {
        await forEachLimit(files, 16, async (f) => {
          try {
            await syncFile(f);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          }
        });
      }
      await this.syncDirtyDirs();
      await this.wal.truncate();
    })().finally(() => {
      this.gate = undefined;
    });
    return this.gate;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.mutex.idle();
    await this.checkpoint();
    this.closed = true;
    await this.wal.close();
    await rm(join(this.dir, 'LOCK'), { force: true });
  }

  /** Logs the change durably, then applies it to the key file; checkpoints when the log is large. */
  private async logged(record: LogRecord, apply: () => Promise<void>): Promise<void> {
    while (this.gate) await this.gate;
    this.inflight++;
    try {
      await this.wal.append(record);
      await apply();
    } catch (cause) {
      throw new OutpostError(
        ErrorCodes.STORE_FAILED,
        `cannot write ${record.bucket}/${record.key} in ${this.dir}`,
        { cause },
      );
    } finally {
      this.inflight--;
      if (this.inflight === 0) this.drained?.();
    }
    if (this.wal.bytes > this.checkpointBytes) void this.checkpoint().catch(() => undefined);
  }

  /** Writes a key file by temp file + rename; `durable` fsyncs it (replay), else a checkpoint will. */
  private async writeKeyFile(file: string, bytes: Buffer, durable: boolean): Promise<void> {
    const tmp = join(this.tmpDir, randomBytes(8).toString('hex'));
    try {
      const handle = await open(tmp, 'w');
      try {
        await handle.writeFile(bytes);
        if (durable && this.fsync) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    if (!durable) this.dirtyFiles.add(file);
    this.dirtyDirs.add(dirname(file));
  }

  private async replay(r: LogRecord): Promise<void> {
    const file = this.path(r.bucket as StoreBucket, r.key);
    if (r.op === 'd') {
      await rm(file, { force: true });
      this.dirtyDirs.add(dirname(file));
    } else await this.writeKeyFile(file, encode(r.value, r.revision), true);
  }

  private async syncDirtyDirs(): Promise<void> {
    const dirs = [...this.dirtyDirs];
    this.dirtyDirs.clear();
    if (this.fsync) for (const d of dirs) await syncFile(d);
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

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
