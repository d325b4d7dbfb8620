import { sleep } from '@outpost/shared';

/** Clock port of the rate limiter (tests pass a fake). */
export interface LimiterClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: LimiterClock = { now: () => Date.now(), sleep };

/**
 * Token bucket limiting requests to the agent's own API server: `qps` tokens per second,
 * at most `burst` saved up. `acquire()` waits for a token, so callers queue in order
 * rather than fail. `qps <= 0` disables limiting.
 */
export class RateLimiter {
  private readonly qps: number;
  private readonly burst: number;
  private readonly clock: LimiterClock;
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(qps: number, burst: number, clock: LimiterClock = realClock) {
    if (burst < 1 && qps > 0) throw new Error('rate limiter: burst must be at least 1');
    this.qps = qps;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Waits until a request may be sent. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.qps <= 0) return Promise.resolve();
    const turn = this.queue.then(() => this.take(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(signal?: AbortSignal): Promise<void> {
    this.refill();
    if (this.tokens < 1) {
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.qps) * 1000), signal);
      this.refill();
    }
    this.tokens -= 1;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
  }
}
