/**
 * The hub's gRPC server for agents: the `Connect` stream (one live stream per cluster, a
 * new one replaces the old), TLS always, HTTP/2 keepalive, one hub-wide ping timer, new
 * generations pushed to connected agents as soon as the fleet persisted them. OPS plugs
 * `Enroll`/`Renew` in with {@link HubGrpcServer.addUnaryHandlers} before `start()`.
 */
import { randomUUID } from 'node:crypto';
import { Server } from '@grpc/grpc-js';
import type { ServerDuplexStream, UntypedHandleCall } from '@grpc/grpc-js';
import {
  ErrorCodes,
  KEEPALIVE_SERVER_OPTIONS,
  LogFields,
  OutpostError,
  compileWireLimits,
  loadWireContract,
} from '@outpost/shared';
import type { ErrorCode, LoadedMessage, Logger, Refusal, WireLimits } from '@outpost/shared';
import type { Fleet } from '../../fleet/fleet.ts';
import type { StatusBook } from '../../fleet/status-book.ts';
import { AgentStream } from './agent-stream.ts';
import type { AgentAuthenticator } from './auth-mtls.ts';
import { agentServerCredentials, type HubTlsMaterial } from './auth-server-credentials.ts';
import { countedHubService } from './counted-service.ts';
import { emptyCounters, type StreamCounters } from './stream-counters.ts';
import type { StreamHost } from './stream-host.ts';

/** Options of {@link HubGrpcServer}. */
export interface HubGrpcServerOptions {
  fleet: Fleet;
  status: StatusBook;
  authenticator: AgentAuthenticator;
  tls: HubTlsMaterial;
  /**
   * Refuse TLS handshakes without a client certificate. Default false: certificates are
   * requested but optional, so Enroll (no certificate yet) shares the port, and the
   * authenticator decides.
   */
  requireClientCertificate?: boolean;
  /** `host:port` to listen on; port 0 picks a free one. Default `0.0.0.0:8443`. */
  listen?: string;
  limits?: Partial<WireLimits>;
  /** Identifies this hub in Welcome. Default a random UUID. */
  hubId?: string;
  /**
   * Largest Blobs message the hub writes to an agent (a single larger blob still goes
   * alone). Default 14 KiB: Node's TLS socket keeps, for the life of the connection, an
   * outgoing buffer sized for the largest single write of 16 KiB or more (~32 KiB for a 17 KiB
   * message); below that it reuses one 16 KiB buffer
   * (docs/decisions/hub-connection-memory.md). Assignment chunks keep their own size.
   */
  writeBudgetBytes?: number;
  /** A stream silent for this many ping intervals is closed. Default 3. */
  deadAfterPings?: number;
  logger: Logger;
  now?: () => number;
}

/** One connected cluster in {@link HubGrpcServer.status}. */
export interface StreamStatus {
  cluster: string;
  connected: boolean;
  peer: string;
  instanceId: string;
  heldGeneration: number;
  sentGeneration: number;
  counters: StreamCounters;
}

export class HubGrpcServer implements StreamHost {
  readonly fleet: Fleet;
  readonly status: StatusBook;
  readonly authenticator: AgentAuthenticator;
  readonly limits: WireLimits;
  readonly writeBudgetBytes: number;
  readonly hubId: string;
  readonly logger: Logger;
  readonly now: () => number;
  private readonly options: HubGrpcServerOptions;
  private readonly contract = loadWireContract();
  private readonly live = new Map<string, AgentStream>();
  private readonly all = new Set<AgentStream>();
  private readonly counters = new Map<string, StreamCounters>();
  /** Order of events: when each stream was accepted (its authentication began), when each cluster was disconnected. */
  private sequence = 0;
  private readonly acceptedAt = new WeakMap<AgentStream, number>();
  private readonly disconnectedAt = new Map<string, { at: number; refusal: Refusal }>();
  private readonly unary: Record<string, UntypedHandleCall> = {};
  private server: Server | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private pingNonce = 0;
  private unsubscribe: (() => void) | undefined;
  private boundPort = 0;

  constructor(options: HubGrpcServerOptions) {
    this.options = options;
    this.fleet = options.fleet;
    this.status = options.status;
    this.authenticator = options.authenticator;
    this.limits = compileWireLimits(options.limits);
    this.writeBudgetBytes = options.writeBudgetBytes ?? 14 * 1024;
    this.hubId = options.hubId ?? randomUUID();
    this.logger = options.logger.child({ [LogFields.component]: 'grpc' });
    this.now = options.now ?? Date.now;
  }

  /** Registers unary handlers (e.g. `{ Enroll, Renew }`); call before {@link start}. */
  addUnaryHandlers(handlers: Record<string, UntypedHandleCall>): void {
    if (this.server) throw new Error('hub server: add handlers before start()');
    Object.assign(this.unary, handlers);
  }

