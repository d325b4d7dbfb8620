import { Metadata } from '@grpc/grpc-js';
import type { ClientDuplexStream } from '@grpc/grpc-js';
import {
  AssignmentAssembler,
  Capabilities,
  ErrorCodes,
  OutpostError,
  PROTOCOL_VERSION,
  agentMessageToWire,
  hubMessageFromWire,
  negotiateVersion,
} from '@outpost/shared';
import type {
  AgentMessage,
  Assignment,
  HubMessage,
  LoadedMessage,
  Logger,
  Welcome,
  WireLimits,
} from '@outpost/shared';
import type { DesiredState } from '../state/desired-state.ts';
import { referencedDigests } from '../state/desired-state.ts';
import { BlobFetcher } from './blob-fetcher.ts';
import type { HeldAssignments } from './held-assignments.ts';
import type { LinkHost, LinkMetrics } from './link-host.ts';
import type { StatusOutbox } from './status-outbox.ts';

/** How one stream ended. */
export type SessionEnd =
  | { kind: 'closed'; welcomed: boolean; error?: unknown }
  | { kind: 'refused'; welcomed: boolean; code: string; message: string; retryable: boolean };

/** Everything a session needs, handed over by the link for one stream. */
export interface SessionContext {
  call: ClientDuplexStream<LoadedMessage, LoadedMessage>;
  hello: AgentMessage;
  host: LinkHost;
  outbox: StatusOutbox;
  limits: WireLimits;
  metrics: LinkMetrics;
  log: Logger;
  /** Whole states held, the bases of delta assignments (kept by the link across streams). */
  held: HeldAssignments;
  /** Called once the hub sent Welcome. */
  onWelcome(welcome: Welcome): void;
  /** Called for each delta assignment: adopted, or refused (the stream is then ended). */
  onDelta(outcome: 'applied' | 'refused'): void;
  /** Called when an assignment brought blobs the agent needed (capability `blob-push`). */
  onPushedBlobs(count: number): void;
}

/**
 * One Connect stream: sends Hello, checks the version in Welcome (one minor apart at most),
 * assembles chunked assignments (the newest wins), turns a delta assignment into the whole
 * state against the held one it is based on (a delta that does not fit ends the stream, so
 * the next one starts with a whole assignment), requests only blobs the agent does not hold, hands complete assignments to the host and
 * acknowledges them, answers pings, watches for a silent hub, and flushes coalesced status
 * reports at the hub's rate. Ends when the stream ends; the link decides what comes next.
 */
export class LinkSession {
  private readonly ctx: SessionContext;
  private readonly assembler = new AssignmentAssembler();
  private welcomed = false;
  private ended = false;
  private lastHeardAt = Date.now();
  private pingIntervalMs: number;
  private pingNonce = 0;
  private latest: Assignment | undefined;
  private working = false;
  private fetcher: BlobFetcher | undefined;
  private livenessTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private finish!: (end: SessionEnd) => void;
  /** Settles when the stream is over. */
  readonly ended$: Promise<SessionEnd>;

  constructor(ctx: SessionContext) {
    this.ctx = ctx;
    this.pingIntervalMs = ctx.limits.pingIntervalMs;
    this.ended$ = new Promise((resolve) => {
      this.finish = (end) => {
        if (this.ended) return;
        this.ended = true;
        clearInterval(this.livenessTimer);
        clearTimeout(this.statusTimer);
        this.fetcher?.cancel(new Error('stream ended'));
        resolve(end);
      };
    });
  }

  /** Starts the exchange; returns how it ended. */
  run(): Promise<SessionEnd> {
    const { call } = this.ctx;
    call.on('data', (m: LoadedMessage) => this.onMessage(m));
    call.on('error', (err) => this.finish({ kind: 'closed', welcomed: this.welcomed, error: err }));
    call.on('end', () => this.finish({ kind: 'closed', welcomed: this.welcomed }));
    this.send(this.ctx.hello);
    this.armLiveness();
    return this.ended$;
  }

