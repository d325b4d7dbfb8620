import { Backoff, canonicalJson } from '@outpost/shared';
import type { AppStatus, Logger } from '@outpost/shared';
import type { DesiredApp, DesiredState, KubeObject } from '../state/desired-state.ts';
import type { KubeClient } from '../kube/kube-client.ts';
import { AppSyncer } from '../apply/app-syncer.ts';
import type { AppSyncResult, SyncPlan } from '../apply/app-syncer.ts';
import { APP_LABEL, FIELD_MANAGER, InventoryStore } from '../apply/inventory.ts';
import { pruneObjects } from '../apply/prune.ts';
import { AppliedRecord } from '../apply/applied-record.ts';
import type { AgentMetrics } from '../observe/agent-metrics.ts';
import { DriftTracker } from '../drift/drift-tracker.ts';
import { KindWatches } from '../drift/kind-watches.ts';
import { buildAppStatus } from './build-app-status.ts';
import { trackedObjects } from './tracked-objects.ts';

/** Options of {@link Reconciler}. */
export interface ReconcilerOptions {
  /** Namespace of the agent's inventories. */
  namespace: string;
  /** Called with every new status of an app. */
  onStatus(status: AppStatus): void;
  /** Called once every app was synced at a generation. */
  onApplied(generation: number): void;
  /** Retry delay for a failed app: first ceiling and cap (full jitter). Default 1 s and 60 s. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Self-heal backoff ceilings. Defaults 100 ms and 60 s. */
  healInitialMs?: number;
  healMaxMs?: number;
  crdEstablishTimeoutMs?: number;
  /**
   * Every this often each selfHeal app is re-applied whole, and every other app's next sync
   * is whole (the applied record is forgotten). Default 180 000 (3 min); 0 turns it off.
   */
  fullResyncMs?: number;
}

interface AppState {
  app: DesiredApp;
  fingerprint: string;
  sync: AppSyncResult | undefined;
  retry: Backoff;
  retryTimer: NodeJS.Timeout | undefined;
  /** A periodic full resync asked for this app to be re-applied whole. */
  resyncDue: boolean;
}

/**
 * Makes the cluster match the desired state and keeps it there, while leading: syncs each
 * app whose assignment changed (or whose last sync failed, after a backoff), prunes apps
 * that left the assignment when their policy allowed pruning, watches the managed kinds
 * for drift and turns everything into per-app status. Apps sync one after another; a
 * failing app never blocks the others.
 */
export class Reconciler {
  private readonly o: ReconcilerOptions;
  private readonly kube: KubeClient;
  private readonly log: Logger;
  private readonly syncer: AppSyncer;
  private readonly inventory: InventoryStore;
  private readonly drift: DriftTracker;
  private readonly watches: KindWatches;
  private readonly apps = new Map<string, AppState>();
  private desired: DesiredState | undefined;
  private blobs = new Map<string, string>();
  /**
   * Parsed objects by digest, for the blobs held: an unchanged object is parsed once, not on
   * every sync of its app, and every sync (and the applied record) shares one copy of it.
   * Nothing changes these objects: the syncer derives new ones to apply.
   */
  private readonly parsed = new Map<string, KubeObject>();
  private pending: { desired: DesiredState; blobs: Map<string, string> } | undefined;
  private running: Promise<void> | undefined;
  private readonly signal: AbortSignal;
  private appliedGeneration = 0;
  /** Digests written in this leadership term: empty at start, so each app's first sync is whole. */
  private readonly record = new AppliedRecord();
  private resyncTimer: NodeJS.Timeout | undefined;

