import { StoreConflictError, type Store, type StoreBucket, type StoreEntry } from './store.ts';

/**
 * A `Store` in memory: for unit tests of the features built on the store, and for
 * `outpost demo` runs that need no persistence. Same semantics as the file store.
 */
export class MemoryStore implements Store {
  private readonly data = new Map<string, StoreEntry>();

  async get(bucket: StoreBucket, key: string): Promise<StoreEntry | undefined> {
    const e = this.data.get(`${bucket}/${key}`);
    return e && { value: e.value.slice(), revision: e.revision };
  }

  async put(
    bucket: StoreBucket,
    key: string,
    value: Uint8Array,
    options?: { expectRevision?: number },
  ): Promise<number> {
    const id = `${bucket}/${key}`;
    const current = this.data.get(id)?.revision ?? 0;
    if (options?.expectRevision !== undefined && options.expectRevision !== current) {
      throw new StoreConflictError(bucket, key, options.expectRevision, current);
    }
    const revision = current + 1;
    this.data.set(id, { value: value.slice(), revision });
    return revision;
  }

  async delete(bucket: StoreBucket, key: string): Promise<void> {
    this.data.delete(`${bucket}/${key}`);
  }

  async keys(bucket: StoreBucket, prefix = ''): Promise<string[]> {
    const head = `${bucket}/`;
    return [...this.data.keys()]
      .filter((k) => k.startsWith(head))
      .map((k) => k.slice(head.length))
      .filter((k) => k.startsWith(prefix))
      .sort();
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
