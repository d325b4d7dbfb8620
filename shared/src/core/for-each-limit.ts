/**
 * Runs `work` for every item with at most `limit` in flight (bounded concurrency for I/O
 * fan-out such as store writes); rejects with the first failure.
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
  await Promise.all(Array.from({ length: Math.max(1, limit) }, runner));
}
