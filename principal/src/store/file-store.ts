/**
 * The embedded `Store`: one file per key under `--data-dir`, crash-safe through a
 * write-ahead log with group commit and an in-memory table of recent writes.
 *
 * Layout: `<dir>/<bucket>/<key>` with `/` in keys encoded as `~`, each file a header line
 * `outpost-store 1 <revision> <sha256>` followed by the value bytes; `<dir>/wal-<n>.log` the
 * logs; `<dir>/.tmp/` files being written. A put or delete is appended to the current log and
 * fsynced (together with every change that arrived meanwhile) before it resolves, and kept in
 * memory; reads see it at once. A checkpoint (when the remembered values pass
 * `checkpointBytes` or the log passes `maxLogBytes`, every `checkpointIntervalMs`, and on
 * close) starts a new log, writes the remembered changes to their key files with fsync (a
 * few at a time: background work), and deletes the old log. Opening a data dir replays the
 * logs left by a crash into one fresh log and memory. So every acknowledged change survives
 * kill -9 and power loss, a fan-out of a thousand writes costs a few fsyncs, and a key
 * written ten times between checkpoints is written to its file once. Checksums catch torn
 * or corrupt files (STORE_FAILED naming the file). One process owns a data dir at a time
 * (`<dir>/LOCK` holds its pid).
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import { StoreConflictError, type Store, type StoreBucket, type StoreEntry } from './store.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { decodeKeyFile, encodeKeyFile, syncFile, writeKeyFile } from './key-file.ts';
import { WriteAheadLog, readLog, type LogRecord } from './write-ahead-log.ts';

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
/** Key-file writers of a checkpoint that is falling behind the writes. */
const URGENT_WRITERS = 16;

/** Options of {@link FileStore.open}. */
export interface FileStoreOptions {
  /** The data directory; created when missing. */
  dir: string;
  /**
   * fsync files and directories (default true). Only tests that measure something else
   * may turn it off; durability after a crash then no longer holds.
   */
  fsync?: boolean;
  /**
   * Bytes of remembered changes (the newest value of each changed key) that trigger a
   * checkpoint: bounds their memory. Default 16 MiB.
   */
  checkpointBytes?: number;
  /**
   * Log size that triggers a checkpoint: bounds the replay after a crash and the disk the
   * log takes. Keys written again and again grow the log but not the remembered bytes.
   * Default 64 MiB.
   */
  maxLogBytes?: number;
  /**
   * A checkpoint also runs this often while there are remembered writes, so that key files
   * catch up on a quiet hub. Memory and replay are bounded by the byte limits; each key
   * file costs about 0.3 ms of CPU (mostly the kernel's open, fsync and rename), so a busy
   * fleet's keys are best written once per many changes. Default 300 000 ms.
   */
  checkpointIntervalMs?: number;
  /** Key files a checkpoint writes at a time. Default 2. */
  checkpointConcurrency?: number;
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

/** A change remembered in memory until a checkpoint writes it to its key file (`null` = deleted). */
type Pending = { bucket: StoreBucket; key: string; entry: StoreEntry | null };

/** The crash-safe file implementation of the hub's {@link Store} port. */
export class FileStore implements Store {
  private readonly dir: string;
  private readonly tmpDir: string;
  private readonly fsync: boolean;
  private readonly checkpointBytes: number;
  private readonly maxLogBytes: number;
  /** Logs of failed checkpoints: their changes went back to `pending`; deleted after the next checkpoint. */
  private readonly unfinishedLogs: number[] = [];
  /** Bytes of the values in `pending`. */
  private pendingBytes = 0;
  private readonly checkpointConcurrency: number;
  private readonly revisions = new Map<string, number>();
  private readonly mutex = new KeyedMutex();
  private wal!: WriteAheadLog;
  private walSeq = 0;
  private pending = new Map<string, Pending>();
  private flushing = new Map<string, Pending>();
  private inflight = 0;
  private drained: (() => void) | undefined;
  private swapping: Promise<void> | undefined;
  private checkpointing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private closing = false;

  private constructor(options: FileStoreOptions) {
    this.dir = options.dir;
    this.tmpDir = join(options.dir, '.tmp');
    this.fsync = options.fsync ?? true;
    this.checkpointBytes = options.checkpointBytes ?? 16 * 1024 * 1024;
    this.maxLogBytes = options.maxLogBytes ?? 64 * 1024 * 1024;
    this.checkpointConcurrency = Math.max(1, options.checkpointConcurrency ?? 2);
    const every = options.checkpointIntervalMs ?? 300_000;
    this.timer = setInterval(() => {
      if (this.pending.size > 0) void this.checkpoint().catch(() => undefined);
    }, every);
    this.timer.unref();
  }

