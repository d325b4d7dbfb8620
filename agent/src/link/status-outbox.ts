import type { AppStatus } from '@outpost/shared';

/** A report ready to send: its sequence number and the latest status of each app in it. */
export interface OutgoingReport {
  seq: number;
  apps: AppStatus[];
}

/** Options of {@link StatusOutbox}. */
export interface StatusOutboxOptions {
  /** At most one report per this many ms (the hub's `statusMinIntervalMs`). Default 2000. */
  minIntervalMs?: number;
  /** Reports sent but not yet acknowledged before the outbox waits for acks. Default 4. */
  maxInFlight?: number;
}

/**
 * Status on its way to the hub: coalesced per app (a newer status replaces an unsent older
 * one), sent at a bounded rate, and kept until the hub acknowledges the report that
 * carried it. Unacknowledged statuses go back to the queue when the stream breaks and are
 * sent again on the next one; nothing is dropped, and memory is bounded by the number of
 * apps. Pure: the caller supplies the time and does the sending.
 */
export class StatusOutbox {
  private readonly pending = new Map<string, AppStatus>();
  private readonly inFlight = new Map<number, Map<string, AppStatus>>();
  private minIntervalMs: number;
  private readonly maxInFlight: number;
  private seq = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(options: StatusOutboxOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? 2000;
    this.maxInFlight = options.maxInFlight ?? 4;
  }

  /** Queues the latest status of one app, replacing any unsent one. */
  put(status: AppStatus): void {
    this.pending.set(status.name, status);
  }

  /** Adopts the interval the hub asked for in Welcome. */
  setMinInterval(ms: number): void {
    if (ms > 0) this.minIntervalMs = ms;
  }

  /** When the next report may go out (ms since epoch), or `undefined` when there is nothing to send. */
  dueAt(): number | undefined {
    if (this.pending.size === 0 || this.inFlight.size >= this.maxInFlight) return undefined;
    return this.lastSentAt + this.minIntervalMs;
  }

  /** Takes the next report if one is due at `now`. */
  take(now: number): OutgoingReport | undefined {
    const due = this.dueAt();
    if (due === undefined || now < due) return undefined;
    const seq = ++this.seq;
    const apps = new Map(this.pending);
    this.pending.clear();
    this.inFlight.set(seq, apps);
    this.lastSentAt = now;
    return { seq, apps: [...apps.values()] };
  }

  /** The hub acknowledged report `seq`. */
  ack(seq: number): void {
    this.inFlight.delete(seq);
  }

  /**
   * The stream ended: every unacknowledged status returns to the queue (unless a newer one
   * for the same app is already queued) and sequence numbers restart for the next stream.
   */
  requeue(): void {
    for (const apps of [...this.inFlight.keys()].sort((a, b) => a - b).map((s) => this.inFlight.get(s)!)) {
      for (const [name, status] of apps) if (!this.pending.has(name)) this.pending.set(name, status);
    }
    this.inFlight.clear();
    this.seq = 0;
    this.lastSentAt = Number.NEGATIVE_INFINITY;
  }

  /** Statuses not yet acknowledged (queued or in flight). */
  get unacknowledged(): number {
    let n = this.pending.size;
    for (const apps of this.inFlight.values()) n += apps.size;
    return n;
  }
}
