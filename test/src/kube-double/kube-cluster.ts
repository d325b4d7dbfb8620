/**
 * One simulated Kubernetes cluster: storage, served kinds, simulated controllers, fault hooks
 * and counters, without any network. A `KubeDouble` serves one on its own port; a
 * `KubeClusterHost` serves many under path prefixes.
 */
import { randomUUID } from 'node:crypto';
import { FaultInjector } from './faults.ts';
import type { FaultHandle, FaultRule, RateLimit } from './faults.ts';
import { ObjectApi } from './core/object-api.ts';
import { ObjectStore } from './core/object-store.ts';
import type { StoreEvent } from './core/object-store.ts';
import { meta } from './core/objects.ts';
import type { JsonObject } from './core/objects.ts';
import { ResourceCatalog, resourceKey } from './core/resource-catalog.ts';
import type { ResourceType } from './core/resource-catalog.ts';
import { TimerScheduler } from './controllers/controller-context.ts';
import type { Controller, ControllerContext } from './controllers/controller-context.ts';
import { CrdController } from './controllers/crd-controller.ts';
import { GarbageCollector } from './controllers/garbage-collector.ts';
import { NamespaceController } from './controllers/namespace-controller.ts';
import { ResourceStatusSimulator } from './controllers/resource-status-simulator.ts';
import { WorkloadSimulator } from './controllers/workload-simulator.ts';
import type { WorkloadSimulationOptions } from './controllers/workload-simulator.ts';

/** Options of a simulated cluster; every field has a default. */
export interface KubeClusterOptions {
  /** Cluster name (used by hosts in URL prefixes). Default `cluster`. */
  name?: string;
  /** Change events kept for watches; older resourceVersions get 410 Gone. Default 1000. */
  historyLimit?: number;
  /** Interval of BOOKMARK events on watches that allow them. Default 60 000 ms (the real server: ~1 min). */
  bookmarkIntervalMs?: number;
  /** Server-side end of a watch that gave no timeoutSeconds. Default 300 000 ms. */
  watchTimeoutMs?: number;
  /** Delay before a new CRD is Established. Default 0. */
  crdEstablishDelayMs?: number;
  /** Delay before a deleted namespace is emptied. Default 0. */
  namespaceDeletionDelayMs?: number;
  /** Delay before the garbage collector deletes dependents or completes a foreground deletion. Default 0. */
  garbageCollectionDelayMs?: number;
  /** Give new namespaces `kube-root-ca.crt` and the `default` ServiceAccount. Default true. */
  seedNamespaces?: boolean;
  /** Simulate workload controllers; off unless given. */
  workloads?: WorkloadSimulationOptions;
  /** Answer 429 beyond this rate. Default: no limit. */
  rateLimit?: RateLimit;
  /** Reported by `/version`. Default `v1.32.13`. */
  gitVersion?: string;
  /** Clock (for tests). Default: the system clock. */
  now?: () => Date;
  /** Randomness for generated names and fault probabilities. Default Math.random. */
  random?: () => number;
  /** Called with errors of simulated controllers. Default: ignored. */
  onControllerError?: (error: unknown) => void;
}

/** Request and event counters of a cluster. */
export interface ClusterCounters {
  /** Requests by `<verb> <resource>` (e.g. `list configmaps`, `patch deployments`). */
  requests: Record<string, number>;
  /** Total requests. */
  totalRequests: number;
  /** Store change events (writes) since start. */
  events: number;
  /** Watches open now. */
  openWatches: number;
  /** Simulated-controller timers pending now (0 for an idle cluster). */
  pendingTimers: number;
}

const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** A simulated cluster and its test-control API. */
export class KubeCluster {
  readonly name: string;
  readonly catalog = new ResourceCatalog();
  readonly store: ObjectStore;
  readonly api: ObjectApi;
  readonly faults: FaultInjector;
  readonly options: Readonly<
    Required<Omit<KubeClusterOptions, 'workloads' | 'rateLimit' | 'onControllerError'>> &
      Pick<KubeClusterOptions, 'workloads'>
  >;
  private readonly scheduler: TimerScheduler;
  private readonly controllers: Controller[] = [];
  private readonly counts = new Map<string, number>();
  private totalRequests = 0;
  private eventCount = 0;
  private closed = false;

