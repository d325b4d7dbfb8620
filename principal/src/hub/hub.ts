/**
 * The principal's composition root: Git sources (polled, refreshable) → ApplicationSets
 * (from `--appset` files and the store) and plain Applications → render (cached) → fleet
 * (assignments, blobs, generations) → the agents' gRPC stream. Thin on purpose: each stage
 * lives in its own file; this wires them and owns the lifecycle.
 */
import { join } from 'node:path';
import { LogFields, loadOrCreateHubPki, silentLogger, type HubPki, type Logger } from '@outpost/shared';
import type { ClusterDirectory } from '../fleet/cluster-directory.ts';
import { Fleet } from '../fleet/fleet.ts';
import { StatusBook, type StatusChange } from '../fleet/status-book.ts';
import { createRegistry, type Registry } from '../registry/registry.ts';
import { createRenderer, type Renderer } from '../render/renderer.ts';
import { MtlsAgentAuthenticator } from '../server/grpc/auth-mtls.ts';
import { hubTlsMaterial } from '../server/grpc/auth-server-credentials.ts';
import { enrollHandlers } from '../server/grpc/enroll-handlers.ts';
import { EnrollService } from '../server/grpc/enroll-service.ts';
import { HubGrpcServer } from '../server/grpc/hub-server.ts';
import { GitSources } from '../sources/git-sources.ts';
import { FileStore } from '../store/file-store.ts';
import type { Store } from '../store/store.ts';
import { DesiredApps, type AppsetStatus } from './desired-apps.ts';
import { loadDesiredFiles } from './desired-files.ts';
import { compileHubOptions, type CompiledHubOptions, type HubOptions } from './hub-options.ts';
import { PipelineObservers, type PipelineObserver } from './pipeline-observer.ts';
import { ReconcileTrigger, type ReconcileRequest } from './reconcile-trigger.ts';
import { RenderStage } from './render-stage.ts';
import { StoredAppsets } from './stored-appsets.ts';

export type HubState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/** A change the hub announces (status, assignments, appsets), for the SSE feed. */
export interface HubChange {
  kind: 'cluster' | 'status' | 'assignment' | 'appset';
  cluster?: string;
}

/** What {@link Hub.status} reports. */
export interface HubStatus {
  state: HubState;
  grpcPort: number;
  lastReconcile: { atMs: number; durationMs: number; changedClusters: number; error: string } | undefined;
  appsets: AppsetStatus[];
  /** Errors loading `--appset` files or stored appsets. */
  inputErrors: string[];
  /** Apps that could not be rendered (they keep their last good objects), by `appset/app@cluster`. */
  renderErrors: Record<string, string>;
  fleet: ReturnType<Fleet['status']>;
  streams: ReturnType<HubGrpcServer['streams']>;
  git: ReturnType<GitSources['status']>;
}

export class Hub {
  readonly options: CompiledHubOptions;
  readonly store: Store;
  readonly registry: Registry;
  readonly pki: HubPki;
  readonly fleet: Fleet;
  readonly statusBook: StatusBook;
  readonly server: HubGrpcServer;
  /** Enroll/Renew and the mTLS authenticator (their counters feed /metrics). */
  readonly identity: { enroll: EnrollService; mtls: MtlsAgentAuthenticator };
  readonly sources: GitSources;
  readonly clusters: ClusterDirectory;
  private readonly renderer: Renderer;
  private readonly desired: DesiredApps;
  private readonly renderStage: RenderStage;
  private readonly trigger: ReconcileTrigger;
  private readonly storedAppsets: StoredAppsets;
  private readonly observers: PipelineObservers;
  private readonly logger: Logger;
  private readonly listeners = new Set<(c: HubChange) => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private state: HubState = 'created';
  private inputErrors: string[] = [];
  private lastReconcile: HubStatus['lastReconcile'];
  private rescanTimer: NodeJS.Timeout | undefined;

