/** Options for {@link Backoff}. */
export interface BackoffOptions {
  /** First delay ceiling in ms. Default 500. */
  initialMs?: number;
  /** Largest delay ceiling in ms. Default 30 000. */
  maxMs?: number;
  /** Growth factor per attempt. Default 2. */
  factor?: number;
  /** Source of randomness in [0, 1); injectable for tests. Default Math.random. */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter: the n-th delay is uniform in
 * [0, min(max, initial * factor^n)). Full jitter spreads a fleet that lost its hub
 * at the same moment, so reconnects do not stampede. The one retry policy used by
 * every loop in the project.
 */
export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.random = options.random ?? Math.random;
    if (this.initialMs <= 0 || this.maxMs < this.initialMs || this.factor < 1) {
      throw new Error('backoff: need 0 < initialMs <= maxMs and factor >= 1');
    }
  }

  /** The ceiling for the current attempt, without jitter. */
  ceiling(): number {
    return Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
  }

  /** The next delay in ms (and advances the attempt counter). */
  next(): number {
    const delay = Math.floor(this.random() * this.ceiling());
    if (this.ceiling() < this.maxMs) this.attempt++;
    return delay;
  }

  /** Call after a success. */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when aborted first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
