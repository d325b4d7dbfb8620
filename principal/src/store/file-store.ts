/**
 * The embedded `Store`: one file per key under `--data-dir`, crash-safe through a
 * write-ahead log with group commit and an in-memory table of recent writes.
 *
 * A put or delete is appended to the current log and fsynced (together with every change
 * that arrived meanwhile) before it resolves, and remembered in memory; reads see it at once.
 * Checkpoints write the remembered changes to their key files and delete the logs; opening a
 * data dir replays the logs left by a crash. So every acknowledged change survives kill -9 and
 * power loss, a fan-out of a thousand writes costs a few fsyncs, and a key written ten times
 * between checkpoints is written to its file once. Checksums catch torn or corrupt files
 * (STORE_FAILED naming the file). One process owns a data dir at a time (`<dir>/LOCK` holds
 * its pid).
 *
 * The parts, one file each: `data-dir.ts` (layout), `active-log.ts` (the log and its swap),
 * `remembered-changes.ts` (memory), `checkpointer.ts` (checkpoints) with
 * `checkpoint-failure-log.ts` (the warning when one fails in the background), `crash-replay.ts`
 * (opening after a crash), `key-file.ts` and `write-ahead-log.ts` (file formats). This class
 * holds them together and adds per-key serialisation and the revision cache.
 */
import { readFile, rm } from 'node:fs/promises';
import { ErrorCodes, LogFields, OutpostError, silentLogger, type Logger } from '@outpost/shared';
import type { ActiveLog } from './active-log.ts';
import { CheckpointFailureLog } from './checkpoint-failure-log.ts';
import { Checkpointer } from './checkpointer.ts';
import { replayLogs } from './crash-replay.ts';
import { DataDir } from './data-dir.ts';
import { decodeKeyFile } from './key-file.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { RememberedChanges, type Change } from './remembered-changes.ts';
import { StoreConflictError, type Store, type StoreBucket, type StoreEntry } from './store.ts';
import type { LogRecord } from './write-ahead-log.ts';

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
  /**
   * Key files a checkpoint writes at a time. Default 2. When the changes remembered during
   * a checkpoint pass `checkpointBytes` (a slow disk), more writers join, up to 16.
   */
  checkpointConcurrency?: number;
  /**
   * Where a checkpoint that failed in the background (started by the interval or a byte
   * limit) is reported: at `warn`, with the error and the data dir, at most once a minute
   * while failures repeat. The store adds `component: 'store'`. Default: nowhere.
   */
  logger?: Logger;
}

/** The crash-safe file implementation of the hub's {@link Store} port. */
export class FileStore implements Store {
  private readonly dataDir: DataDir;
  private readonly log: ActiveLog;
  private readonly changes: RememberedChanges;
  private readonly checkpointer: Checkpointer;
  private readonly revisions = new Map<string, number>();
  private readonly mutex = new KeyedMutex();
  private closed = false;
  private closing = false;

  private constructor(
    dataDir: DataDir,
    log: ActiveLog,
    changes: RememberedChanges,
    checkpointer: Checkpointer,
  ) {
    this.dataDir = dataDir;
    this.log = log;
    this.changes = changes;
    this.checkpointer = checkpointer;
  }

  /**
   * Opens (creating) the data dir, clears leftovers of interrupted writes, replays the logs
   * of a run that did not close cleanly, and takes the lock. Throws STORE_FAILED naming the
   * directory when any of that fails.
   */
  static async open(options: FileStoreOptions): Promise<FileStore> {
    const dataDir = new DataDir(options.dir);
    const fsync = options.fsync ?? true;
    let replayed: Awaited<ReturnType<typeof replayLogs>>;
    try {
      await dataDir.prepare();
      replayed = await replayLogs(dataDir, fsync);
    } catch (cause) {
      throw new OutpostError(ErrorCodes.STORE_FAILED, `cannot open data dir ${options.dir}`, {
        cause,
        hint: 'check that the directory is writable',
      });
    }
    const changes = new RememberedChanges();
    const checkpointer = new Checkpointer(
      dataDir,
      replayed.log,
      changes,
      {
        fsync,
        checkpointBytes: options.checkpointBytes ?? 16 * 1024 * 1024,
        maxLogBytes: options.maxLogBytes ?? 64 * 1024 * 1024,
        intervalMs: options.checkpointIntervalMs ?? 300_000,
        concurrency: options.checkpointConcurrency ?? 2,
      },
      {
        outcomes: new CheckpointFailureLog({
          logger: (options.logger ?? silentLogger()).child({ [LogFields.component]: 'store' }),
          dataDir: options.dir,
        }),
      },
    );
    const store = new FileStore(dataDir, replayed.log, changes, checkpointer);
    for (const c of replayed.changes) {
      changes.remember(c);
      if (c.entry) store.revisions.set(`${c.bucket}/${c.key}`, c.entry.revision);
    }
    return store;
  }

  async get(bucket: StoreBucket, key: string): Promise<StoreEntry | undefined> {
    this.assertOpen();
    const file = this.dataDir.keyPath(bucket, key);
    const remembered = this.changes.find(bucket, key);
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
    this.dataDir.keyPath(bucket, key);
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
    this.dataDir.keyPath(bucket, key);
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
    const found = new Set(await this.dataDir.keyFiles(bucket));
    this.changes.applyTo(bucket, found);
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
    return this.checkpointer.run();
  }

  /** Waits for the writes under way, checkpoints, and releases the data dir. */
  async close(): Promise<void> {
    if (this.closed || this.closing) return;
    this.closing = true;
    this.checkpointer.stop();
    await this.mutex.idle();
    await this.checkpointer.settled();
    await this.checkpointer.run();
    this.closed = true;
    await this.log.close();
    await rm(this.dataDir.logPath(this.log.seq), { force: true });
    await this.dataDir.unlock();
  }

  /** Appends the change to the log (durable when this resolves), then remembers it. */
  private async logged(record: LogRecord, change: Change): Promise<void> {
    try {
      await this.log.append(record, () => this.changes.remember(change));
    } catch (cause) {
      throw new OutpostError(
        ErrorCodes.STORE_FAILED,
        `cannot write ${record.bucket}/${record.key} in ${this.dataDir.dir}`,
        { cause },
      );
    }
    this.checkpointer.afterChange();
  }

  private async revisionOf(bucket: StoreBucket, key: string): Promise<number> {
    const cached = this.revisions.get(`${bucket}/${key}`);
    if (cached !== undefined) return cached;
    return (await this.get(bucket, key))?.revision ?? 0;
  }

  private assertOpen(): void {
    if (this.closed || this.closing) throw new Error('store: used after close');
  }
}
