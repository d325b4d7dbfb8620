/**
 * An LRU of render results that also merges concurrent requests for the same key: a
 * thousand clusters asking for one app at one commit start one render and share it.
 * Failures are not cached, so a fixed repository renders on the next request.
 */
import { LRUCache } from 'lru-cache';

/** Counters for the status endpoint and metrics. */
export interface RenderCacheStats {
  hits: number;
  misses: number;
  size: number;
}

export class RenderCache<T extends object> {
  private readonly entries: LRUCache<string, Promise<T>>;
  private hits = 0;
  private misses = 0;

  /** @param max entries kept (default 1000). */
  constructor(max = 1000) {
    this.entries = new LRUCache<string, Promise<T>>({ max });
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
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.peek(key) === pending) this.entries.delete(key);
    });
    return pending;
  }

  stats(): RenderCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }

  clear(): void {
    this.entries.clear();
  }
}
