import { Backoff, sleep } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import type { DesiredApp, KubeObject } from '../state/desired-state.ts';
import type { KubeClient, ObjectRef } from '../kube/kube-client.ts';
import { planApplySteps } from './apply-order.ts';
import { objectSyncOptions, parseSyncOptions } from './sync-options.ts';
import type { SyncOptions } from './sync-options.ts';
import { APP_LABEL, FIELD_MANAGER, refKey } from './inventory.ts';
import type { InventoryStore } from './inventory.ts';
import { pruneObjects } from './prune.ts';
import type { ApplyMetrics } from './apply-metrics.ts';
import { AppliedRecord } from './applied-record.ts';

/** The outcome of applying one object. */
export interface ObjectResult {
  ref: ObjectRef;
  /** The object as the agent applied it (label and namespace filled in): what drift compares against. */
  desired: KubeObject;
  /**
   * The live object the API server returned, when applied, without `metadata.managedFields`
   * (kept until the next sync for health, its resourceVersion and the skip check, none of
   * which read them; drift reads them from the watch's copy).
   */
  live?: KubeObject;
  error?: string;
  /** Not written in this sync: the same digest was applied before and nothing forced it. */
  skipped?: boolean;
}

/**
 * Which objects a sync writes: without a plan every object; with one, only objects whose
 * digest differs from `record`, that `mustApply` names (drifted, deleted), or that failed.
 */
export interface SyncPlan {
  record: AppliedRecord;
  /** True for an object that must be written even if the record matches it. */
  mustApply?(desired: KubeObject): boolean;
}

/** The outcome of one sync of one app. */
export interface AppSyncResult {
  app: string;
  ok: boolean;
  /** First failure, quoting the API server's message. */
  error?: string;
  objects: ObjectResult[];
  pruned: ObjectRef[];
  /** Objects that left the desired state but were kept (prune off, or `Prune=false`). */
  keptExtra: ObjectRef[];
}

/** Options of {@link AppSyncer}. */
export interface AppSyncerOptions {
  /** How long to wait for a CRD to become Established. Default 30 s. */
  crdEstablishTimeoutMs?: number;
  /** Objects of one kind in one wave applied at once. Default 8. */
  concurrency?: number;
}

/**
 * Applies one app's objects to the cluster, the way Argo CD syncs: Namespaces and CRDs
 * first (waiting until each CRD is Established), then by sync wave and kind order, all with
 * server-side apply under field manager `outpost` and `force` (as Argo CD's
 * `ServerSideApply=true` does with `--force-conflicts`); `Replace=true` objects are PUT
 * whole. Objects of the same kind within a wave go in parallel (up to `concurrency`). A
 * failing wave stops the sync and fails the app with the API server's message.
 * The inventory is updated with everything applied, then objects that left the desired
 * state are pruned when `automated.prune` is on.
 */
export class AppSyncer {
  private readonly kube: KubeClient;
  private readonly inventory: InventoryStore;
  private readonly metrics: ApplyMetrics;
  private readonly log: Logger;
  private readonly crdTimeoutMs: number;
  private readonly concurrency: number;

  constructor(
    kube: KubeClient,
    inventory: InventoryStore,
    metrics: ApplyMetrics,
    log: Logger,
    options: AppSyncerOptions = {},
  ) {
    this.kube = kube;
    this.inventory = inventory;
    this.metrics = metrics;
    this.log = log;
    this.crdTimeoutMs = options.crdEstablishTimeoutMs ?? 30_000;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
  }

  /** Syncs `app` whose objects (by digest) are given in `objects`. Never throws for API failures. */
  async sync(
    app: DesiredApp,
    objects: KubeObject[],
    signal?: AbortSignal,
    plan?: SyncPlan,
  ): Promise<AppSyncResult> {
    const result: AppSyncResult = { app: app.name, ok: true, objects: [], pruned: [], keptExtra: [] };
    const appOptions = parseSyncOptions(app.syncPolicy.syncOptions);
    const fail = (message: string) => {
      if (result.ok) result.error = message;
      result.ok = false;
    };
    if (app.error) fail(app.error);
    else {
      try {
        if (appOptions.createNamespace && app.destinationNamespace)
          await this.ensureNamespace(app.name, app.destinationNamespace, plan);
        for (const step of planApplySteps(objects, (o) => o)) {
          for (const group of byKind(step.items)) {
            if (signal?.aborted) throw signal.reason;
            const results = await mapLimit(group, this.concurrency, (obj) =>
              this.applyOne(app, obj, appOptions, plan),
            );
            for (const r of results) {
              result.objects.push(r);
              if (r.error) fail(r.error);
              else if (
                r.live &&
                !r.skipped &&
                step.phase === 'foundation' &&
                r.ref.kind === 'CustomResourceDefinition'
              ) {
                const err = await this.waitEstablished(r.ref, signal);
                if (err) {
                  r.error = err;
                  fail(err);
                }
              }
            }
          }
          if (!result.ok) break;
        }
      } catch (err) {
        if (signal?.aborted) throw err;
        fail((err as Error).message);
      }
    }
    await this.updateInventory(app, result);
    return result;
  }

