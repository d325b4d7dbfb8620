/**
 * Plays the garbage collector: when an owner goes, its dependents (objects whose
 * ownerReferences name its uid) are deleted; an owner deleted with
 * `propagationPolicy=Foreground` waits (finalizer `foregroundDeletion`) until its dependents
 * are gone; `Orphan` strips the ownerReferences and lets the owner go.
 */
import type { StoreEvent } from '../core/object-store.ts';
import { isPlainObject, meta } from '../core/objects.ts';
import type { JsonObject } from '../core/objects.ts';
import type { ResourceType } from '../core/resource-catalog.ts';
import { ApiError } from '../core/api-errors.ts';
import type { Controller, ControllerContext } from './controller-context.ts';

function ownerUids(o: JsonObject): string[] {
  const refs = meta(o)['ownerReferences'];
  return Array.isArray(refs) ? refs.filter(isPlainObject).map((r) => String(r['uid'])) : [];
}

/** Deletes dependents of deleted owners and completes foreground and orphan deletions. */
export class GarbageCollector implements Controller {
  private readonly ctx: ControllerContext;
  private readonly delayMs: number;

  /** @param delayMs how long the collector waits before acting on a change (the real one lags too). */
  constructor(ctx: ControllerContext, delayMs = 0) {
    this.ctx = ctx;
    this.delayMs = delayMs;
  }

  onEvent(e: StoreEvent): void {
    const m = meta(e.object);
    const uid = String(m['uid'] ?? '');
    if (e.type === 'DELETED') {
      this.ctx.scheduler.schedule(`gc:${uid}`, this.delayMs, () => this.deleteDependents(uid, e.namespace));
      for (const owner of ownerUids(e.object)) {
        this.ctx.scheduler.schedule(`gc-owner:${owner}`, this.delayMs, () =>
          this.recheckOwner(owner, e.namespace),
        );
      }
      return;
    }
    const finalizers = Array.isArray(m['finalizers']) ? (m['finalizers'] as string[]) : [];
    if (
      m['deletionTimestamp'] &&
      (finalizers.includes('foregroundDeletion') || finalizers.includes('orphan'))
    ) {
      this.ctx.scheduler.schedule(`gc-owner:${uid}`, this.delayMs, () => this.recheckOwner(uid, e.namespace));
    }
  }

  private candidates(namespace: string): { r: ResourceType; o: JsonObject }[] {
    const out: { r: ResourceType; o: JsonObject }[] = [];
    for (const r of this.ctx.catalog.all()) {
      const key = `${r.group}/${r.plural}`;
      if (r.namespaced && !namespace) continue;
      if (this.ctx.store.count(key, r.namespaced ? namespace : undefined) === 0) continue;
      for (const o of this.ctx.store.list(key, r.namespaced ? namespace : undefined)) out.push({ r, o });
    }
    return out;
  }

  private dependents(uid: string, namespace: string): { r: ResourceType; o: JsonObject }[] {
    return this.candidates(namespace).filter(({ o }) => ownerUids(o).includes(uid));
  }

  private deleteDependents(uid: string, namespace: string): void {
    for (const { r, o } of this.dependents(uid, namespace)) this.tryDelete(r, o, 'Background');
  }

  private tryDelete(r: ResourceType, o: JsonObject, policy: string): void {
    const m = meta(o);
    try {
      this.ctx.api.delete(r, String(m['namespace'] ?? ''), String(m['name']), { propagationPolicy: policy });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }

  private recheckOwner(uid: string, namespace: string): void {
    const owner = this.candidates(namespace).find(({ o }) => meta(o)['uid'] === uid);
    if (!owner) return;
    const m = meta(owner.o);
    const finalizers = Array.isArray(m['finalizers']) ? (m['finalizers'] as string[]) : [];
    if (!m['deletionTimestamp']) return;
    const deps = this.dependents(uid, namespace);
    if (finalizers.includes('orphan')) {
      for (const { r, o } of deps) {
        const refs = (meta(o)['ownerReferences'] as JsonObject[]).filter((x) => x['uid'] !== uid);
        const next = { ...o, metadata: { ...meta(o), ownerReferences: refs.length > 0 ? refs : undefined } };
        this.ctx.api.writeAs(r, next, 'kube-controller-manager');
      }
      this.dropFinalizer(owner.r, owner.o, 'orphan');
      return;
    }
    if (!finalizers.includes('foregroundDeletion')) return;
    const live = deps.filter(({ o }) => !meta(o)['deletionTimestamp']);
    for (const { r, o } of live) this.tryDelete(r, o, 'Foreground');
    if (deps.length === 0) this.dropFinalizer(owner.r, owner.o, 'foregroundDeletion');
  }

  private dropFinalizer(r: ResourceType, o: JsonObject, finalizer: string): void {
    const f = (meta(o)['finalizers'] as string[]).filter((x) => x !== finalizer);
    this.ctx.api.writeAs(
      r,
      { ...o, metadata: { ...meta(o), finalizers: f.length > 0 ? f : undefined } },
      'kube-controller-manager',
    );
  }
}
