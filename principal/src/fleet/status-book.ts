/**
 * Status intake: per cluster, the latest status of each app (latest wins), the cluster
 * facts and the agent's connection, as the status API and its change feed serve them.
 * Persisted to the store's `status` bucket coalesced in time: changes mark their cluster,
 * and one write pass every `persistIntervalMs` writes each marked cluster's newest state
 * once. A fan-out brings three changes per cluster within a second or two (held,
 * status, applied); they cost one write, not three. The book is served from memory; agents
 * send their whole status again when they reconnect, so a crash loses nothing that
 * matters. A restarted hub {@link StatusBook.load | loads} what was persisted: the last-known
 * status of every registered cluster, shown as disconnected until its agent is back — for
 * an edge cluster that is offline when the hub restarts, all there is to show.
 */
import {
  LogFields,
  applyStatusDelta,
  isStatusDelta,
  type Ack,
  type AppStatus,
  type ClusterFacts,
  type Logger,
  type StatusReport,
} from '@outpost/shared';
import { getJson, putJson, type Store } from '../store/store.ts';
import { StringInterner } from './core/string-interner.ts';

/** The agent's connection as the hub sees it. */
export interface AgentConnection {
  connected: boolean;
  instanceId: string;
  agentVersion: string;
  kubernetesVersion: string;
  peer: string;
  sinceMs: number;
  heldGeneration: number;
  appliedGeneration: number;
}

/** One cluster's status. */
export interface ClusterStatus {
  cluster: string;
  connection: AgentConnection | undefined;
  facts: ClusterFacts | undefined;
  apps: Record<string, AppStatus>;
  updatedAtMs: number;
}

/** A change-feed event: which cluster changed and what kind of change. */
export interface StatusChange {
  cluster: string;
  kind: 'connection' | 'status' | 'ack';
}

/** Options of {@link StatusBook}. */
export interface StatusBookOptions {
  /** Where statuses are persisted; none: memory only. */
  store?: Store;
  logger: Logger;
  /** Milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Longest time a change waits before it is written. Default 2000 ms. */
  persistIntervalMs?: number;
}

export class StatusBook {
  private readonly clusters = new Map<string, ClusterStatus>();
  private readonly listeners = new Set<(change: StatusChange) => void>();
  private readonly dirty = new Set<string>();
  private writing: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly store: Store | undefined;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly persistIntervalMs: number;
  /** One copy of the strings many clusters report (kinds, names, sync and health words). */
  private readonly strings = new StringInterner();

  constructor(options: StatusBookOptions) {
    this.store = options.store;
    this.logger = options.logger.child({ [LogFields.component]: 'status' });
    this.now = options.now ?? Date.now;
    this.persistIntervalMs = options.persistIntervalMs ?? 2000;
  }

  /**
   * Records a StatusReport: each app's entry is replaced by the newer one (by observed
   * time). A delta (capability `status-delta`) is merged into the stored status by resource
   * key. A delta that cannot be read against a whole status held here (none stored, or
   * the stored one is newer) leaves the entry as it is.
   *
   * @returns the names of apps whose delta was not merged: the agent must send them whole
   * (the stream's StatusAck says so).
   */
  report(cluster: string, report: StatusReport): string[] {
    const s = this.entry(cluster);
    const wholeNeeded: string[] = [];
    for (const app of report.apps) {
      const old = s.apps[app.name];
      if (old && app.observedUnixMs < old.observedUnixMs) {
        if (isStatusDelta(app)) wholeNeeded.push(app.name);
        continue;
      }
      const merged = applyStatusDelta(old, app);
      if (merged) s.apps[app.name] = this.strings.internAppStatus(merged);
      else wholeNeeded.push(app.name);
    }
    if (wholeNeeded.length > 0)
      this.logger.debug(
        { [LogFields.cluster]: cluster, apps: wholeNeeded },
        'status delta without a whole base',
      );
    if (report.cluster)
      s.facts = {
        ...report.cluster,
        kubernetesVersion: this.strings.intern(report.cluster.kubernetesVersion),
      };
    this.changed(cluster, 'status');
    return wholeNeeded;
  }