  constructor(opts: KubeClusterOptions = {}) {
    const now = opts.now ?? (() => new Date());
    const random = opts.random ?? Math.random;
    this.options = {
      name: opts.name ?? 'cluster',
      historyLimit: opts.historyLimit ?? 1000,
      bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000,
      watchTimeoutMs: opts.watchTimeoutMs ?? 300_000,
      crdEstablishDelayMs: opts.crdEstablishDelayMs ?? 0,
      namespaceDeletionDelayMs: opts.namespaceDeletionDelayMs ?? 0,
      garbageCollectionDelayMs: opts.garbageCollectionDelayMs ?? 0,
      seedNamespaces: opts.seedNamespaces ?? true,
      workloads: opts.workloads,
      gitVersion: opts.gitVersion ?? 'v1.32.13',
      now,
      random,
    };
    this.name = this.options.name;
    this.store = new ObjectStore(this.options.historyLimit);
    this.api = new ObjectApi({ store: this.store, now, uid: () => randomUUID(), random });
    this.faults = new FaultInjector(random, () => now().getTime());
    if (opts.rateLimit) this.faults.setRateLimit(opts.rateLimit);
    const onError = opts.onControllerError ?? (() => undefined);
    this.scheduler = new TimerScheduler(onError);
    const ctx: ControllerContext = {
      catalog: this.catalog,
      store: this.store,
      api: this.api,
      now,
      scheduler: this.scheduler,
      onError,
      resource: (group, plural) => this.catalog.all().find((r) => r.group === group && r.plural === plural),
    };
    this.controllers.push(
      new CrdController(ctx, this.options.crdEstablishDelayMs),
      new NamespaceController(ctx, {
        seedNamespaces: this.options.seedNamespaces,
        deletionDelayMs: this.options.namespaceDeletionDelayMs,
      }),
      new GarbageCollector(ctx, this.options.garbageCollectionDelayMs),
    );
    if (opts.workloads) {
      this.controllers.push(
        new WorkloadSimulator(ctx, opts.workloads),
        new ResourceStatusSimulator(ctx, opts.workloads.readyAfterMs ?? 0),
      );
    }
    this.store.watchFrom(this.store.resourceVersion, (e) => this.dispatch(e, onError));
    const ns = this.resourceFor('v1', 'Namespace');
    for (const name of INITIAL_NAMESPACES) {
      this.api.create(
        ns,
        '',
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
        { fieldManager: 'kube-apiserver' },
      );
    }
  }

  private dispatch(e: StoreEvent, onError: (e: unknown) => void): void {
    this.eventCount += 1;
    if (this.closed) return;
    for (const c of this.controllers) {
      try {
        c.onEvent(e);
      } catch (err) {
        onError(err);
      }
    }
  }

  /** The served resource for apiVersion + kind; throws a plain Error when not served. */
  resourceFor(apiVersion: string, kind: string): ResourceType {
    const r = this.catalog.findByKind(apiVersion, kind);
    if (!r) throw new Error(`kube double ${this.name}: no resource serves ${apiVersion} ${kind}`);
    return r;
  }

  /** Reads an object directly (no HTTP, no counters); undefined when missing. */
  getObject(apiVersion: string, kind: string, namespace: string, name: string): JsonObject | undefined {
    const r = this.resourceFor(apiVersion, kind);
    const o = this.store.get(resourceKey(r), r.namespaced ? namespace : '', name);
    return o ? this.api.present(r, o) : undefined;
  }

  /** Lists objects of a kind directly (all namespaces when `namespace` is undefined). */
  listObjects(apiVersion: string, kind: string, namespace?: string): JsonObject[] {
    const r = this.resourceFor(apiVersion, kind);
    return this.store.list(resourceKey(r), namespace).map((o) => this.api.present(r, o));
  }

  /**
   * Writes an object directly as another actor would (e.g. `kubectl edit`): creates it, or
   * updates it unconditionally as an Update by `manager` (default `kubectl-edit`). Returns the stored object.
   */
  putObject(obj: JsonObject, manager = 'kubectl-edit'): JsonObject {
    const r = this.resourceFor(String(obj['apiVersion']), String(obj['kind']));
    const m = meta(obj);
    const ns = r.namespaced ? String(m['namespace'] ?? 'default') : '';
    const existing = this.store.get(resourceKey(r), ns, String(m['name']));
    if (!existing) return this.api.create(r, ns, obj, { fieldManager: manager }).body;
    const written = this.api.writeAs(r, { ...obj, metadata: { ...m, namespace: ns || undefined } }, manager);
    if (!written) throw new Error(`kube double ${this.name}: ${String(m['name'])} vanished during write`);
    return written;
  }

  /** Deletes an object directly (finalizers still apply). Returns false when it did not exist. */
  deleteObject(
    apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
    propagationPolicy?: string,
  ): boolean {
    const r = this.resourceFor(apiVersion, kind);
    if (!this.store.get(resourceKey(r), r.namespaced ? namespace : '', name)) return false;
    const opts: { propagationPolicy?: string } = {};
    if (propagationPolicy) opts.propagationPolicy = propagationPolicy;
    this.api.delete(r, namespace, name, opts);
    return true;
  }

  /** Injects a fault (latency, error status, 429) for matching requests. */
  injectFault(rule: FaultRule): FaultHandle {
    return this.faults.inject(rule);
  }

  /** Sets or lifts the rate limit. */
  setRateLimit(limit: RateLimit | undefined): void {
    this.faults.setRateLimit(limit);
  }

  /** Drops the watch history: any watch from an older resourceVersion gets 410 Gone. */
  compactHistory(): void {
    this.store.compact();
  }

  /** Counts a request (called by the HTTP layer). */
  countRequest(verb: string, resource: string): void {
    const key = `${verb} ${resource}`.trim();
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.totalRequests += 1;
  }

  /** Request and event counters. */
  counters(): ClusterCounters {
    return {
      requests: Object.fromEntries(this.counts),
      totalRequests: this.totalRequests,
      events: this.eventCount,
      openWatches: Math.max(0, this.store.watcherCount - 1),
      pendingTimers: this.scheduler.pending,
    };
  }

  /** Resolves when no simulated controller work is pending (or after `timeoutMs`). */
  async settle(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.scheduler.pending > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Stops simulated controllers (pending timers are cancelled). */
  close(): void {
    this.closed = true;
    this.scheduler.cancelAll();
  }
}
