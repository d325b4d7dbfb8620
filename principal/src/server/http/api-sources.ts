import type { Registry } from '../../registry/registry.ts';
import type { DesiredState, ReportedStatus } from './fleet-view.ts';

/** An ApplicationSet's resolution as the status API shows it. */
export interface AppSetStatus {
  name: string;
  /** `store` (managed with `outpost appset apply`), `file` (`outpost principal --appset`) or `git`. */
  source: 'store' | 'file' | 'git';
  /** Number of Applications it generated at the last resolution. */
  applications: number;
  errors: string[];
}

/** A change the SSE `watch` stream announces. */
export interface FleetChange {
  kind: 'cluster' | 'status' | 'assignment' | 'appset';
  cluster?: string;
}

/**
 * What the HTTP API reads from the rest of the hub. The hub's composition root fills it from
 * the fleet, the status book and the stream server; everything but `registry` is optional so
 * the API also serves a hub that is still starting.
 */
export interface HttpApiSources {
  registry: Registry;
  /** Desired state per cluster (generation, placed apps). */
  desired?: () => Iterable<DesiredState>;
  /** What agents reported, per cluster. */
  reported?: () => Iterable<ReportedStatus>;
  appsetStatus?: () => Promise<AppSetStatus[]>;
  /** Subscribes to fleet changes (status, assignments); returns unsubscribe. */
  onChange?: (listener: (change: FleetChange) => void) => () => void;
  /** Reasons the hub is not ready (empty = ready). The store is pinged by the API itself. */
  notReady?: () => Promise<string[]>;
  /** Refreshes the repositories matching these URLs now; returns the ones refreshed. */
  refreshRepos?: (urls: string[]) => Promise<string[]>;
  /** What `cluster register` prints in the join command. */
  join: { grpcAddress: string; caPem: string; caFingerprint: string };
  /** The store, pinged by /readyz. */
  ping: () => Promise<void>;
}
