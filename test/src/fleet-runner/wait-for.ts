/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long. Default 30 000 ms. */
  timeoutMs?: number;
  /** Poll interval. Default 25 ms. */
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns a value other than `undefined`/`false` and returns it;
 * fails with `what` and the last probe error after the timeout. Tests wait on conditions,
 * never on fixed sleeps.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, false | undefined>> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as Exclude<T, false | undefined>;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError ? `: ${(lastError as Error).message}` : '';
      throw new Error(`timed out waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
  }
}
