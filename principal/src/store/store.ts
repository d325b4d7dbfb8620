/**
 * The hub's state behind one small port, shaped like a key-value store with buckets so
 * that the embedded file store and NATS JetStream KV implement it alike. No file-system
 * or NATS assumption leaks through: values are bytes, keys are strings of
 * `[A-Za-z0-9._=-]` (and `/` as a separator), revisions are per-key numbers.
 */
export interface Store {
  /** Reads one key. */
  get(bucket: StoreBucket, key: string): Promise<StoreEntry | undefined>;
  /**
   * Writes one key; durable when the promise resolves. With `expectRevision`, fails with
   * `StoreConflictError` unless the key is at that revision (0 = must not exist).
   * Returns the new revision.
   */
  put(
    bucket: StoreBucket,
    key: string,
    value: Uint8Array,
    options?: { expectRevision?: number },
  ): Promise<number>;
  /** Removes one key (no error when absent). */
  delete(bucket: StoreBucket, key: string): Promise<void>;
  /** Keys of a bucket, optionally only those starting with `prefix`, sorted. */
  keys(bucket: StoreBucket, prefix?: string): Promise<string[]>;
  /** Reachable and writable (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The buckets the hub uses. */
export type StoreBucket = 'clusters' | 'tokens' | 'appsets' | 'assignments' | 'blobs' | 'status' | 'hub';

export interface StoreEntry {
  value: Uint8Array;
  revision: number;
}

/** Thrown by `put` when `expectRevision` does not match. */
export class StoreConflictError extends Error {
  readonly bucket: string;
  readonly key: string;
  constructor(bucket: string, key: string, expected: number, actual: number) {
    super(`store: ${bucket}/${key} is at revision ${actual}, expected ${expected}`);
    this.name = 'StoreConflictError';
    this.bucket = bucket;
    this.key = key;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** JSON helpers over a Store, for the typed repositories built on it. */
export async function getJson<T>(
  store: Store,
  bucket: StoreBucket,
  key: string,
): Promise<{ value: T; revision: number } | undefined> {
  const entry = await store.get(bucket, key);
  return entry && { value: JSON.parse(decoder.decode(entry.value)) as T, revision: entry.revision };
}

export function putJson(
  store: Store,
  bucket: StoreBucket,
  key: string,
  value: unknown,
  options?: { expectRevision?: number },
): Promise<number> {
  return store.put(bucket, key, encoder.encode(JSON.stringify(value)), options);
}
