import type { Logger, WireLimits } from '@outpost/shared';
import type { Fleet } from '../../fleet/fleet.ts';
import type { StatusBook } from '../../fleet/status-book.ts';
import type { AgentStream } from './agent-stream.ts';
import type { AgentAuthenticator } from './auth-mtls.ts';
import type { StreamCounters } from './stream-counters.ts';

/** What an {@link AgentStream} needs from the server that owns it. */
export interface StreamHost {
  readonly fleet: Pick<
    Fleet,
    'current' | 'mayServe' | 'readBlob' | 'cachedBlob' | 'acknowledgeHeld' | 'observeHeldGeneration'
  >;
  readonly status: StatusBook;
  readonly authenticator: AgentAuthenticator;
  readonly limits: WireLimits;
  /** Largest Blobs message the stream writes; see `HubGrpcServerOptions.writeBudgetBytes`. */
  readonly writeBudgetBytes: number;
  readonly hubId: string;
  readonly logger: Logger;
  now(): number;
  /** Serialises a HubMessage exactly as the wire carries it. */
  serialize(message: Record<string, unknown>): Buffer;
  /** The cluster's cumulative counters. */
  countersOf(cluster: string): StreamCounters;
  /**
   * The stream passed Hello: it becomes the cluster's one live stream, replacing an older one.
   * @throws OutpostError (the disconnect's code, e.g. CLUSTER_REVOKED) when the cluster was
   * disconnected after this stream's authentication began.
   */
  claim(stream: AgentStream): void;
  /** The stream ended. */
  release(stream: AgentStream, wasLive: boolean): void;
}
