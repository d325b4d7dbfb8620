import type { Client } from '@grpc/grpc-js';
import {
  ALL_CAPABILITIES,
  Backoff,
  Capabilities,
  ErrorCodes,
  KEEPALIVE_CHANNEL_OPTIONS,
  OutpostError,
  PROTOCOL_VERSION,
  VERSION,
  compileWireLimits,
  loadWireContract,
  sleep,
} from '@outpost/shared';
import type {
  AppStatus,
  LoadedMessage,
  Logger,
  ProtocolVersion,
  WireContract,
  WireLimits,
} from '@outpost/shared';
import type { ClientDuplexStream } from '@grpc/grpc-js';
import type { LinkCredentials } from './credentials.ts';
import type { LinkHost, LinkMetrics } from './link-host.ts';
import { HeldAssignments } from './held-assignments.ts';
import { LinkSession, callMetadata } from './link-session.ts';
import type { SessionEnd } from './link-session.ts';
import { StatusOutbox } from './status-outbox.ts';
import { classifyLinkError } from './transport-errors.ts';

/** Options of {@link HubLink}. */
export interface HubLinkOptions {
  /** The hub's gRPC address: `host:port` or `https://host:port`. */
  hub: string;
  cluster: string;
  /** This agent process (pod name), sent in Hello. */
  instanceId: string;
  credentials: LinkCredentials;
  /** The API server version, sent in Hello. */
  kubernetesVersion?: string;
  /** Reconnect backoff: first ceiling (default 500 ms) and cap (default 10 s), full jitter. */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** TLS server name to verify instead of the address's host (e.g. when dialling an IP). */
  tlsServerName?: string;
  /** Wire limits; the hub's Welcome overrides the ping and status intervals. */
  limits?: Partial<WireLimits>;
  /** Protocol version announced in Hello. Default this release's. */
  protocolVersion?: ProtocolVersion;
}

/** The link's lifecycle state. */
export type LinkState = 'idle' | 'connecting' | 'connected' | 'backoff' | 'stopped' | 'failed';

/** A snapshot for /readyz and the status endpoint. */
export interface LinkStatus {
  state: LinkState;
  hubId: string;
  connects: number;
  lastError: string;
  blobsReceived: number;
  blobBytesReceived: number;
  /** Of the blobs received, those the hub sent with their assignment (no request needed). */
  blobsPushed: number;
  /** Delta assignments adopted, and refused (each refusal ended a stream to get a whole one). */
  deltasApplied: number;
  deltasRefused: number;
  unacknowledgedStatus: number;
}

/**
 * The agent's one outbound stream to the hub, kept up for the life of the agent: dial
 * with TLS and the credentials provider, run a {@link LinkSession}, and when the stream
 * breaks, redial after a full-jitter capped backoff (reset once a stream was welcomed).
 * Advertises `assignment-delta`; the whole states that deltas are based on outlive streams.
 * A non-retryable Refusal (e.g. unsupported protocol major) or a transport error
 * classified as "give up" stops the link with an OutpostError LINK_REFUSED.
 */
export class HubLink {
  private readonly options: HubLinkOptions;
  private readonly host: LinkHost;
  private readonly metrics: LinkMetrics;
  private readonly log: Logger;
  private readonly contract: WireContract;
  private readonly limits: WireLimits;
  private readonly outbox: StatusOutbox;
  private session: LinkSession | undefined;
  private readonly snapshot: LinkStatus = {
    state: 'idle',
    hubId: '',
    connects: 0,
    lastError: '',
    blobsReceived: 0,
    blobBytesReceived: 0,
    blobsPushed: 0,
    deltasApplied: 0,
    deltasRefused: 0,
    unacknowledgedStatus: 0,
  };
  /** Whole states held, the bases of delta assignments; outlives each stream. */
  private readonly held = new HeldAssignments();

  constructor(options: HubLinkOptions, host: LinkHost, metrics: LinkMetrics, log: Logger) {
    this.options = options;
    this.host = host;
    this.log = log;
    this.limits = compileWireLimits(options.limits);
    this.outbox = new StatusOutbox({ minIntervalMs: this.limits.statusMinIntervalMs });
    this.contract = wireContract();
    this.metrics = {
      connected: (up) => metrics.connected(up),
      reconnect: () => metrics.reconnect(),
      blobsReceived: (count, bytes) => {
        this.snapshot.blobsReceived += count;
        this.snapshot.blobBytesReceived += bytes;
        metrics.blobsReceived(count, bytes);
      },
    };
  }

  /**
   * Runs until `signal` aborts (resolves) or the hub refuses this agent for good (rejects
   * with OutpostError LINK_REFUSED).
   */
  async run(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff({
      initialMs: this.options.reconnectInitialMs ?? 500,
      maxMs: this.options.reconnectMaxMs ?? 10_000,
    });
    while (!signal.aborted) {
      this.snapshot.state = 'connecting';
      const end = await this.connectOnce(signal);
      this.metrics.connected(false);
      if (signal.aborted) break;
      if (end.welcomed) backoff.reset();
      const fatal = this.fatalError(end);
      if (fatal) {
        this.snapshot.state = 'failed';
        this.snapshot.lastError = fatal.message;
        throw fatal;
      }
      this.snapshot.state = 'backoff';
      const delay = backoff.next();
      this.log.info({ delayMs: delay, err: this.snapshot.lastError }, 'hub stream ended; reconnecting');
      this.metrics.reconnect();
      await sleep(delay, signal).catch(() => undefined);
    }
    this.snapshot.state = 'stopped';
  }

