/**
 * Runs `work` for every item with at most `limit` in flight (bounded concurrency for I/O
 * fan-out such as store writes); rejects with the first failure. For an array or a
 * collection with a `size`, no more runners start than there are items.
 */
export async function forEachLimit<T>(
  items: Iterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const it = items[Symbol.iterator]();
  const runner = async (): Promise<void> => {
    for (let next = it.next(); !next.done; next = it.next()) await work(next.value);
  };
  const known = Array.isArray(items) ? items.length : (items as { size?: unknown }).size;
  const runners = typeof known === 'number' ? Math.min(limit, known) : limit;
  await Promise.all(Array.from({ length: Math.max(1, runners) }, runner));
}