  private constructor(parts: {
    options: CompiledHubOptions;
    store: Store;
    registry: Registry;
    pki: HubPki;
    fleet: Fleet;
    logger: Logger;
  }) {
    const { options, store, registry, pki, fleet, logger } = parts;
    this.options = options;
    this.store = store;
    this.registry = registry;
    this.pki = pki;
    this.fleet = fleet;
    this.logger = logger.child({ [LogFields.component]: 'hub' });
    this.observers = new PipelineObservers(this.logger);
    this.clusters = options.clusters ?? registry.clusters;
    this.statusBook = new StatusBook({ store, logger });
    const mtls = new MtlsAgentAuthenticator(registry.clusters, pki.ca.certPem);
    this.server = new HubGrpcServer({
      fleet,
      status: this.statusBook,
      authenticator: options.authenticator ?? mtls,
      tls: hubTlsMaterial(pki),
      listen: options.grpcListen,
      limits: options.limits,
      logger,
    });
    const enroll = new EnrollService({
      clusters: registry.clusters,
      tokens: registry.bootstrapTokens,
      ca: pki.ca,
      authenticator: mtls,
      logger,
    });
    this.server.addUnaryHandlers(enrollHandlers(enroll));
    this.identity = { enroll, mtls };
    this.sources = new GitSources({
      dataDir: options.dataDir,
      pollIntervalMs: options.repoPollIntervalMs,
      rewrites: options.repoRewrites,
      logger,
    });
    this.renderer = createRenderer({
      workDir: join(options.dataDir, 'render'),
      logger: logger.child({ [LogFields.component]: 'render' }),
    });
    this.sources.observeSyncs((seconds, ok) => this.observers.observeGitFetch(seconds, ok));
    this.desired = new DesiredApps({
      gitSource: this.sources,
      options: { gitFileGlobbing: options.gitFileGlobbing },
      logger: logger.child({ [LogFields.component]: 'appsets' }),
      onResolved: (seconds) => this.observers.observeGenerator(seconds),
    });
    this.renderStage = new RenderStage({
      gitSource: this.sources,
      renderer: this.renderer,
      logger: logger.child({ [LogFields.component]: 'render' }),
      onRendered: (seconds) => this.observers.observeRender(seconds),
    });
    this.storedAppsets = new StoredAppsets(() => registry.appsets.list(), this.logger);
    this.trigger = new ReconcileTrigger(
      (req) => this.reconcilePass(req),
      (err) => this.logger.error({ [LogFields.err]: err }, 'reconcile pass failed'),
    );
  }

  /** Opens the store, loads (or creates) the PKI and the persisted fleet. Serves nothing yet. */
  static async create(input: HubOptions): Promise<Hub> {
    const options = compileHubOptions(input);
    const logger = options.logger ?? silentLogger();
    const store = options.store ?? (await FileStore.open({ dir: join(options.dataDir, 'store'), logger }));
    const registry = createRegistry(store);
    const pki = await loadOrCreateHubPki(options.dataDir, { hosts: options.tlsHosts, logger });
    const fleet = await Fleet.create({ store, logger });
    return new Hub({ options, store, registry, pki, fleet, logger });
  }

  /**
   * Serves agents at once (with the persisted assignments: a restarted hub resends nothing
   * an agent holds), then starts Git polling and runs the first reconcile pass.
   */
  async start(): Promise<void> {
    if (this.state !== 'created') throw new Error(`hub: start() in state ${this.state}`);
    this.state = 'starting';
    const registered = new Set((await this.registry.clusters.list()).map((c) => c.name));
    await this.statusBook.load((cluster) => registered.has(cluster));
    await this.server.start();
    this.unsubscribe.push(
      this.sources.onChange((e) => void this.trigger.request({ repo: e.repoURL })),
      this.clusters.onChange(() => {
        this.emit({ kind: 'cluster' });
        void this.trigger.request({ all: true });
      }),
      this.registry.clusters.onChange((e) => {
        if (e.type === 'unregistered') this.server.disconnect(e.cluster);
      }),
      this.registry.appsets.onChange(() => void this.trigger.request({ all: false })),
      this.fleet.onAssignment((r) => this.emit({ kind: 'assignment', cluster: r.cluster })),
      this.statusBook.onChange((c: StatusChange) =>
        this.emit({ kind: c.kind === 'connection' ? 'cluster' : 'status', cluster: c.cluster }),
      ),
    );
    this.sources.start();
    this.rescanTimer = setInterval(() => void this.trigger.request({}), this.options.repoPollIntervalMs);
    this.rescanTimer.unref();
    this.state = 'running';
    await this.trigger.request({ all: true });
    this.logger.info({ grpcPort: this.server.port }, 'hub running');
  }