  /** Queues an app's status for the hub (coalesced, acknowledged, resent after reconnects). */
  reportStatus(status: AppStatus): void {
    this.outbox.put(status);
    this.session?.flushStatus();
  }

  /** Tells the hub a generation was applied (also carried by the next Hello). */
  ackApplied(generation: number): void {
    this.session?.ackApplied(generation);
  }

  /** A snapshot of the link. */
  status(): LinkStatus {
    return { ...this.snapshot, unacknowledgedStatus: this.outbox.unacknowledged };
  }

  private async connectOnce(signal: AbortSignal): Promise<SessionEnd> {
    const { credentials } = this.options;
    const channelOptions: Record<string, string | number> = {
      ...KEEPALIVE_CHANNEL_OPTIONS,
      'grpc.max_receive_message_length': this.limits.maxMessageBytes,
      'grpc.max_send_message_length': this.limits.maxMessageBytes,
    };
    if (this.options.tlsServerName)
      channelOptions['grpc.ssl_target_name_override'] = this.options.tlsServerName;
    let client: Client;
    try {
      client = new this.contract.HubClient(
        hubTarget(this.options.hub),
        credentials.channelCredentials(),
        channelOptions,
      );
    } catch (err) {
      this.snapshot.lastError = (err as Error).message;
      return { kind: 'closed', welcomed: false, error: err };
    }
    const connect = (
      client as unknown as Record<string, (md: unknown) => ClientDuplexStream<LoadedMessage, LoadedMessage>>
    ).Connect!;
    const call = connect.call(client, callMetadata(credentials.metadata()));
    const g = this.host.generations();
    const session = new LinkSession({
      call,
      host: this.host,
      outbox: this.outbox,
      limits: this.limits,
      metrics: this.metrics,
      log: this.log,
      held: this.held,
      onPushedBlobs: (count) => (this.snapshot.blobsPushed += count),
      onDelta: (outcome) => {
        if (outcome === 'applied') this.snapshot.deltasApplied++;
        else this.snapshot.deltasRefused++;
      },
      hello: {
        kind: 'hello',
        hello: {
          cluster: this.options.cluster,
          version: this.options.protocolVersion ?? { ...PROTOCOL_VERSION },
          capabilities: [
            ...ALL_CAPABILITIES,
            Capabilities.assignmentDelta,
            Capabilities.statusDelta,
            Capabilities.blobPush,
          ],
          heldGeneration: g.held,
          appliedGeneration: g.applied,
          agentVersion: VERSION,
          kubernetesVersion: this.options.kubernetesVersion ?? '',
          instanceId: this.options.instanceId,
        },
      },
      onWelcome: (welcome) => {
        this.snapshot.state = 'connected';
        this.snapshot.hubId = welcome.hubId;
        this.snapshot.connects++;
        this.snapshot.lastError = '';
        this.metrics.connected(true);
        this.log.info({ hub: welcome.hubId, held: g.held, applied: g.applied }, 'connected to hub');
      },
    });
    this.session = session;
    const onAbort = () => session.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const end = await session.run();
      if (end.kind === 'refused') this.snapshot.lastError = `${end.code}: ${end.message}`;
      else if (end.error) this.snapshot.lastError = (end.error as Error).message;
      return end;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.session = undefined;
      this.outbox.requeue();
      client.close();
    }
  }

  private fatalError(end: SessionEnd): OutpostError | undefined {
    if (end.kind === 'refused') {
      if (end.retryable) return undefined;
      return new OutpostError(
        ErrorCodes.LINK_REFUSED,
        `the hub refused this agent: ${end.code}: ${end.message}`,
        {
          hint: 'this is not retried; fix the cause (e.g. upgrade the agent or the hub) and restart the agent',
          location: { cluster: this.options.cluster },
        },
      );
    }
    if (end.error && classifyLinkError(end.error) === 'give-up') {
      return new OutpostError(
        ErrorCodes.LINK_REFUSED,
        `the hub cannot serve this agent: ${(end.error as Error).message}`,
        {
          location: { cluster: this.options.cluster },
        },
      );
    }
    return undefined;
  }
}

let loadedContract: WireContract | undefined;

/** The loaded proto contract, shared by every link in the process (it is immutable once loaded). */
function wireContract(): WireContract {
  loadedContract ??= loadWireContract();
  return loadedContract;
}

/** `https://host:port` or `host:port` → the gRPC target `host:port` (default port 443). */
export function hubTarget(hub: string): string {
  const stripped = hub.replace(/^(https?|grpcs?):\/\//, '').replace(/\/+$/, '');
  return /:\d+$/.test(stripped) ? stripped : `${stripped}:443`;
}
