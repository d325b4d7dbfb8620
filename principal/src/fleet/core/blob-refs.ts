/**
 * Reference counts of blobs across the fleet's assignments (each cluster's current and
 * in-flight previous one). A blob shared by a thousand clusters is stored once and counted
 * a thousand times; when its count reaches zero it may be deleted.
 */
export class BlobRefCounter {
  private readonly counts = new Map<string, number>();

  /** Adds one reference to each digest; returns those that had none before. */
  retain(digests: Iterable<string>): string[] {
    const fresh: string[] = [];
    for (const d of digests) {
      const n = this.counts.get(d) ?? 0;
      if (n === 0) fresh.push(d);
      this.counts.set(d, n + 1);
    }
    return fresh;
  }

  /** Drops one reference from each digest; returns those no longer referenced. */
  release(digests: Iterable<string>): string[] {
    const dead: string[] = [];
    for (const d of digests) {
      const n = this.counts.get(d) ?? 0;
      if (n <= 1) {
        this.counts.delete(d);
        if (n === 1) dead.push(d);
      } else this.counts.set(d, n - 1);
    }
    return dead;
  }

  /** True while at least one assignment references the digest. */
  has(digest: string): boolean {
    return this.counts.has(digest);
  }

  count(digest: string): number {
    return this.counts.get(digest) ?? 0;
  }

  get size(): number {
    return this.counts.size;
  }
}
