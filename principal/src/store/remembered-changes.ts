/**
 * The file store's changes between their log append and their key file: every put or
 * delete is remembered here once it is durable in the log, so reads see it at once, until a
 * checkpoint has written it to its key file. Two layers: `pending` (changed since the last
 * checkpoint began; new changes go here) and `flushing` (taken by the running checkpoint).
 * Reads look at `pending` first. Only the newest change of each key is kept, so a key
 * written ten times between checkpoints is written to its file once.
 */
import type { StoreBucket, StoreEntry } from './store.ts';

/** A change remembered until a checkpoint writes it to its key file (`entry: null` = deleted). */
export interface Change {
  bucket: StoreBucket;
  key: string;
  entry: StoreEntry | null;
}

function idOf(bucket: StoreBucket, key: string): string {
  return `${bucket}/${key}`;
}

function sizeOf(change: Change | undefined): number {
  return change?.entry?.value.byteLength ?? 0;
}

/** The two layers of remembered changes, and the bytes of the values not yet taken. */
export class RememberedChanges {
  private pending = new Map<string, Change>();
  private flushing = new Map<string, Change>();
  private pendingBytes = 0;

  /**
   * Bytes of the values changed since the running checkpoint (if any) took the others:
   * what bounds the memory, and what makes a checkpoint due.
   */
  get bytes(): number {
    return this.pendingBytes;
  }

  /** Keys changed since the last checkpoint began. */
  get size(): number {
    return this.pending.size;
  }

  /** The newest remembered change of a key, if any. */
  find(bucket: StoreBucket, key: string): Change | undefined {
    const id = idOf(bucket, key);
    return this.pending.get(id) ?? this.flushing.get(id);
  }

  /** Remembers a change, replacing an older one of the same key. */
  remember(change: Change): void {
    const id = idOf(change.bucket, change.key);
    this.pendingBytes += sizeOf(change) - sizeOf(this.pending.get(id));
    this.pending.set(id, change);
  }

  /** Adds the remembered changes of `bucket` to (puts) or removes them from (deletes) `keys`. */
  applyTo(bucket: StoreBucket, keys: Set<string>): void {
    for (const layer of [this.flushing, this.pending]) {
      for (const c of layer.values()) {
        if (c.bucket !== bucket) continue;
        if (c.entry) keys.add(c.key);
        else keys.delete(c.key);
      }
    }
  }

  /**
   * Hands the pending changes to a checkpoint: they move to `flushing` (still readable) and
   * new changes start an empty `pending`.
   */
  take(): Change[] {
    this.flushing = this.pending;
    this.pending = new Map();
    this.pendingBytes = 0;
    return [...this.flushing.values()];
  }

  /** The checkpoint wrote the taken changes: they are forgotten. */
  written(): void {
    this.flushing = new Map();
  }

  /**
   * The checkpoint failed: its changes go back to `pending`, so reads keep seeing them and
   * the next checkpoint writes them, unless a newer change of the same key came meanwhile.
   */
  putBack(): void {
    for (const [id, c] of this.flushing) {
      if (this.pending.has(id)) continue;
      this.pending.set(id, c);
      this.pendingBytes += sizeOf(c);
    }
    this.flushing = new Map();
  }
}
