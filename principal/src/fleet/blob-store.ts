import { LRUCache } from 'lru-cache';
import type { Store } from '../store/store.ts';

/** Store key of a digest: the port's keys allow no `:`. */
export function blobKey(digest: string): string {
  return digest.replace(':', '-');
}

function digestOfKey(key: string): string {
  return key.replace('-', ':');
}

/** Options of {@link BlobStore}. */
export interface BlobStoreOptions {
  /** Bytes of blob content kept in memory for fan-out reads. Default 64 MiB. */
  cacheBytes?: number;
}

/**
 * Content-addressed objects in the store's `blobs` bucket, stored once however many
 * clusters reference them, with an LRU cache so a fan-out to a thousand agents reads
 * each new blob from disk once.
 */
export class BlobStore {
  private readonly store: Store;
  private readonly cache: LRUCache<string, Uint8Array>;
  private readonly encoder = new TextEncoder();

  constructor(store: Store, options: BlobStoreOptions = {}) {
    this.store = store;
    this.cache = new LRUCache<string, Uint8Array>({
      maxSize: options.cacheBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (v) => Math.max(1, v.byteLength),
    });
  }

  /** Stores a blob (idempotent: content-addressed). */
  async put(digest: string, canonical: string): Promise<void> {
    const bytes = this.encoder.encode(canonical);
    await this.store.put('blobs', blobKey(digest), bytes);
    this.cache.set(digest, bytes);
  }

  /** The blob's canonical JSON bytes, or undefined when not stored. */
  async get(digest: string): Promise<Uint8Array | undefined> {
    const hit = this.cache.get(digest);
    if (hit) return hit;
    const entry = await this.store.get('blobs', blobKey(digest));
    if (entry) this.cache.set(digest, entry.value);
    return entry?.value;
  }

  /** The blob's bytes if they are in the memory cache, without reading the store. */
  cached(digest: string): Uint8Array | undefined {
    return this.cache.get(digest);
  }

  async delete(digest: string): Promise<void> {
    this.cache.delete(digest);
    await this.store.delete('blobs', blobKey(digest));
  }

  /** Every stored digest. */
  async digests(): Promise<string[]> {
    return (await this.store.keys('blobs')).map(digestOfKey);
  }
}
