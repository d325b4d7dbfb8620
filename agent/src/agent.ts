import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { AppStatus, Logger } from '@outpost/shared';
import { compileAgentOptions } from './agent-options.ts';
import type { AgentOptions, CompiledAgentOptions } from './agent-options.ts';
import type { ClusterEndpoint } from './kube/cluster-endpoint.ts';
import { loadClusterEndpoint } from './kube/kube-config.ts';
import type { KubeConfigSource } from './kube/kube-config.ts';
import { RestKubeClient } from './kube/rest-kube-client.ts';
import type { KubeClient } from './kube/kube-client.ts';
import { HubLink } from './link/hub-link.ts';
import type { LinkStatus } from './link/hub-link.ts';
import type { LinkHost } from './link/link-host.ts';
import { LeaderElector } from './lease/leader-elector.ts';
import type { LeaderStatus } from './lease/leader-elector.ts';
import { AgentMetrics } from './observe/agent-metrics.ts';
import { HealthServer } from './observe/health-server.ts';
import { Reconciler } from './reconcile/reconciler.ts';
import { StateStore } from './state/state-store.ts';
import { referencedDigests } from './state/desired-state.ts';
import type { DesiredState } from './state/desired-state.ts';

/** The agent's lifecycle state. */
export type AgentState = 'created' | 'running' | 'stopping' | 'stopped' | 'failed';

/** A snapshot for /status and tests. */
export interface AgentStatus {
  state: AgentState;
  cluster: string;
  instanceId: string;
  leader: LeaderStatus;
  link: LinkStatus | undefined;
  heldGeneration: number;
  appliedGeneration: number;
  apps: AppStatus[];
  error: string;
}

/**
 * The agent: a thin coordinator wiring its collaborators together. It campaigns for the
 * cluster's Lease; while leading it enforces the persisted desired state at once (the hub
 * may be unreachable), keeps the stream to the hub, persists every new assignment before
 * acknowledging it, and reconciles. `/healthz`, `/readyz`, `/metrics` and `/status` are
 * served on `httpListen`.
 */
export class Agent {
  private readonly o: CompiledAgentOptions;
  private readonly log: Logger;
  private readonly kube: KubeClient;
  private readonly store: StateStore;
  private readonly metrics: AgentMetrics;
  private readonly elector: LeaderElector | undefined;
  private readonly http: HealthServer | undefined;
  private readonly abort = new AbortController();
  private desired: DesiredState | undefined;
  private blobs = new Map<string, string>();
  private appliedGeneration: number;
  private kubernetesVersion = '';
  private link: HubLink | undefined;
  private reconciler: Reconciler | undefined;
  private state: AgentState = 'created';
  private error = '';
  private running: Promise<void> | undefined;
  private fatal: unknown;

  private constructor(
    o: CompiledAgentOptions,
    kube: KubeClient,
    store: StateStore,
    metrics: AgentMetrics,
    http: HealthServer | undefined,
    persisted: Awaited<ReturnType<StateStore['load']>>,
  ) {
    this.o = o;
    this.log = o.logger.child({ component: 'agent', cluster: o.cluster });
    this.kube = kube;
    this.store = store;
    this.metrics = metrics;
    this.http = http;
    this.desired = persisted?.desired;
    this.blobs = persisted?.blobs ?? new Map();
    this.appliedGeneration = persisted?.appliedGeneration ?? 0;
    this.elector = o.leaderElection
      ? new LeaderElector(
          kube,
          {
            namespace: o.namespace,
            name: `outpost-agent-${o.cluster}`,
            identity: o.instanceId,
            leaseDurationMs: o.leaseDurationMs,
          },
          o.logger.child({ component: 'lease' }),
        )
      : undefined;
  }

