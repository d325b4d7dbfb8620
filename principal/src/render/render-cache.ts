/**
 * An LRU of render results that also merges concurrent requests for the same key: a
 * thousand clusters asking for one app at one commit start one render and share it.
 * Failures are not cached, so a fixed repository renders on the next request.
 *
 * Bounded by bytes as well as entries: a pending render counts 1 byte; once it settles its
 * entry is re-weighed with `sizeOf` (an estimate from the canonical JSON lengths), and the
 * least recently used entries are evicted until the total fits `maxBytes`. A single result
 * larger than the whole budget is returned to its callers but not kept.
 */
import { LRUCache } from 'lru-cache';

/** Counters for the status endpoint and metrics. */
export interface RenderCacheStats {
  hits: number;
  misses: number;
  /** Entries held. */
  size: number;
  /** Estimated bytes held (settled entries by `sizeOf`, pending ones as 1). */
  bytes: number;
}

/** Bounds of a {@link RenderCache}. */
export interface RenderCacheOptions<T> {
  /** Entries kept. Default 10 000. */
  maxEntries?: number;
  /** Estimated bytes kept. Default 128 MiB. */
  maxBytes?: number;
  /** The estimated size of a settled value in bytes (≥ 1). Default: 1 (entries only). */
  sizeOf?: (value: T) => number;
}

export class RenderCache<T extends object> {
  private readonly entries: LRUCache<string, Promise<T>>;
  private readonly sizeOf: (value: T) => number;
  private hits = 0;
  private misses = 0;

  constructor(options: RenderCacheOptions<T> = {}) {
    this.sizeOf = options.sizeOf ?? (() => 1);
    this.entries = new LRUCache<string, Promise<T>>({
      max: options.maxEntries ?? 10_000,
      maxSize: options.maxBytes ?? 128 * 1024 * 1024,
    });
  }

  /** The cached value for `key`, or the result of `compute()` (then cached). */
  get(key: string, compute: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const pending = compute();
    this.entries.set(key, pending, { size: 1 });
    pending.then(
      (value) => {
        if (this.entries.peek(key) !== pending) return;
        const size = Math.max(1, Math.ceil(this.sizeOf(value)));
        // Re-weighing evicts older entries to fit, or drops this one if it alone is too big.
        // (lru-cache keeps the old size when the same value is set again: delete first.)
        this.entries.delete(key);
        this.entries.set(key, pending, { size });
      },
      () => {
        if (this.entries.peek(key) === pending) this.entries.delete(key);
      },
    );
    return pending;
  }

  stats(): RenderCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      size: this.entries.size,
      bytes: this.entries.calculatedSize,
    };
  }

  clear(): void {
    this.entries.clear();
  }
}
