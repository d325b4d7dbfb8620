/**
 * Fan-out of events to listeners and async iterators. Each iterator buffers what it has
 * not consumed yet (events are small and rare: one per repository move), and ends when
 * its signal aborts.
 */
export class ChangeFeed<T> {
  private readonly listeners = new Set<(event: T) => void>();

  /** Delivers `event` to every listener and open iterator. A throwing listener does not stop the others. */
  publish(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // a listener's failure is its own; the feed keeps delivering
      }
    }
  }

  /** Calls `listener` for each event from now on; returns the function that unsubscribes. */
  subscribe(listener: (event: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events from now on, until `signal` aborts (then the iteration ends normally). */
  async *iterate(signal?: AbortSignal): AsyncGenerator<T, void, undefined> {
    if (signal?.aborted) return;
    const buffer: T[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = this.subscribe((event) => {
      buffer.push(event);
      wake?.();
    });
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      for (;;) {
        while (buffer.length > 0) yield buffer.shift() as T;
        if (signal?.aborted) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