  /**
   * Loads the persisted state, connects to the cluster's API and starts the HTTP endpoints.
   * Call {@link start} to begin. @throws OutpostError CONFIG_INVALID or STATE_CORRUPT.
   */
  static async create(options: AgentOptions): Promise<Agent> {
    const o = compileAgentOptions(options);
    const endpoint = isEndpoint(o.kube) ? o.kube : loadClusterEndpoint(o.kube);
    const kube = new RestKubeClient(endpoint, o.logger.child({ component: 'kube' }), {
      qps: o.qps,
      burst: o.burst,
    });
    const store = new StateStore(o.stateDir, o.logger.child({ component: 'state' }));
    await store.init();
    const persisted = await store.load().catch((err: unknown) => {
      o.logger.warn({ err: (err as Error).message }, 'ignoring unusable persisted state');
      return undefined;
    });
    const metrics = new AgentMetrics(o.cluster);
    const ref: { agent?: Agent } = {};
    const http = o.httpListen
      ? await HealthServer.start(o.httpListen, {
          registry: metrics.registry,
          ready: () => ref.agent?.readiness() ?? { ready: false, reason: 'starting' },
          status: () => ref.agent?.status(),
        })
      : undefined;
    ref.agent = new Agent(o, kube, store, metrics, http, persisted);
    return ref.agent;
  }

  /**
   * Starts the agent. The returned promise settles when the agent stops: resolves after
   * {@link stop}, rejects when the hub refused this agent for good (LINK_REFUSED).
   */
  start(): Promise<void> {
    if (this.running) return this.running;
    this.state = 'running';
    this.metrics.generations(this.desired?.generation ?? 0, this.appliedGeneration);
    const signal = this.abort.signal;
    this.running = (async () => {
      this.kubernetesVersion = await this.kube.serverVersion().catch(() => '');
      await this.ensureNamespace();
      if (this.elector) {
        await this.elector.run(signal, (leading) => this.lead(leading));
      } else {
        await this.lead(signal);
      }
      if (this.fatal) throw this.fatal;
    })().then(
      () => {
        this.state = 'stopped';
      },
      (err: unknown) => {
        this.state = 'failed';
        this.error = err instanceof OutpostError ? err.describe() : (err as Error).message;
        this.log.error({ err: this.error }, 'agent stopped');
        throw err;
      },
    );
    return this.running;
  }

  /** Stops leading (releasing the lease), closes the stream and the HTTP endpoints. */
  async stop(): Promise<void> {
    if (this.state === 'running') this.state = 'stopping';
    this.abort.abort(new Error('agent stopping'));
    await this.running?.catch(() => undefined);
    await this.reconciler?.idle();
    await this.http?.close();
    await this.store.close();
    this.kube.close?.();
    if (this.state !== 'failed') this.state = 'stopped';
  }

  /** The bound address of the HTTP endpoints. */
  httpAddress(): string | undefined {
    return this.http?.address();
  }

  /** A snapshot of the agent. */
  status(): AgentStatus {
    return {
      state: this.state,
      cluster: this.o.cluster,
      instanceId: this.o.instanceId,
      leader: this.elector?.status() ?? { role: 'leader', holder: this.o.instanceId },
      link: this.link?.status(),
      heldGeneration: this.desired?.generation ?? 0,
      appliedGeneration: this.appliedGeneration,
      apps: this.reconciler?.statuses() ?? [],
      error: this.error,
    };
  }

  /** /readyz: a connected leader, or a standby that can see the lease. */
  readiness(): { ready: boolean; reason: string } {
    if (this.state === 'failed') return { ready: false, reason: `failed: ${this.error}` };
    const role = this.elector?.status().role ?? 'leader';
    if (role === 'standby') return { ready: true, reason: 'standby' };
    if (role === 'candidate') return { ready: false, reason: 'campaigning for the lease' };
    const link = this.link?.status().state;
    return link === 'connected'
      ? { ready: true, reason: 'leader, connected' }
      : { ready: false, reason: `leader, link ${link ?? 'idle'}` };
  }