  /**
   * Reads the statuses a previous run persisted, before any agent connects: each registered
   * cluster's last-known status, its connection marked disconnected. Statuses of clusters no
   * longer registered are deleted from the store; an unreadable one is skipped with a warning
   * naming the cluster. Returns how many were loaded.
   */
  async load(registered: (cluster: string) => boolean): Promise<number> {
    const store = this.store;
    if (!store) return 0;
    let loaded = 0;
    for (const cluster of await store.keys('status')) {
      if (!registered(cluster)) {
        await store.delete('status', cluster);
        continue;
      }
      try {
        const status = (await getJson<ClusterStatus>(store, 'status', cluster))?.value;
        if (!status || typeof status.apps !== 'object' || status.apps === null)
          throw new Error('not a cluster status');
        const apps: Record<string, AppStatus> = {};
        for (const [name, app] of Object.entries(status.apps)) apps[name] = this.strings.internAppStatus(app);
        this.clusters.set(cluster, {
          cluster,
          connection: status.connection && { ...status.connection, connected: false },
          facts: status.facts,
          apps,
          updatedAtMs: status.updatedAtMs,
        });
        loaded++;
      } catch (err) {
        this.logger.warn(
          { [LogFields.cluster]: cluster, [LogFields.err]: err },
          'ignoring an unreadable persisted status',
        );
      }
    }
    return loaded;
  }

  /** Records that an agent connected (or disconnected when `connection.connected` is false). */
  connection(cluster: string, connection: AgentConnection): void {
    this.entry(cluster).connection = {
      ...connection,
      agentVersion: this.strings.intern(connection.agentVersion),
      kubernetesVersion: this.strings.intern(connection.kubernetesVersion),
    };
    this.changed(cluster, 'connection');
  }

  /** Records an Ack: generations held and applied. */
  ack(cluster: string, ack: Ack): void {
    const c = this.entry(cluster).connection;
    if (c) {
      if (ack.held) c.heldGeneration = Math.max(c.heldGeneration, ack.generation);
      if (ack.applied) c.appliedGeneration = Math.max(c.appliedGeneration, ack.generation);
    }
    this.changed(cluster, 'ack');
  }

  /** One cluster's status, if anything was heard of it. */
  get(cluster: string): ClusterStatus | undefined {
    return this.clusters.get(cluster);
  }

  /** Every cluster's status, sorted by name. */
  snapshot(): ClusterStatus[] {
    return [...this.clusters.values()].sort((a, b) => (a.cluster < b.cluster ? -1 : 1));
  }

  /** Subscribes to changes (the SSE change feed); returns an unsubscribe function. */
  onChange(listener: (change: StatusChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes every change not yet written now, and waits until all writes finished. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writeDirty();
  }

  private entry(cluster: string): ClusterStatus {
    let s = this.clusters.get(cluster);
    if (!s) {
      s = { cluster, connection: undefined, facts: undefined, apps: {}, updatedAtMs: 0 };
      this.clusters.set(cluster, s);
    }
    return s;
  }

  private changed(cluster: string, kind: StatusChange['kind']): void {
    this.entry(cluster).updatedAtMs = this.now();
    for (const l of this.listeners) l({ cluster, kind });
    this.persist(cluster);
  }

  private persist(cluster: string): void {
    if (!this.store) return;
    this.dirty.add(cluster);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeDirty();
    }, this.persistIntervalMs);
    this.timer.unref?.();
  }

  /** One write pass after the previous one: every marked cluster's newest state, concurrently. */
  private writeDirty(): Promise<void> {
    const store = this.store;
    this.writing = this.writing.then(async () => {
      if (!store) return;
      const batch = [...this.dirty];
      this.dirty.clear();
      await Promise.all(
        batch.map((cluster) =>
          Promise.resolve(this.clusters.get(cluster))
            .then((status) => putJson(store, 'status', cluster, status))
            .then(
              () => undefined,
              (err: unknown) =>
                this.logger.warn(
                  { [LogFields.cluster]: cluster, [LogFields.err]: err },
                  'cannot persist status',
                ),
            ),
        ),
      );
    });
    return this.writing;
  }
}
