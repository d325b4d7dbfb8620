/**
 * The file store's checkpoints: they copy the remembered changes to their key files and
 * delete the log that held them, so memory and the replay after a crash stay bounded.
 *
 * A checkpoint is due when the remembered values pass `checkpointBytes` (memory) or the log
 * passes `maxLogBytes` (replay time, disk), and otherwise every `intervalMs` while there are
 * changes; the store also runs one on close. One runs at a time. It swaps the log (writes go
 * on into the new one), writes the key files a few at a time (background work: each write
 * holds one of the libuv threads that the log's fsync, Git reads and TLS also wait for),
 * fsyncs their directories and deletes the old log. When it fails, its changes go back to
 * memory and its log stays until a later checkpoint succeeds (a restart replays it); when
 * the timer or a limit started or joined it, no caller sees the error, so it goes to
 * {@link CheckpointOutcomes}.
 */
import { rm } from 'node:fs/promises';
import type { ActiveLog } from './active-log.ts';
import { ignoredOutcomes, type CheckpointOutcomes } from './checkpoint-failure-log.ts';
import type { DataDir } from './data-dir.ts';
import { encodeKeyFile, syncFile, writeKeyFile } from './key-file.ts';
import type { Change, RememberedChanges } from './remembered-changes.ts';

/** Key-file writers of a checkpoint that is falling behind the writes. */
export const URGENT_WRITERS = 16;

/** Writes one change to its key file (a delete removes the file). */
export type WriteChange = (change: Change) => Promise<void>;

/** When checkpoints run and how they write; see `FileStoreOptions` for the meaning and defaults. */
export interface CheckpointPolicy {
  fsync: boolean;
  checkpointBytes: number;
  maxLogBytes: number;
  intervalMs: number;
  /** Key files written at a time while the writes keep up (at least 1). */
  concurrency: number;
}

/** Options of {@link writeKeyFiles}. */
export interface KeyFileWritersOptions {
  /** Writers that start. */
  concurrency: number;
  /** True while the changes remembered since the checkpoint began pass the limit. */
  behind: () => boolean;
  /** The key-file write. */
  write: WriteChange;
}

/**
 * Writes `changes` with `concurrency` writers. After each write, while `behind()` holds
 * (writes come faster than a slow disk takes the files), one more writer joins, up to
 * {@link URGENT_WRITERS}, so memory stays bounded. The first error stops the writers (the
 * writes under way finish) and is thrown.
 */
export async function writeKeyFiles(
  changes: readonly Change[],
  options: KeyFileWritersOptions,
): Promise<void> {
  let next = 0;
  let active = 0;
  const errors: unknown[] = [];
  const writers: Promise<void>[] = [];
  const writer = async (): Promise<void> => {
    try {
      while (next < changes.length && errors.length === 0) {
        await options.write(changes[next++]!);
        if (options.behind() && active < URGENT_WRITERS) spawn();
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
  for (let i = 0; i < Math.min(options.concurrency, changes.length); i++) spawn();
  for (let i = 0; i < writers.length; i++) await writers[i];
  if (errors.length > 0) throw errors[0];
}

/** The durable key-file write of a data dir: temp file, fsync, rename. */
export function keyFileWriter(dataDir: DataDir, fsync: boolean): WriteChange {
  return async (change) => {
    const file = dataDir.keyPath(change.bucket, change.key);
    if (!change.entry) return rm(file, { force: true });
    const bytes = encodeKeyFile(change.entry.value, change.entry.revision);
    await writeKeyFile(dataDir.tmpDir, file, bytes, fsync);
  };
}

/** The checkpointer's ports; each has a default. */
export interface CheckpointPorts {
  /** The key-file write. Default {@link keyFileWriter}. */
  write?: WriteChange;
  /** Told of failed background checkpoints and of every success. Default nobody. */
  outcomes?: CheckpointOutcomes;
}

/** Runs the checkpoints of one open store. */
export class Checkpointer {
  private readonly dataDir: DataDir;
  private readonly log: ActiveLog;
  private readonly changes: RememberedChanges;
  private readonly policy: CheckpointPolicy;
  private readonly write: WriteChange;
  private readonly outcomes: CheckpointOutcomes;
  /** Logs of failed checkpoints: deleted with the log of the next checkpoint that succeeds. */
  private readonly unfinishedLogs: number[] = [];
  private running: Promise<void> | undefined;
  /** The checkpoint whose failure is already reported to the outcomes port. */
  private watched: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** Starts the interval timer (unref'd; {@link stop} ends it). */
  constructor(
    dataDir: DataDir,
    log: ActiveLog,
    changes: RememberedChanges,
    policy: CheckpointPolicy,
    ports: CheckpointPorts = {},
  ) {
    this.dataDir = dataDir;
    this.log = log;
    this.changes = changes;
    this.policy = policy;
    this.write = ports.write ?? keyFileWriter(dataDir, policy.fsync);
    this.outcomes = ports.outcomes ?? ignoredOutcomes;
    this.timer = setInterval(() => {
      if (this.changes.size > 0) this.runInBackground();
    }, policy.intervalMs);
    this.timer.unref();
  }

  /** Whether the remembered values or the log passed their limit. */
  get due(): boolean {
    return this.changes.bytes > this.policy.checkpointBytes || this.log.bytes > this.policy.maxLogBytes;
  }

  /** Starts a checkpoint in the background when one is due (call after each change). */
  afterChange(): void {
    if (this.due) this.runInBackground();
  }

  /**
   * Writes every remembered change to its key file durably and deletes the log that held
   * it; joins the checkpoint under way if there is one. Rejects with the I/O error when a
   * key file cannot be written (the changes stay readable and go to the next checkpoint).
   */
  run(): Promise<void> {
    this.running ??= this.checkpoint().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves once no checkpoint runs (ignoring their failures). */
  async settled(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  /** Stops the interval timer. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Runs (or joins) a checkpoint for the timer or a limit, whose failure no caller sees: it
   * goes to the outcomes port, once per checkpoint however many changes joined it.
   */
  private runInBackground(): void {
    const run = this.run();
    if (run === this.watched) return;
    this.watched = run;
    run.catch((err: unknown) => this.outcomes.failed(err));
  }

  private async checkpoint(): Promise<void> {
    let taken: Change[] = [];
    const old = await this.log.swap(() => (taken = this.changes.take()));
    try {
      await writeKeyFiles(taken, {
        concurrency: Math.max(1, this.policy.concurrency),
        behind: () => this.changes.bytes > this.policy.checkpointBytes,
        write: this.write,
      });
      if (this.policy.fsync) {
        for (const d of new Set(taken.map((c) => this.dataDir.bucketPath(c.bucket)))) await syncFile(d);
      }
    } catch (err) {
      this.changes.putBack();
      this.unfinishedLogs.push(old.seq);
      await old.wal.close().catch(() => undefined);
      throw err;
    }
    await old.wal.close();
    // Older logs first: a log must never outlive a newer one (a replay would bring back its
    // older values over newer key files).
    for (const seq of [...this.unfinishedLogs.splice(0), old.seq]) {
      await rm(this.dataDir.logPath(seq), { force: true });
    }
    if (this.policy.fsync) await syncFile(this.dataDir.dir);
    this.changes.written();
    this.outcomes.succeeded();
  }
}