  /** Creates the agent's namespace when missing (best effort: the install usually made it). */
  private async ensureNamespace(): Promise<void> {
    const ref = { apiVersion: 'v1', kind: 'Namespace', name: this.o.namespace };
    try {
      if (!(await this.kube.get(ref)))
        await this.kube.create(
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.o.namespace } },
          'outpost',
        );
    } catch (err) {
      this.log.warn(
        { namespace: this.o.namespace, err: (err as Error).message },
        'cannot ensure the agent namespace',
      );
    }
  }

  /** What runs while this pod leads: reconcile the persisted state, keep the link. */
  private async lead(signal: AbortSignal): Promise<void> {
    this.metrics.leader(true);
    const reconciler = new Reconciler(
      this.kube,
      this.metrics,
      {
        namespace: this.o.namespace,
        retryInitialMs: this.o.retryInitialMs,
        retryMaxMs: this.o.retryMaxMs,
        healInitialMs: this.o.healInitialMs,
        healMaxMs: this.o.healMaxMs,
        fullResyncMs: this.o.fullResyncMs,
        onStatus: (s) => this.link?.reportStatus(s),
        onApplied: (g) => void this.markApplied(g),
      },
      this.o.logger.child({ component: 'reconcile', cluster: this.o.cluster }),
      signal,
    );
    this.reconciler = reconciler;
    if (this.desired) {
      this.log.info({ generation: this.desired.generation }, 'enforcing the persisted desired state');
      reconciler.setDesired(this.desired, this.blobs);
    }
    const link = new HubLink(
      {
        hub: this.o.hub,
        cluster: this.o.cluster,
        instanceId: this.o.instanceId,
        credentials: this.o.credentials,
        kubernetesVersion: this.kubernetesVersion,
        reconnectInitialMs: this.o.reconnectInitialMs,
        reconnectMaxMs: this.o.reconnectMaxMs,
        tlsServerName: this.o.tlsServerName,
        limits: this.o.limits,
      },
      this.linkHost(reconciler),
      this.metrics,
      this.o.logger.child({ component: 'link', cluster: this.o.cluster }),
    );
    this.link = link;
    for (const s of reconciler.statuses()) link.reportStatus(s);
    try {
      await link.run(signal);
    } catch (err) {
      // A refusal for good (LINK_REFUSED) ends the agent, not just this term as leader.
      this.fatal = err;
      this.abort.abort(err);
      throw err;
    } finally {
      this.metrics.leader(false);
      await reconciler.idle();
    }
  }

  private linkHost(reconciler: Reconciler): LinkHost {
    return {
      generations: () => ({ held: this.desired?.generation ?? 0, applied: this.appliedGeneration }),
      holds: (digest) => this.blobs.has(digest),
      clusterFacts: () => ({
        kubernetesVersion: this.kubernetesVersion,
        appliedGeneration: this.appliedGeneration,
        leader: this.o.instanceId,
      }),
      accept: async (desired, newBlobs) => {
        const blobs = new Map<string, string>();
        for (const d of referencedDigests(desired)) {
          const text = newBlobs.get(d) ?? this.blobs.get(d);
          if (text === undefined)
            throw new OutpostError(
              ErrorCodes.BLOB_INVALID,
              `blob ${d} of generation ${desired.generation} is not held`,
            );
          blobs.set(d, text);
        }
        // Durable before the link acknowledges the generation as held.
        await this.store.save(desired, blobs);
        this.desired = desired;
        this.blobs = blobs;
        this.metrics.generations(desired.generation, this.appliedGeneration);
        reconciler.setDesired(desired, blobs);
      },
    };
  }

  private async markApplied(generation: number): Promise<void> {
    if (generation !== this.appliedGeneration) {
      this.appliedGeneration = generation;
      await this.store
        .saveApplied(generation)
        .catch((err: Error) =>
          this.log.warn({ err: err.message }, 'could not persist the applied generation'),
        );
      this.metrics.generations(this.desired?.generation ?? 0, generation);
    }
    this.link?.ackApplied(generation);
  }
}

/** An already loaded endpoint, as opposed to where to load one from. */
function isEndpoint(k: KubeConfigSource | ClusterEndpoint): k is ClusterEndpoint {
  return typeof (k as ClusterEndpoint).server === 'string';
}