  /**
   * Opens (creating) the data dir, clears leftovers of interrupted writes, replays the logs
   * of a run that did not close cleanly, and takes the lock.
   */
  static async open(options: FileStoreOptions): Promise<FileStore> {
    const store = new FileStore(options);
    try {
      await mkdir(options.dir, { recursive: true });
      await rm(store.tmpDir, { recursive: true, force: true });
      await mkdir(store.tmpDir, { recursive: true });
      for (const b of BUCKETS) await mkdir(join(options.dir, b), { recursive: true });
      await writeFile(join(options.dir, 'LOCK'), `${process.pid}\n`);
      const logs = (await readdir(options.dir))
        .map((n) => /^wal-(\d+)\.log$/.exec(n))
        .flatMap((m) => (m ? [Number(m[1])] : []))
        .sort((a, b) => a - b);
      // Replay: the logs' intact records, last per key, go into one fresh log (a single
      // fsync) and are remembered as changes; the next checkpoint writes their key files.
      // The old logs go only once the new one is durable, so a crash here replays again.
      const last = new Map<string, LogRecord>();
      for (const seq of logs) {
        for (const r of await readLog(store.walPath(seq))) {
          store.path(r.bucket as StoreBucket, r.key);
          last.set(`${r.bucket}/${r.key}`, r);
        }
      }
      const replayed = new Map<string, Pending>();
      for (const [id, r] of last) {
        const entry = r.op === 'd' ? null : { value: r.value, revision: r.revision };
        replayed.set(id, { bucket: r.bucket as StoreBucket, key: r.key, entry });
      }
      store.walSeq = (logs[logs.length - 1] ?? 0) + 1;
      store.wal = await WriteAheadLog.open(store.walPath(store.walSeq), store.fsync);
      await Promise.all([...last.values()].map((r) => store.wal.append(r)));
      if (store.fsync) await syncFile(options.dir);
      for (const seq of logs) await rm(store.walPath(seq), { force: true });
      if (store.fsync) await syncFile(options.dir);
      store.pending = replayed;
      for (const p of replayed.values()) store.pendingBytes += p.entry?.value.byteLength ?? 0;
      for (const [id, p] of replayed) {
        if (p.entry) store.revisions.set(id, p.entry.revision);
        else store.revisions.delete(id);
      }
    } catch (cause) {
      store.stopTimer();
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
    const id = `${bucket}/${key}`;
    const remembered = this.pending.get(id) ?? this.flushing.get(id);
    if (remembered) {
      return remembered.entry
        ? { value: remembered.entry.value.slice(), revision: remembered.entry.revision }
        : undefined;
    }
    let raw: Buffer;
    try {
      raw = await readFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new OutpostError(ErrorCodes.STORE_FAILED, `cannot read ${file}`, { cause: e });
    }
    const entry = decodeKeyFile(raw, file);
    this.revisions.set(id, entry.revision);
    return entry;
  }

  async put(
    bucket: StoreBucket,
    key: string,
    value: Uint8Array,
    options?: { expectRevision?: number },
  ): Promise<number> {
    this.assertOpen();
    this.path(bucket, key);
    const id = `${bucket}/${key}`;
    return this.mutex.run(id, async () => {
      const current = await this.revisionOf(bucket, key);
      if (options?.expectRevision !== undefined && options.expectRevision !== current) {
        throw new StoreConflictError(bucket, key, options.expectRevision, current);
      }
      const revision = current + 1;
      const copy = value.slice();
      await this.logged(
        { op: 'p', bucket, key, revision, value: copy },
        { bucket, key, entry: { value: copy, revision } },
      );
      this.revisions.set(id, revision);
      return revision;
    });
  }

  async delete(bucket: StoreBucket, key: string): Promise<void> {
    this.assertOpen();
    this.path(bucket, key);
    const id = `${bucket}/${key}`;
    return this.mutex.run(id, async () => {
      if ((await this.revisionOf(bucket, key)) === 0) return;
      await this.logged(
        { op: 'd', bucket, key, revision: 0, value: new Uint8Array() },
        { bucket, key, entry: null },
      );
      this.revisions.delete(id);
    });
  }

  async keys(bucket: StoreBucket, prefix = ''): Promise<string[]> {
    this.assertOpen();
    const found = new Set((await readdir(join(this.dir, bucket))).map(fileNameToKey));
    for (const layer of [this.flushing, this.pending]) {
      for (const p of layer.values()) {
        if (p.bucket !== bucket) continue;
        if (p.entry) found.add(p.key);
        else found.delete(p.key);
      }
    }
    return [...found].filter((k) => k.startsWith(prefix)).sort();
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.put('hub', 'ping', new TextEncoder().encode(String(Date.now())));
  }

  /**
   * Writes every remembered change to its key file durably and deletes the log that held
   * it. Writes go on meanwhile, into a new log.
   */
  checkpoint(): Promise<void> {
    this.checkpointing ??= this.runCheckpoint().finally(() => {
      this.checkpointing = undefined;
    });
    return this.checkpointing;
  }

  async close(): Promise<void> {
    if (this.closed || this.closing) return;
    this.closing = true;
    this.stopTimer();
    await this.mutex.idle();
    while (this.checkpointing) await this.checkpointing;
    await this.checkpoint();
    this.closed = true;
    await this.wal.close();
    await rm(this.walPath(this.walSeq), { force: true });
    await rm(join(this.dir, 'LOCK'), { force: true });
  }

  private async runCheckpoint(): Promise<void> {
    // Swap: wait until no change sits between its log append and `pending`, then hand the
    // remembered changes and the log to this checkpoint and start a new log.
    let release!: () => void;
    this.swapping = new Promise<void>((resolve) => (release = resolve));
    let oldSeq: number;
    let oldWal: WriteAheadLog;
    try {
      if (this.inflight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      const next = await WriteAheadLog.open(this.walPath(this.walSeq + 1), this.fsync);
      this.flushing = this.pending;
      this.pending = new Map();
      this.pendingBytes = 0;
      oldSeq = this.walSeq;
      oldWal = this.wal;
      this.walSeq++;
      this.wal = next;
    } finally {
      this.swapping = undefined;
      release();
    }
    const dirs = new Set<string>();
    try {
      await this.writeKeyFiles([...this.flushing.values()], dirs);
      if (this.fsync) for (const d of dirs) await syncFile(d);
    } catch (err) {
      // The old log stays on disk (a restart replays it). Its changes go back to memory, so
      // reads keep seeing them and the next checkpoint writes them, unless newer ones came.
      for (const [id, p] of this.flushing) {
        if (this.pending.has(id)) continue;
        this.pending.set(id, p);
        this.pendingBytes += p.entry?.value.byteLength ?? 0;
      }
      this.flushing = new Map();
      this.unfinishedLogs.push(oldSeq);
      await oldWal.close().catch(() => undefined);
      throw err;
    }
    await oldWal.close();
    // Older logs first: a log must never outlive a newer one (a replay would bring back its
    // older values over newer key files).
    for (const seq of [...this.unfinishedLogs.splice(0), oldSeq])
      await rm(this.walPath(seq), { force: true });
    if (this.fsync) await syncFile(this.dir);
    this.flushing = new Map();
  }

  /**
   * Writes the changes to their key files. Few at a time: this is background work, and each
   * write holds one of the libuv threads that the log's fsync, Git reads and TLS also wait
   * for. When the changes remembered meanwhile pass `checkpointBytes` (writes come faster
   * than a slow disk takes the files), more writers join, up to {@link URGENT_WRITERS}, so
   * memory stays bounded.
   */
  private async writeKeyFiles(changes: Pending[], dirs: Set<string>): Promise<void> {
    let next = 0;
    let active = 0;
    const errors: unknown[] = [];
    const writers: Promise<void>[] = [];
    const writer = async (): Promise<void> => {
      try {
        while (next < changes.length && errors.length === 0) {
          const p = changes[next++]!;
          const file = this.path(p.bucket, p.key);
          dirs.add(dirname(file));
          if (p.entry)
            await writeKeyFile(this.tmpDir, file, encodeKeyFile(p.entry.value, p.entry.revision), this.fsync);
          else await rm(file, { force: true });
          if (this.pendingBytes > this.checkpointBytes && active < URGENT_WRITERS) spawn();
        }
      } catch (err) {
        errors.push(err);
      } finally {
        active--;
      }
    };
    const spawn = (): void => {
      active++;
      writers.push(writer());
    };
    for (let i = 0; i < Math.min(this.checkpointConcurrency, changes.length); i++) spawn();
    for (let i = 0; i < writers.length; i++) await writers[i];
    if (errors.length > 0) throw errors[0];
  }

  /** Appends the change to the log (durable when this resolves), then remembers it. */
  private async logged(record: LogRecord, change: Pending): Promise<void> {
    while (this.swapping) await this.swapping;
    this.inflight++;
    try {
      await this.wal.append(record);
      const id = `${change.bucket}/${change.key}`;
      this.pendingBytes +=
        (change.entry?.value.byteLength ?? 0) - (this.pending.get(id)?.entry?.value.byteLength ?? 0);
      this.pending.set(id, change);
    } catch (cause) {
      throw new OutpostError(
        ErrorCodes.STORE_FAILED,
        `cannot write ${record.bucket}/${record.key} in ${this.dir}`,
        { cause },
      );
    } finally {
      this.inflight--;
      if (this.inflight === 0 && this.drained) {
        this.drained();
        this.drained = undefined;
      }
    }
    if (this.pendingBytes > this.checkpointBytes || this.wal.bytes > this.maxLogBytes)
      void this.checkpoint().catch(() => undefined);
  }

  private walPath(seq: number): string {
    return join(this.dir, `wal-${seq}.log`);
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
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
    if (this.closed || this.closing) throw new Error('store: used after close');
  }
}