  /** Binds and starts serving; returns the bound port. */
  async start(): Promise<number> {
    const server = new Server({
      ...KEEPALIVE_SERVER_OPTIONS,
      'grpc.max_receive_message_length': this.limits.maxMessageBytes,
      'grpc.max_send_message_length': this.limits.maxMessageBytes,
      // No channelz: nothing reads it, and it keeps a trace and call tracker per connection
      // (docs/decisions/hub-connection-memory.md).
      'grpc.enable_channelz': 0,
    });
    server.addService(countedHubService(this.contract.hubService), {
      ...this.unary,
      Connect: (call: ServerDuplexStream<LoadedMessage, Buffer | LoadedMessage>) => this.accept(call),
    });
    const credentials = agentServerCredentials(this.options.tls, {
      requireClientCertificate: this.options.requireClientCertificate ?? false,
    });
    const listen = this.options.listen ?? '0.0.0.0:8443';
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(listen, credentials, (err, port) =>
        err
          ? reject(
              new OutpostError(ErrorCodes.CONFIG_INVALID, `cannot listen on ${listen}: ${err.message}`, {
                cause: err,
              }),
            )
          : resolve(port),
      ),
    );
    this.server = server;
    this.unsubscribe = this.fleet.onAssignment((record) =>
      this.live.get(record.cluster)?.pushAssignment(record),
    );
    this.pingTimer = setInterval(() => this.pingAll(), this.limits.pingIntervalMs);
    this.pingTimer.unref();
    this.logger.info({ port: this.boundPort }, 'agent stream server listening');
    return this.boundPort;
  }

  /** The bound port (0 before start). */
  get port(): number {
    return this.boundPort;
  }

  /** Ends a cluster's stream, e.g. when it is unregistered (not retryable by default). */
  /**
   * A stream of the cluster still between authentication and Hello cannot become live either
   * (its credentials were checked before the disconnect): {@link claim} refuses it.
   */
  disconnect(cluster: string, refusal?: Partial<Refusal>): boolean {
    const full: Refusal = {
      code: refusal?.code ?? ErrorCodes.CLUSTER_REVOKED,
      message: refusal?.message ?? `cluster ${cluster} was disconnected by the hub`,
      retryable: refusal?.retryable ?? false,
    };
    this.disconnectedAt.set(cluster, { at: ++this.sequence, refusal: full });
    const stream = this.live.get(cluster);
    if (!stream) return false;
    stream.refuse(full);
    return true;
  }

  /** A snapshot of every cluster the server has seen a stream for. */
  streams(): StreamStatus[] {
    return [...this.counters.keys()].sort().map((cluster) => {
      const s = this.live.get(cluster);
      return {
        cluster,
        connected: s !== undefined,
        peer: s?.peer ?? '',
        instanceId: s?.instanceId ?? '',
        heldGeneration: s?.heldGeneration ?? 0,
        sentGeneration: s?.sentGeneration ?? 0,
        counters: { ...this.countersOf(cluster) },
      };
    });
  }

  /** Refuses every stream as retryable (agents back off and come back) and shuts down. */
  async stop(): Promise<void> {
    clearInterval(this.pingTimer);
    this.unsubscribe?.();
    for (const s of [...this.all]) {
      s.refuse({ code: ErrorCodes.HUB_SHUTTING_DOWN, message: 'the hub is shutting down', retryable: true });
    }
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 2000);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  serialize(message: Record<string, unknown>): Buffer {
    return this.contract.hubService.Connect!.responseSerialize(message);
  }

  countersOf(cluster: string): StreamCounters {
    let c = this.counters.get(cluster);
    if (!c) {
      c = emptyCounters();
      this.counters.set(cluster, c);
    }
    return c;
  }

  claim(stream: AgentStream): void {
    const disconnected = this.disconnectedAt.get(stream.cluster);
    if (disconnected && disconnected.at > (this.acceptedAt.get(stream) ?? 0)) {
      // Authenticated before the cluster was disconnected (e.g. unregistered): too late now.
      throw new OutpostError(disconnected.refusal.code as ErrorCode, disconnected.refusal.message, {
        location: { cluster: stream.cluster },
      });
    }
    const old = this.live.get(stream.cluster);
    this.live.set(stream.cluster, stream);
    if (old && old !== stream) {
      old.refuse({
        code: ErrorCodes.STREAM_REPLACED,
        message: `a newer stream of cluster ${stream.cluster} replaced this one`,
        retryable: true,
      });
    }
  }

  release(stream: AgentStream, wasLive: boolean): void {
    this.all.delete(stream);
    if (this.live.get(stream.cluster) !== stream) return;
    this.live.delete(stream.cluster);
    const prior = this.status.get(stream.cluster)?.connection;
    if (wasLive && prior)
      this.status.connection(stream.cluster, { ...prior, connected: false, sinceMs: this.now() });
  }

  private accept(call: ServerDuplexStream<LoadedMessage, Buffer | LoadedMessage>): void {
    const stream = new AgentStream(call, this);
    this.acceptedAt.set(stream, ++this.sequence);
    this.all.add(stream);
    stream.start();
  }

  private pingAll(): void {
    const deadline = this.now() - this.limits.pingIntervalMs * (this.options.deadAfterPings ?? 3);
    const nonce = ++this.pingNonce;
    for (const s of [...this.all]) {
      if (s.lastHeardMs < deadline) {
        s.refuse({
          code: ErrorCodes.AGENT_SILENT,
          message: 'no message from the agent within three ping intervals',
          retryable: true,
        });
      } else s.ping(nonce);
    }
  }
}
