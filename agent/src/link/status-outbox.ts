import { sameStatus, statusDelta, type AppStatus } from '@outpost/shared';

/**
 * A report ready to send: its sequence number and the latest status of each app in it,
 * as it goes on the wire (a delta where the stream negotiated `status-delta`).
 */
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
 *
 * With status deltas (capability `status-delta`, switched on per stream by
 * {@link startStream}) an app's status is sent as a delta against the status of it the
 * hub last acknowledged on this stream; the first of each app on a stream is whole. An
 * app with a report still in flight waits for its ack (and coalesces meanwhile), so
 * every delta is read against exactly the base it was made from.
 */
export class StatusOutbox {
  private readonly pending = new Map<string, AppStatus>();
  /** Per report in flight, the whole statuses it carried (by app). */
  private readonly inFlight = new Map<number, Map<string, AppStatus>>();
  /** Per app, the whole status the hub acknowledged on this stream: the delta base. */
  private readonly acked = new Map<string, AppStatus>();
  /** Per app, the newest status taken for sending on this stream (the hub has it or will). */
  private readonly taken = new Map<string, AppStatus>();
  private deltas = false;
  private minIntervalMs: number;
  private readonly maxInFlight: number;
  private seq = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(options: StatusOutboxOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? 2000;
    this.maxInFlight = options.maxInFlight ?? 4;
  }

  /**
   * Queues the latest status of one app, replacing any unsent one. A status that says the
   * same as the newest one queued or already sent on this stream (only its observation time
   * is newer, e.g. after a periodic full resync that changed nothing) is not queued: it
   * would cost the hub a report, a merge and a store write for nothing.
   */
  put(status: AppStatus): void {
    const newest = this.pending.get(status.name) ?? this.taken.get(status.name);
    if (newest && sameStatus(newest, status)) return;
    this.pending.set(status.name, status);
  }

  /** Adopts the interval the hub asked for in Welcome. */
  setMinInterval(ms: number): void {
    if (ms > 0) this.minIntervalMs = ms;
  }

  /**
   * A stream was welcomed: deltas are used on it when both sides negotiated
   * `status-delta`. Nothing is acknowledged on a new stream, so each app's first report
   * on it is whole.
   */
  startStream(deltas: boolean): void {
    this.deltas = deltas;
    this.acked.clear();
    this.taken.clear();
  }

  /** When the next report may go out (ms since epoch), or `undefined` when there is nothing to send. */
  dueAt(): number | undefined {
    if (this.inFlight.size >= this.maxInFlight || this.sendable().length === 0) return undefined;
    return this.lastSentAt + this.minIntervalMs;
  }

  /** Takes the next report if one is due at `now`. */
  take(now: number): OutgoingReport | undefined {
    const due = this.dueAt();
    if (due === undefined || now < due) return undefined;
    const seq = ++this.seq;
    const apps = new Map<string, AppStatus>();
    const wire: AppStatus[] = [];
    for (const status of this.sendable()) {
      this.pending.delete(status.name);
      this.taken.set(status.name, status);
      apps.set(status.name, status);
      wire.push(this.deltas ? statusDelta(this.acked.get(status.name), status) : status);
    }
    this.inFlight.set(seq, apps);
    this.lastSentAt = now;
    return { seq, apps: wire };
  }

  /**
   * The hub acknowledged report `seq`. Its statuses become the delta bases, except those
   * of `wholeNeeded` (apps whose delta the hub could not merge): they are queued again
   * to go whole, unless a newer status of the app is already queued (it then goes whole).
   */
  ack(seq: number, wholeNeeded: readonly string[] = []): void {
    const apps = this.inFlight.get(seq);
    this.inFlight.delete(seq);
    if (!apps || !this.deltas) return;
    const refused = new Set(wholeNeeded);
    for (const [name, status] of apps) {
      if (!refused.has(name)) {
        this.acked.set(name, status);
        continue;
      }
      this.acked.delete(name);
      if (!this.pending.has(name)) this.pending.set(name, status);
    }
  }

  private sendable(): AppStatus[] {
    const all = [...this.pending.values()];
    if (!this.deltas) return all;
    const busy = new Set<string>();
    for (const apps of this.inFlight.values()) for (const name of apps.keys()) busy.add(name);
    return all.filter((s) => !busy.has(s.name));
  }

  /**
   * The stream ended: every unacknowledged status returns to the queue (unless a newer one
   * for the same app is already queued) and sequence numbers restart for the next stream.
   * Nothing counts as acknowledged any more: the next stream starts with whole reports.
   */
  requeue(): void {
    this.acked.clear();
    this.taken.clear();
    this.deltas = false;
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
