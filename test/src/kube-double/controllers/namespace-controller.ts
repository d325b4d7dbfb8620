/**
 * Plays kube-controller-manager's namespace-related controllers: every new namespace gets the
 * `kube-root-ca.crt` ConfigMap and the `default` ServiceAccount; a deleted namespace has its
 * contents deleted, shows the NamespaceContentRemaining / NamespaceFinalizersRemaining
 * conditions while finalizers hold objects, and disappears once empty.
 */
import { ApiError } from '../core/api-errors.ts';
import type { StoreEvent } from '../core/object-store.ts';
import { isPlainObject, meta } from '../core/objects.ts';
import type { JsonObject } from '../core/objects.ts';
import type { Controller, ControllerContext } from './controller-context.ts';

const NS_KEY = '/namespaces';
const MANAGER = 'kube-controller-manager';
const FAKE_CA =
  '-----BEGIN CERTIFICATE-----\nMIIBkube-double-simulated-cluster-ca\n-----END CERTIFICATE-----\n';
const CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** Options of the namespace controller. */
export interface NamespaceControllerOptions {
  /** Create `kube-root-ca.crt` and the `default` ServiceAccount in new namespaces. */
  seedNamespaces: boolean;
  /** Delay before a deleted namespace is emptied (the real controller waits ~5 s). */
  deletionDelayMs: number;
}

/** Seeds new namespaces and finalizes deleted ones. */
export class NamespaceController implements Controller {
  private readonly ctx: ControllerContext;
  private readonly opts: NamespaceControllerOptions;

  constructor(ctx: ControllerContext, opts: NamespaceControllerOptions) {
    this.ctx = ctx;
    this.opts = opts;
  }

  onEvent(e: StoreEvent): void {
    if (e.resource === NS_KEY) {
      const name = String(meta(e.object)['name']);
      if (e.type === 'ADDED' && this.opts.seedNamespaces) {
        this.ctx.scheduler.schedule(`ns-seed:${name}`, 0, () => this.seed(name));
      }
      if (e.type !== 'DELETED' && meta(e.object)['deletionTimestamp']) {
        this.ctx.scheduler.schedule(`ns-finalize:${name}`, this.opts.deletionDelayMs, () =>
          this.finalize(name),
        );
      }
      return;
    }
    if (e.type === 'DELETED' && e.namespace) {
      const ns = this.ctx.store.get(NS_KEY, '', e.namespace);
      if (ns && meta(ns)['deletionTimestamp']) {
        this.ctx.scheduler.schedule(`ns-finalize:${e.namespace}`, 0, () => this.finalize(e.namespace));
      }
    }
  }

  private seed(namespace: string): void {
    const ns = this.ctx.store.get(NS_KEY, '', namespace);
    if (!ns || meta(ns)['deletionTimestamp']) return;
    const cm = this.ctx.resource('', 'configmaps');
    const sa = this.ctx.resource('', 'serviceaccounts');
    const opts = { fieldManager: MANAGER };
    try {
      if (cm && !this.ctx.store.get('/configmaps', namespace, 'kube-root-ca.crt')) {
        this.ctx.api.create(
          cm,
          namespace,
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: {
              name: 'kube-root-ca.crt',
              annotations: { 'kubernetes.io/description': CA_DESCRIPTION },
            },
            data: { 'ca.crt': FAKE_CA },
          },
          opts,
        );
      }
      if (sa && !this.ctx.store.get('/serviceaccounts', namespace, 'default')) {
        this.ctx.api.create(
          sa,
          namespace,
          { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
          opts,
        );
      }
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === 409 || e.code === 403 || e.code === 404))) throw e;
    }
  }

  private finalize(namespace: string): void {
    const ns = this.ctx.store.get(NS_KEY, '', namespace);
    if (!ns || !meta(ns)['deletionTimestamp']) return;
    const remaining = new Map<string, number>();
    const finalizers = new Map<string, number>();
    for (const key of this.ctx.store.resourcesIn(namespace)) {
      const plural = key.slice(key.indexOf('/') + 1);
      const group = key.slice(0, key.indexOf('/'));
      const r = this.ctx.resource(group, plural);
      for (const o of this.ctx.store.list(key, namespace)) {
        const m = meta(o);
        if (r && !m['deletionTimestamp']) {
          try {
            this.ctx.api.delete(r, namespace, String(m['name']), { propagationPolicy: 'Background' });
          } catch (e) {
            if (!(e instanceof ApiError && e.code === 404)) throw e;
          }
        }
      }
      const left = this.ctx.store.list(key, namespace);
      if (left.length === 0) continue;
      remaining.set(group ? `${plural}.${group}` : `${plural}.`, left.length);
      for (const o of left) {
        const f = meta(o)['finalizers'];
        if (Array.isArray(f))
          for (const x of f) finalizers.set(String(x), (finalizers.get(String(x)) ?? 0) + 1);
      }
    }
    if (remaining.size === 0) {
      this.ctx.store.remove(NS_KEY, '', namespace);
      return;
    }
    this.writeConditions(ns, remaining, finalizers);
  }

  private writeConditions(
    ns: JsonObject,
    remaining: Map<string, number>,
    finalizers: Map<string, number>,
  ): void {
    const r = this.ctx.resource('', 'namespaces');
    if (!r) return;
    const now = this.ctx
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const cond = (type: string, status: string, reason: string, message: string) => ({
      type,
      status,
      lastTransitionTime: now,
      reason,
      message,
    });
    const res = [...remaining].map(([k, n]) => `${k} has ${n} resource instances`).join(', ');
    const fin = [...finalizers].map(([k, n]) => `${k} in ${n} resource instances`).join(', ');
    const conditions = [
      cond(
        'NamespaceDeletionDiscoveryFailure',
        'False',
        'ResourcesDiscovered',
        'All resources successfully discovered',
      ),
      cond(
        'NamespaceDeletionGroupVersionParsingFailure',
        'False',
        'ParsedGroupVersions',
        'All legacy kube types successfully parsed',
      ),
      cond(
        'NamespaceDeletionContentFailure',
        'False',
        'ContentDeleted',
        'All content successfully deleted, may be waiting on finalization',
      ),
      cond(
        'NamespaceContentRemaining',
        'True',
        'SomeResourcesRemain',
        `Some resources are remaining: ${res}`,
      ),
      finalizers.size > 0
        ? cond(
            'NamespaceFinalizersRemaining',
            'True',
            'SomeFinalizersRemain',
            `Some content in the namespace has finalizers remaining: ${fin}`,
          )
        : cond(
            'NamespaceFinalizersRemaining',
            'False',
            'ContentHasNoFinalizers',
            'All content-preserving finalizers finished',
          ),
    ];
    const status = isPlainObject(ns['status']) ? ns['status'] : {};
    this.ctx.api.writeAs(
      r,
      { ...ns, status: { ...status, phase: 'Terminating', conditions } },
      MANAGER,
      'status',
    );
  }
}