  constructor(
    kube: KubeClient,
    metrics: AgentMetrics,
    options: ReconcilerOptions,
    log: Logger,
    signal: AbortSignal,
  ) {
    this.o = options;
    this.kube = kube;
    this.log = log;
    this.signal = signal;
    this.inventory = new InventoryStore(kube, options.namespace);
    this.syncer = new AppSyncer(kube, this.inventory, metrics, log, {
      crdEstablishTimeoutMs: options.crdEstablishTimeoutMs,
    });
    this.drift = new DriftTracker(
      {
        heal: async (obj) => {
          await kube.apply(obj, { fieldManager: FIELD_MANAGER, force: true });
        },
        onAppChanged: (app) => this.publish(app),
        countDrift: () => metrics.countDrift(),
        healInitialMs: options.healInitialMs,
        healMaxMs: options.healMaxMs,
      },
      log,
    );
    this.watches = new KindWatches(kube, APP_LABEL, (e) => this.drift.observe(e), log, signal);
    signal.addEventListener('abort', () => this.close(), { once: true });
    const resyncMs = options.fullResyncMs ?? 180_000;
    if (resyncMs > 0) this.resyncTimer = setInterval(() => this.fullResync(), resyncMs).unref();
  }

  /**
   * Forgets every applied digest, so no object is skipped on its app's next sync, and every
   * remembered inventory, so each is read from the cluster again; and
   * re-applies every selfHeal app now (apps without selfHeal keep their drift until their
   * next sync, as Argo CD does). Runs periodically (`fullResyncMs`); callable at any time.
   */
  fullResync(): void {
    this.record.clear();
    this.inventory.forget();
    for (const state of this.apps.values()) {
      const policy = state.app.syncPolicy;
      if (policy.automated && policy.selfHeal) state.resyncDue = true;
    }
    this.log.debug({ apps: this.apps.size }, 'full resync');
    this.kick();
  }

  /** Runs the loop again on the current desired state (unless a newer one is already queued). */
  private kick(): void {
    if (!this.pending && this.desired && !this.signal.aborted) this.setDesired(this.desired, this.blobs);
  }

  /** Adopts a new desired state (its blobs: digest → canonical JSON) and reconciles towards it. */
  setDesired(desired: DesiredState, blobs: Map<string, string>): void {
    this.pending = { desired, blobs };
    if (!this.running) this.running = this.loop().finally(() => (this.running = undefined));
  }

  /** Resolves when no reconcile is in progress (for orderly shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** The newest generation synced in this process. */
  get applied(): number {
    return this.appliedGeneration;
  }

  /** Current status of every app. */
  statuses(): AppStatus[] {
    return [...this.apps.keys()].sort().map((name) => this.statusOf(name)!);
  }

  private async loop(): Promise<void> {
    while (this.pending && !this.signal.aborted) {
      const { desired, blobs } = this.pending;
      this.pending = undefined;
      const previous = this.desired;
      this.desired = desired;
      this.blobs = blobs;
      for (const digest of this.parsed.keys()) if (!blobs.has(digest)) this.parsed.delete(digest);
      await this.removeGoneApps(previous, desired);
      for (const app of desired.apps) {
        if (this.signal.aborted || this.pending) break;
        const fingerprint = canonicalJson(app);
        const state = this.apps.get(app.name);
        if (state && state.fingerprint === fingerprint && state.sync?.ok && !state.resyncDue) {
          this.publish(app.name);
          continue;
        }
        await this.syncApp(app, fingerprint);
      }
      this.watches.setKinds(this.managedKinds());
      if (!this.pending && !this.signal.aborted) {
        this.appliedGeneration = desired.generation;
        this.o.onApplied(desired.generation);
      }
    }
  }