  /** Acknowledges that a generation was applied. */
  ackApplied(generation: number): void {
    if (this.welcomed) this.send({ kind: 'ack', ack: { generation, held: true, applied: true } });
  }

  /** Sends due status now or schedules it. */
  flushStatus(): void {
    if (!this.welcomed || this.ended) return;
    const report = this.ctx.outbox.take(Date.now());
    if (report)
      this.send({
        kind: 'status',
        status: { seq: report.seq, apps: report.apps, cluster: this.ctx.host.clusterFacts() },
      });
    const due = this.ctx.outbox.dueAt();
    clearTimeout(this.statusTimer);
    if (due !== undefined)
      this.statusTimer = setTimeout(() => this.flushStatus(), Math.max(0, due - Date.now()));
  }

  /** Ends the stream from this side. */
  cancel(): void {
    this.ctx.call.cancel();
    this.finish({ kind: 'closed', welcomed: this.welcomed });
  }

  private onMessage(raw: LoadedMessage): void {
    this.lastHeardAt = Date.now();
    let msg: HubMessage;
    try {
      msg = hubMessageFromWire(raw);
    } catch (err) {
      this.ctx.log.warn({ err: (err as Error).message }, 'ignoring undecodable hub message');
      return;
    }
    switch (msg.kind) {
      case 'welcome': {
        const negotiated = negotiateVersion(
          this.ctx.hello.kind === 'hello' ? this.ctx.hello.hello.version : PROTOCOL_VERSION,
          msg.welcome.version,
        );
        if (!negotiated.ok) {
          this.ctx.call.cancel();
          this.finish({ kind: 'refused', welcomed: false, ...negotiated.refusal });
          return;
        }
        this.welcomed = true;
        if (msg.welcome.pingIntervalMs > 0) this.pingIntervalMs = msg.welcome.pingIntervalMs;
        this.ctx.outbox.setMinInterval(msg.welcome.statusMinIntervalMs);
        this.ctx.outbox.startStream(msg.welcome.capabilities.includes(Capabilities.statusDelta));
        this.armLiveness();
        this.ctx.onWelcome(msg.welcome);
        this.flushStatus();
        return;
      }
      case 'refusal':
        this.ctx.call.cancel();
        this.finish({ kind: 'refused', welcomed: this.welcomed, ...msg.refusal });
        return;
      case 'assignment':
        this.onAssignmentChunk(msg.assignment);
        return;
      case 'blobs':
        this.fetcher?.receive(msg.blobs);
        return;
      case 'statusAck':
        this.ctx.outbox.ack(msg.statusAck.seq, msg.statusAck.wholeNeeded);
        this.flushStatus();
        return;
      case 'ping':
        this.send({ kind: 'pong', pong: { nonce: msg.ping.nonce } });
        return;
      case 'pong':
        return;
    }
  }

  private onAssignmentChunk(chunk: Assignment): void {
    let whole: Assignment | undefined;
    try {
      whole = this.assembler.add(chunk);
    } catch (err) {
      this.ctx.log.warn(
        { err: (err as Error).message },
        'dropping a malformed chunked assignment; reconnecting',
      );
      this.cancel();
      return;
    }
    if (!whole) return;
    this.latest = whole;
    this.fetcher?.cancel(new Error(`superseded by generation ${whole.generation}`));
    if (!this.working) void this.drain();
  }

  /** Processes the newest complete assignment until no newer one is waiting. */
  private async drain(): Promise<void> {
    this.working = true;
    try {
      while (this.latest && !this.ended) {
        const a = this.latest;
        this.latest = undefined;
        try {
          await this.adopt(a);
        } catch (err) {
          if (this.ended || this.latest) continue;
          this.ctx.log.warn(
            { generation: a.generation, err: (err as Error).message },
            'could not adopt assignment',
          );
        }
      }
    } finally {
      this.working = false;
    }
  }

