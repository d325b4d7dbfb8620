import type { ClusterInfo } from '../appsets/application.ts';

/**
 * The fleet's view of registered clusters. OPS's registry implements it on the store;
 * {@link StaticClusterDirectory} serves tests and single-file setups.
 */
export interface ClusterDirectory {
  /** Every registered cluster. */
  list(): Promise<readonly ClusterInfo[]>;
  /** Calls `listener` after the set of clusters changed; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
}

/** An in-memory {@link ClusterDirectory} whose clusters are set by code. */
export class StaticClusterDirectory implements ClusterDirectory {
  private clusters: ClusterInfo[];
  private readonly listeners = new Set<() => void>();

  constructor(clusters: readonly ClusterInfo[] = []) {
    this.clusters = [...clusters];
  }

  async list(): Promise<readonly ClusterInfo[]> {
    return this.clusters;
  }

  /** Replaces the clusters and notifies listeners. */
  set(clusters: readonly ClusterInfo[]): void {
    this.clusters = [...clusters];
    for (const l of this.listeners) l();
  }

  /** Adds or replaces one cluster by name and notifies listeners. */
  upsert(cluster: ClusterInfo): void {
    this.set([...this.clusters.filter((c) => c.name !== cluster.name), cluster]);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
