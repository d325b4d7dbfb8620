import type { ClusterFacts } from '@outpost/shared';
import type { DesiredState } from '../state/desired-state.ts';

/**
 * What the link needs from the rest of the agent (a port, so the link knows nothing of
 * apply, drift or files): generations for Hello, which blobs are already held, and a place
 * to hand a complete assignment.
 */
export interface LinkHost {
  /** Newest generation held completely, and newest applied. */
  generations(): { held: number; applied: number };
  /** True when the blob with this digest is already held (it will not be requested). */
  holds(digest: string): boolean;
  /**
   * Adopts a complete assignment: `newBlobs` (digest-verified) together with the blobs
   * already held make up every object it references. Resolves once it is persisted; the
   * link then acknowledges it as held.
   */
  accept(desired: DesiredState, newBlobs: Map<string, string>): Promise<void>;
  /** Facts sent with every status report. */
  clusterFacts(): ClusterFacts;
}

/** Counters the link reports; implemented by the agent's Prometheus metrics. */
export interface LinkMetrics {
  connected(up: boolean): void;
  blobsReceived(count: number, bytes: number): void;
  reconnect(): void;
}

/** Link metrics that record nothing. */
export const noLinkMetrics: LinkMetrics = {
  connected: () => undefined,
  blobsReceived: () => undefined,
  reconnect: () => undefined,
};