  private async adopt(a: Assignment): Promise<void> {
    const { host, limits } = this.ctx;
    if (a.generation !== host.generations().held) {
      const desired = this.resolve(a);
      if (!desired) return;
      const missing = [...referencedDigests(desired)].filter((d) => !host.holds(d));
      const fetcher = new BlobFetcher(missing);
      this.fetcher = fetcher;
      // Blobs the hub sent along (capability blob-push): checked like fetched ones; only
      // the rest is requested.
      if (a.blobs?.length) {
        fetcher.receive({ blobs: a.blobs, refused: [] });
        if (fetcher.receivedCount > 0) this.ctx.onPushedBlobs(fetcher.receivedCount);
      }
      for (const digests of fetcher.batches(limits.maxDigestsPerRequest))
        this.send({ kind: 'blobRequest', blobRequest: { digests } });
      const blobs = await fetcher.done;
      if (blobs.size > 0) this.ctx.metrics.blobsReceived(blobs.size, fetcher.receivedBytes);
      this.ctx.log.info(
        {
          generation: a.generation,
          base: a.baseGeneration ?? 0,
          fetched: blobs.size,
          bytes: fetcher.receivedBytes,
        },
        'assignment received',
      );
      await host.accept(desired, blobs);
      this.ctx.held.remember(desired);
      if (a.baseGeneration) this.ctx.onDelta('applied');
    } else if (!a.baseGeneration && !a.apps.some((app) => app.objectsDelta)) {
      // Already held (same generation, same content): it may be the base of the next delta.
      this.ctx.held.remember(this.ctx.held.resolve(a));
    }
    const g = host.generations();
    this.send({
      kind: 'ack',
      ack: { generation: a.generation, held: true, applied: g.applied >= a.generation },
    });
  }

  /**
   * The whole desired state `a` describes, or `undefined` when it is a delta that cannot be
   * applied: nothing is adopted and the stream ends, so the hub sends the whole assignment
   * on the next one (it sends deltas only against a generation acknowledged on the stream).
   */
  private resolve(a: Assignment): DesiredState | undefined {
    try {
      return this.ctx.held.resolve(a);
    } catch (err) {
      this.ctx.log.warn(
        {
          generation: a.generation,
          base: a.baseGeneration ?? 0,
          held: this.ctx.held.generations(),
          err: (err as Error).message,
        },
        'cannot apply the assignment; reconnecting for a whole one',
      );
      if (a.baseGeneration) this.ctx.onDelta('refused');
      this.cancel();
      return undefined;
    }
  }

  private armLiveness(): void {
    clearInterval(this.livenessTimer);
    this.livenessTimer = setInterval(() => {
      const silent = Date.now() - this.lastHeardAt;
      if (silent > 3 * this.pingIntervalMs) {
        this.ctx.log.warn({ silentMs: silent }, 'hub silent for three ping intervals; reconnecting');
        this.cancel();
      } else if (silent > this.pingIntervalMs) {
        this.send({ kind: 'ping', ping: { nonce: ++this.pingNonce, sentUnixMs: Date.now() } });
      }
    }, this.pingIntervalMs);
    this.livenessTimer.unref();
  }

  private send(m: AgentMessage): void {
    if (this.ended) return;
    try {
      this.ctx.call.write(agentMessageToWire(m));
    } catch (err) {
      this.finish({
        kind: 'closed',
        welcomed: this.welcomed,
        error: new OutpostError(
          ErrorCodes.PROTOCOL_LIMIT_EXCEEDED,
          `cannot send ${m.kind}: ${(err as Error).message}`,
        ),
      });
    }
  }
}

/** Builds the call metadata from the credentials provider. */
export function callMetadata(values: Record<string, string>): Metadata {
  const md = new Metadata();
  for (const [k, v] of Object.entries(values)) md.set(k, v);
  return md;
}