  /** Re-reads inputs and reconciles now; resolves when the pass finished. */
  reconcile(options: { all?: boolean; repo?: string } = { all: true }): Promise<void> {
    return this.trigger.request(options);
  }

  /** Fetches the repositories now (a webhook's job); change events trigger a pass. Returns those refreshed. */
  async refreshRepos(urls: readonly string[]): Promise<string[]> {
    const done: string[] = [];
    for (const url of urls) {
      await this.sources.refresh(url);
      done.push(url);
    }
    return done;
  }

  /** Adds an observer of the pipeline's timings (e.g. the /metrics histograms); returns its removal. */
  observe(observer: PipelineObserver): () => void {
    return this.observers.add(observer);
  }

  /** Subscribes to hub changes (SSE); returns an unsubscribe function. */
  onChange(listener: (change: HubChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A snapshot for the status API and tests. */
  status(): HubStatus {
    return {
      state: this.state,
      grpcPort: this.server.port,
      lastReconcile: this.lastReconcile,
      appsets: this.desired.status(),
      inputErrors: [...this.inputErrors],
      renderErrors: this.renderStage.failures(),
      fleet: this.fleet.status(),
      streams: this.server.streams(),
      git: this.sources.status(),
    };
  }

  /** Stops serving (agents are told to come back later), polling and passes; closes the store. */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    clearInterval(this.rescanTimer);
    for (const u of this.unsubscribe.splice(0)) u();
    await this.server.stop();
    await this.sources.stop();
    await this.trigger.idle();
    await this.fleet.idle();
    await this.statusBook.flush();
    await this.renderer.close();
    await this.store.close();
    this.state = 'stopped';
  }

  private async reconcilePass(req: ReconcileRequest): Promise<void> {
    const started = Date.now();
    try {
      const files = await loadDesiredFiles(this.options.appsetFiles);
      const inputErrors = files.errors.map((e) => e.describe());
      const stored = await this.storedAppsets.read().catch((err: unknown) => {
        this.inputErrors = [...inputErrors, String(err)];
        throw err;
      });
      if (stored.error) inputErrors.push(stored.error);
      this.inputErrors = inputErrors;
      this.desired.setAppsets([
        ...files.appsets.map((a) => ({ appset: a.appset, origin: `file:${a.file}` })),
        ...stored.appsets.map((s) => ({ appset: s.appset, origin: 'store' })),
      ]);
      this.desired.setApplications(files.applications.map((a) => a.app));
      // One reading of the cluster set per pass: the appsets are resolved against it (all of
      // them when it changed) and the fleet places their apps on it, so a new cluster reaches
      // the fleet together with its apps, never alone as an empty first generation.
      const clusters = await this.clusters.list();
      const resolved = await this.desired.resolve(req.all ? 'all' : req.repos, clusters);
      if (resolved.length > 0) this.emit({ kind: 'appset' });
      const apps = this.desired.applications();
      for (const repo of this.desired.reposRead()) this.sources.track(repo);
      const rendered = await this.renderStage.render(apps);
      const result = await this.fleet.reconcile(clusters, rendered);
      this.lastReconcile = {
        atMs: started,
        durationMs: Date.now() - started,
        changedClusters: result.changed.length,
        error: '',
      };
      if (result.changed.length > 0)
        this.logger.info(
          { changed: result.changed.length, blobsWritten: result.blobsWritten },
          'fleet reconciled',
        );
    } catch (err) {
      this.lastReconcile = {
        atMs: started,
        durationMs: Date.now() - started,
        changedClusters: 0,
        error: String(err),
      };
      throw err;
    }
  }

  private emit(change: HubChange): void {
    for (const l of this.listeners) l(change);
  }
}
