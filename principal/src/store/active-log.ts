/**
 * The write-ahead log that takes the store's changes now, and its swap for a new one when a
 * checkpoint begins. A change is appended (durable) and then remembered; the swap waits until
 * no change sits between those two steps, so every change is either in the old log and in
 * the memory the checkpoint takes, or in the new log and in the memory left behind. Changes
 * that arrive during the swap wait for it, then go to the new log.
 */
import type { DataDir } from './data-dir.ts';
import { WriteAheadLog, type LogRecord } from './write-ahead-log.ts';

/** A log taken out of service by a swap: still open, so the checkpoint can close it. */
export interface RetiredLog {
  seq: number;
  wal: WriteAheadLog;
}

/** The current log of a data dir (`wal-<seq>.log`), swappable under concurrent appends. */
export class ActiveLog {
  private readonly dataDir: DataDir;
  private readonly fsync: boolean;
  private wal: WriteAheadLog;
  private current: number;
  private inflight = 0;
  private drained: (() => void) | undefined;
  private swapping: Promise<void> | undefined;

  private constructor(dataDir: DataDir, seq: number, wal: WriteAheadLog, fsync: boolean) {
    this.dataDir = dataDir;
    this.current = seq;
    this.wal = wal;
    this.fsync = fsync;
  }

  /** Opens (creating) `wal-<seq>.log` for appending; `fsync` as in `FileStoreOptions`. */
  static async open(dataDir: DataDir, seq: number, fsync: boolean): Promise<ActiveLog> {
    return new ActiveLog(dataDir, seq, await WriteAheadLog.open(dataDir.logPath(seq), fsync), fsync);
  }

  /** Sequence number of the current log. */
  get seq(): number {
    return this.current;
  }

  /** Bytes in the current log. */
  get bytes(): number {
    return this.wal.bytes;
  }

  /**
   * Appends `record` (resolves once it is fsynced with its group), then calls `remember`
   * before a swap can take place. Rejects with the log's I/O error.
   */
  async append(record: LogRecord, remember: () => void): Promise<void> {
    while (this.swapping) await this.swapping;
    this.inflight++;
    try {
      await this.wal.append(record);
      remember();
    } finally {
      this.inflight--;
      if (this.inflight === 0 && this.drained) {
        this.drained();
        this.drained = undefined;
      }
    }
  }

  /**
   * Starts the next log: waits for the appends under way, opens `wal-<seq+1>.log`, calls
   * `handOver` (the checkpoint takes the remembered changes) and switches. Returns the
   * previous log, still open. When the new log cannot be opened, nothing changes.
   */
  async swap(handOver: () => void): Promise<RetiredLog> {
    let release!: () => void;
    this.swapping = new Promise<void>((resolve) => (release = resolve));
    try {
      if (this.inflight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      const next = await WriteAheadLog.open(this.dataDir.logPath(this.current + 1), this.fsync);
      handOver();
      const retired = { seq: this.current, wal: this.wal };
      this.current++;
      this.wal = next;
      return retired;
    } finally {
      this.swapping = undefined;
      release();
    }
  }

  /** Closes the current log once its appends are written. */
  close(): Promise<void> {
    return this.wal.close();
  }
}