  private async syncApp(app: DesiredApp, fingerprint: string): Promise<void> {
    const state: AppState = this.apps.get(app.name) ?? {
      app,
      fingerprint,
      sync: undefined,
      retry: new Backoff({ initialMs: this.o.retryInitialMs ?? 1000, maxMs: this.o.retryMaxMs ?? 60_000 }),
      retryTimer: undefined,
      resyncDue: false,
    };
    state.resyncDue = false;
    if (state.fingerprint !== fingerprint) state.retry.reset();
    clearTimeout(state.retryTimer);
    state.retryTimer = undefined;
    state.app = app;
    state.fingerprint = fingerprint;
    this.apps.set(app.name, state);
    const objects: KubeObject[] = [];
    let parseError: string | undefined;
    for (const ref of app.objects) {
      const text = this.blobs.get(ref.digest);
      try {
        if (text === undefined) throw new Error('blob not held');
        let object = this.parsed.get(ref.digest);
        if (!object) this.parsed.set(ref.digest, (object = JSON.parse(text) as KubeObject));
        objects.push(object);
      } catch (err) {
        parseError ??= `object ${ref.kind} ${ref.name} (${ref.digest}): ${(err as Error).message}`;
      }
    }
    this.drift.pause(app.name);
    const result = parseError
      ? { app: app.name, ok: false, error: parseError, objects: [], pruned: [], keptExtra: [] }
      : await this.syncer.sync(app, objects, this.signal, this.plan()).catch((err: Error) => {
          if (this.signal.aborted) throw err;
          return { app: app.name, ok: false, error: err.message, objects: [], pruned: [], keptExtra: [] };
        });
    state.sync = result;
    this.drift.track(app.name, trackedObjects(app, result));
    if (result.ok) {
      state.retry.reset();
      this.log.info(
        { app: app.name, objects: result.objects.length, pruned: result.pruned.length },
        'app synced',
      );
    } else {
      const delay = state.retry.next();
      this.log.warn({ app: app.name, err: result.error, retryInMs: delay }, 'app sync failed');
      state.retryTimer = setTimeout(() => {
        state.retryTimer = undefined;
        if (this.desired?.apps.some((a) => a.name === app.name)) this.kick();
      }, delay);
      state.retryTimer.unref();
    }
    this.publish(app.name);
  }

  /**
   * What a sync writes: objects whose digest differs from the last successful write, objects
   * the drift tracker has seen drift or disappear or has not seen live yet (its watch has not
   * listed them), and objects whose last write failed (the record forgets those).
   */
  private plan(): SyncPlan {
    return {
      record: this.record,
      mustApply: (d) => this.drift.currentDrift(d) !== undefined || this.drift.live(d) === undefined,
    };
  }

  private async removeGoneApps(previous: DesiredState | undefined, next: DesiredState): Promise<void> {
    const keep = new Set(next.apps.map((a) => a.name));
    const gone = (previous?.apps ?? []).filter((a) => !keep.has(a.name));
    for (const app of gone) {
      this.drift.untrack(app.name);
      const state = this.apps.get(app.name);
      clearTimeout(state?.retryTimer);
      this.apps.delete(app.name);
      this.record.clear(app.name);
      try {
        const inv = await this.inventory.read(app.name);
        if (app.syncPolicy.automated && app.syncPolicy.prune) {
          const outcome = await pruneObjects(this.kube, app.name, inv.objects, this.log);
          if (outcome.kept.length > 0) {
            await this.inventory.write({ app: app.name, objects: outcome.kept });
            continue;
          }
        }
        await this.inventory.remove(app.name);
        this.log.info({ app: app.name }, 'app left the assignment');
      } catch (err) {
        this.log.warn(
          { app: app.name, err: (err as Error).message },
          'could not clean up an app that left the assignment',
        );
      }
    }
  }

  private managedKinds(): Set<string> {
    const kinds = new Set<string>();
    for (const state of this.apps.values())
      for (const o of state.sync?.objects ?? []) if (o.live) kinds.add(`${o.ref.apiVersion}|${o.ref.kind}`);
    return kinds;
  }

  private publish(app: string): void {
    const status = this.statusOf(app);
    if (status) this.o.onStatus(status);
  }

  private statusOf(app: string): AppStatus | undefined {
    const state = this.apps.get(app);
    if (!state) return undefined;
    return buildAppStatus({
      app: state.app,
      generation: this.desired?.generation ?? 0,
      sync: state.sync,
      live: (d) => this.drift.live(d),
      currentDrift: (d) => this.drift.currentDrift(d),
      recentDrift: this.drift.recentDrift(app),
      now: Date.now(),
    });
  }

  private close(): void {
    this.drift.close();
    clearInterval(this.resyncTimer);
    for (const s of this.apps.values()) clearTimeout(s.retryTimer);
  }
}
