/**
 * Plays the garbage collector: when an owner goes, its dependents (objects whose
 * ownerReferences name its uid) are deleted; an owner deleted with
 * `propagationPolicy=Foreground` waits (finalizer `foregroundDeletion`) until its dependents
 * are gone; `Orphan` strips the ownerReferences and lets the owner go.
 */
import type { ObjectRef, StoreEvent } from '../core/object-store.ts';
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
      if (this.ctx.store.dependentsOf(uid).length > 0) {
        this.ctx.scheduler.schedule(`gc:${uid}`, this.delayMs, () => this.deleteDependents(uid));
      }
      for (const owner of ownerUids(e.object)) {
        if (!this.ctx.store.findByUid(owner)) continue;
        this.ctx.scheduler.schedule(`gc-owner:${owner}`, this.delayMs, () => this.recheckOwner(owner));
      }
      return;
    }
    const finalizers = Array.isArray(m['finalizers']) ? (m['finalizers'] as string[]) : [];
    if (
      m['deletionTimestamp'] &&
      (finalizers.includes('foregroundDeletion') || finalizers.includes('orphan'))
    ) {
      this.ctx.scheduler.schedule(`gc-owner:${uid}`, this.delayMs, () => this.recheckOwner(uid));
    }
  }

  private resolve(ref: ObjectRef): { r: ResourceType; o: JsonObject } | undefined {
    const [group = '', plural = ''] = ref.resource.split('/');
    const r = this.ctx.resource(group, plural);
    const o = this.ctx.store.get(ref.resource, ref.namespace, ref.name);
    return r && o ? { r, o } : undefined;
  }

  private dependents(uid: string): { r: ResourceType; o: JsonObject }[] {
    return this.ctx.store
      .dependentsOf(uid)
      .map((ref) => this.resolve(ref))
      .filter((x): x is { r: ResourceType; o: JsonObject } => x !== undefined);
  }

  private deleteDependents(uid: string): void {
    for (const { r, o } of this.dependents(uid)) this.tryDelete(r, o, 'Background');
  }

  private tryDelete(r: ResourceType, o: JsonObject, policy: string): void {
    const m = meta(o);
    try {
      this.ctx.api.delete(r, String(m['namespace'] ?? ''), String(m['name']), { propagationPolicy: policy });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }

  private recheckOwner(uid: string): void {
    const ref = this.ctx.store.findByUid(uid);
    const owner = ref ? this.resolve(ref) : undefined;
    if (!owner) return;
    const m = meta(owner.o);
    const finalizers = Array.isArray(m['finalizers']) ? (m['finalizers'] as string[]) : [];
    if (!m['deletionTimestamp']) return;
    const deps = this.dependents(uid);
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