  private async applyOne(
    app: DesiredApp,
    obj: KubeObject,
    appOptions: SyncOptions,
    plan: SyncPlan | undefined,
  ): Promise<ObjectResult> {
    const options = objectSyncOptions(appOptions, obj);
    let desired = obj;
    const ref: ObjectRef = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
    };
    let started = monotonicSeconds();
    let digest = '';
    try {
      desired = await this.decorate(app, obj);
      ref.namespace = desired.metadata.namespace;
      if (plan) {
        // decorate() reads the app's name and destination namespace and the kind's scope.
        const how = `${app.name}\u0000${app.destinationNamespace ?? ''}\u0000${desired.metadata.namespace ?? ''}`;
        digest = AppliedRecord.digestOfDerived(obj, how, desired, options.replace ? 'replace' : 'apply');
        const before = plan.record.match(app.name, refKey(ref), digest);
        if (before?.live && !plan.mustApply?.(desired))
          return { ref, desired, live: before.live, skipped: true };
      }
      started = monotonicSeconds();
      const live = withoutManagedFields(
        options.replace
          ? await this.kube.replace(desired, FIELD_MANAGER)
          : await this.kube.apply(desired, { fieldManager: FIELD_MANAGER, force: true }),
      );
      this.metrics.observeApply(monotonicSeconds() - started, 'ok');
      plan?.record.remember(app.name, refKey(ref), digest, { ref, desired, live });
      return { ref, desired, live };
    } catch (err) {
      this.metrics.observeApply(monotonicSeconds() - started, 'error');
      plan?.record.forget(app.name, refKey(ref));
      const message = (err as Error).message;
      this.log.warn({ app: app.name, object: refKey(ref), err: message }, 'apply failed');
      return { ref, desired, error: message };
    }
  }

  /** Adds the owner label and the destination namespace (namespaced kinds without one). */
  private async decorate(app: DesiredApp, obj: KubeObject): Promise<KubeObject> {
    const info = await this.kube.resource(obj.apiVersion, obj.kind);
    const metadata = { ...obj.metadata, labels: { ...(obj.metadata.labels ?? {}), [APP_LABEL]: app.name } };
    if (info.namespaced) metadata.namespace = obj.metadata.namespace || app.destinationNamespace || 'default';
    else delete metadata.namespace;
    return { ...obj, metadata };
  }

  /** Applies the destination namespace (CreateNamespace=true), once per record like any object. */
  private async ensureNamespace(app: string, name: string, plan: SyncPlan | undefined): Promise<void> {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    const key = `create-namespace:${name}`;
    const digest = AppliedRecord.digestOf(ns, 'apply');
    if (plan?.record.match(app, key, digest)) return;
    try {
      const live = await this.kube.apply(ns, { fieldManager: FIELD_MANAGER, force: true });
      plan?.record.remember(app, key, digest, {
        ref: { apiVersion: 'v1', kind: 'Namespace', name },
        desired: ns,
        live,
      });
    } catch (err) {
      plan?.record.forget(app, key);
      throw err;
    }
  }

  /** Polls a CRD until its Established condition is True; returns an error message on timeout. */
  private async waitEstablished(ref: ObjectRef, signal?: AbortSignal): Promise<string | undefined> {
    const deadline = Date.now() + this.crdTimeoutMs;
    const backoff = new Backoff({ initialMs: 50, maxMs: 1_000, random: () => 1 });
    for (;;) {
      const crd = await this.kube.get(ref);
      const conditions =
        (crd?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
      if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return undefined;
      if (Date.now() >= deadline)
        return `CustomResourceDefinition ${ref.name} not established after ${this.crdTimeoutMs} ms`;
      await sleep(backoff.next(), signal);
    }
  }

  private async updateInventory(app: DesiredApp, result: AppSyncResult): Promise<void> {
    try {
      const previous = await this.inventory.read(app.name);
      const desiredKeys = new Set(result.objects.map((o) => refKey(o.ref)));
      const applied = result.objects.filter((o) => o.live).map((o) => o.ref);
      const extra = previous.objects.filter((r) => !desiredKeys.has(refKey(r)));
      let keep = extra;
      if (result.ok && app.syncPolicy.automated && app.syncPolicy.prune) {
        const outcome = await pruneObjects(this.kube, app.name, extra, this.log);
        result.pruned = outcome.pruned;
        keep = outcome.kept;
        for (let i = 0; i < outcome.pruned.length; i++) this.metrics.countPrune();
        if (outcome.error) {
          result.ok = false;
          result.error ??= outcome.error;
        }
      }
      result.keptExtra = keep;
      const unapplied = result.objects.filter((o) => !o.live).map((o) => o.ref);
      const previouslyOwned = new Set(previous.objects.map(refKey));
      const objects = [...applied, ...unapplied.filter((r) => previouslyOwned.has(refKey(r))), ...keep];
      if (!sameRefs(previous.objects, objects)) await this.inventory.write({ app: app.name, objects });
    } catch (err) {
      result.ok = false;
      result.error ??= `inventory: ${(err as Error).message}`;
    }
  }
}

/** True when both lists name the same objects (the inventory need not be written again). */
function sameRefs(a: ObjectRef[], b: ObjectRef[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(refKey));
  return keys.size === a.length && b.every((r) => keys.has(refKey(r)));
}

/** Splits an ordered step into runs of the same kind (kind order is kept; a run may go in parallel). */
function byKind(items: KubeObject[]): KubeObject[][] {
  const out: KubeObject[][] = [];
  for (const o of items) {
    const last = out[out.length - 1];
    if (last && last[0]!.kind === o.kind && last[0]!.apiVersion === o.apiVersion) last.push(o);
    else out.push([o]);
  }
  return out;
}

/** Maps with at most `limit` calls in flight; results keep the input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * A monotonic clock in seconds. Not `performance.now()`: the global `performance` loads
 * Node's perf_hooks modules into the agent on first use (about 0.2 MiB) for one subtraction.
 */
function monotonicSeconds(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds + nanoseconds / 1e9;
}

/** `live` without `metadata.managedFields`, often the larger part of a small object. */
function withoutManagedFields(live: KubeObject): KubeObject {
  if (!live.metadata || !('managedFields' in live.metadata)) return live;
  const metadata = { ...live.metadata };
  delete metadata.managedFields;
  return { ...live, metadata };
}
