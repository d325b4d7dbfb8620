/**
 * Request/reply over a Node IPC channel (`child_process.fork`), used between the benchmark
 * driver, the hub process and the agent worker processes. Either side can call the other;
 * one-way notices (no reply) carry events such as "hub noticed a commit". The channel is a
 * small port so tests can wire two peers together in memory.
 */

/** The part of `process` / `ChildProcess` the peer needs. */
export interface IpcChannel {
  send(message: unknown): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** A message on the wire. */
export type IpcMessage =
  | { kind: 'call'; id: number; method: string; params: unknown }
  | { kind: 'reply'; id: number; ok: true; result: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string }
  | { kind: 'notice'; topic: string; data: unknown };

type Handler = (params: unknown) => unknown;

/** One end of the channel. */
export class IpcPeer {
  private readonly channel: IpcChannel;
  private readonly handlers = new Map<string, Handler>();
  private readonly noticeListeners = new Map<string, Set<(data: unknown) => void>>();
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closedReason: string | undefined;

  constructor(channel: IpcChannel) {
    this.channel = channel;
    channel.on('message', (m) => this.receive(m as IpcMessage));
  }

  /** Serves `method`; the handler's result (or rejection) goes back to the caller. */
  handle<P, R>(method: string, handler: (params: P) => R | Promise<R>): void {
    this.handlers.set(method, handler as Handler);
  }

  /** Calls `method` on the other side. Rejects with the remote error's message. */
  call<R>(method: string, params: unknown = {}): Promise<R> {
    if (this.closedReason) return Promise.reject(new Error(this.closedReason));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.channel.send({ kind: 'call', id, method, params } satisfies IpcMessage);
    });
  }

  /** Sends a one-way notice. */
  notify(topic: string, data: unknown = {}): void {
    if (!this.closedReason) this.channel.send({ kind: 'notice', topic, data } satisfies IpcMessage);
  }

  /** Listens to notices on `topic`; returns the unsubscribe function. */
  onNotice<D>(topic: string, listener: (data: D) => void): () => void {
    let set = this.noticeListeners.get(topic);
    if (!set) this.noticeListeners.set(topic, (set = new Set()));
    set.add(listener as (data: unknown) => void);
    return () => set.delete(listener as (data: unknown) => void);
  }

  /** Fails every pending and future call (the other side exited). */
  close(reason: string): void {
    this.closedReason = reason;
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
  }

  private receive(m: IpcMessage): void {
    if (m.kind === 'notice') {
      for (const l of this.noticeListeners.get(m.topic) ?? []) l(m.data);
    } else if (m.kind === 'reply') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    } else if (m.kind === 'call') {
      void this.serve(m);
    }
  }

  private async serve(m: { id: number; method: string; params: unknown }): Promise<void> {
    const handler = this.handlers.get(m.method);
    let reply: IpcMessage;
    try {
      if (!handler) throw new Error(`no handler for ${m.method}`);
      reply = { kind: 'reply', id: m.id, ok: true, result: (await handler(m.params)) ?? null };
    } catch (err) {
      reply = { kind: 'reply', id: m.id, ok: false, error: `${m.method}: ${(err as Error).message}` };
    }
    if (!this.closedReason) this.channel.send(reply);
  }
}
