/**
 * Simulated workload controllers (opt-in; see also resource-status-simulator.ts for Pods,
 * PVCs and LoadBalancer Services). A Deployment, StatefulSet or DaemonSet first gets
 * the status a real controller writes while pods start (observedGeneration, replicas,
 * conditions Available=False / Progressing=True), then, after `readyAfterMs`, the status of a
 * rolled-out workload (ready and available replicas, Available=True). Jobs complete after
 * `jobCompleteAfterMs`. Deployments optionally own a ReplicaSet named `<name>-<hash>`.
 * Status is written through `/status` by manager `kube-controller-manager`, like the real one.
 */
import { ApiError } from '../core/api-errors.ts';
import type { StoreEvent } from '../core/object-store.ts';
import { isPlainObject, meta } from '../core/objects.ts';
import type { JsonObject } from '../core/objects.ts';
import type { Controller, ControllerContext } from './controller-context.ts';

/** How simulated workloads behave. */
export interface WorkloadSimulationOptions {
  /** Milliseconds until a workload reports ready; `Infinity` keeps it progressing forever (no kubelet). Default 0. */
  readyAfterMs?: number;
  /** Milliseconds until a Job completes; `Infinity` keeps it running. Default 0. */
  jobCompleteAfterMs?: number;
  /** Create ReplicaSets owned by Deployments. Default true. */
  replicaSets?: boolean;
  /** Nodes a DaemonSet schedules on. Default 1. */
  nodes?: number;
}

const MANAGER = 'kube-controller-manager';
const KINDS = new Set(['apps/deployments', 'apps/statefulsets', 'apps/daemonsets', 'batch/jobs']);
const HASH_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** A short stable hash of a pod template, like `pod-template-hash`. */
export function templateHash(template: unknown): string {
  const text = JSON.stringify(template ?? {});
  let h = 2166136261;
  let g = 5381;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    g = (Math.imul(g, 33) + text.charCodeAt(i)) >>> 0;
  }
  let out = '';
  let x = h;
  let y = g;
  for (let i = 0; i < 10; i++) {
    const src = i < 5 ? x : y;
    out += HASH_CHARS[src % HASH_CHARS.length];
    if (i < 5) x = Math.floor(x / HASH_CHARS.length);
    else y = Math.floor(y / HASH_CHARS.length);
  }
  return out;
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}

/** Writes workload status as if pods started and became ready. */
export class WorkloadSimulator implements Controller {
  private readonly ctx: ControllerContext;
  private readonly opts: Required<WorkloadSimulationOptions>;
  private readonly readySince = new Map<string, number>();

  constructor(ctx: ControllerContext, opts: WorkloadSimulationOptions) {
    this.ctx = ctx;
    this.opts = {
      readyAfterMs: opts.readyAfterMs ?? 0,
      jobCompleteAfterMs: opts.jobCompleteAfterMs ?? 0,
      replicaSets: opts.replicaSets ?? true,
      nodes: opts.nodes ?? 1,
    };
  }

  onEvent(e: StoreEvent): void {
    if (!KINDS.has(e.resource)) return;
    const m = meta(e.object);
    const key = `${e.resource}/${e.namespace}/${String(m['name'])}`;
    if (e.type === 'DELETED' || m['deletionTimestamp']) {
      this.readySince.delete(key);
      return;
    }
    const status = isPlainObject(e.object['status']) ? e.object['status'] : {};
    const generation = num(m['generation'], 1);
    if (status['observedGeneration'] !== generation) {
      this.readySince.set(key, this.ctx.now().getTime());
      this.ctx.scheduler.schedule(`wl:${key}`, 0, () =>
        this.reconcile(e.resource, e.namespace, String(m['name']), false),
      );
    }
    const isJob = e.resource === 'batch/jobs';
    const delay = isJob ? this.opts.jobCompleteAfterMs : this.opts.readyAfterMs;
    if (!Number.isFinite(delay) || this.isDone(e.resource, e.object)) return;
    const since = this.readySince.get(key) ?? this.ctx.now().getTime();
    const wait = Math.max(0, since + delay - this.ctx.now().getTime());
    this.ctx.scheduler.schedule(`wl-ready:${key}`, wait, () =>
      this.reconcile(e.resource, e.namespace, String(m['name']), true),
    );
  }

  private isDone(resource: string, o: JsonObject): boolean {
    const status = isPlainObject(o['status']) ? o['status'] : {};
    const conditions = Array.isArray(status['conditions']) ? (status['conditions'] as JsonObject[]) : [];
    if (resource === 'batch/jobs')
      return conditions.some((c) => c['type'] === 'Complete' && c['status'] === 'True');
    if (status['observedGeneration'] !== num(meta(o)['generation'], 1)) return false;
    const spec = isPlainObject(o['spec']) ? o['spec'] : {};
    if (resource === 'apps/daemonsets') return status['numberAvailable'] === this.opts.nodes;
    const want = num(spec['replicas'], 1);
    return num(status['availableReplicas'], 0) === want && num(status['replicas'], -1) === want;
  }

  private reconcile(resource: string, namespace: string, name: string, ready: boolean): void {
    const [group = '', plural = ''] = resource.split('/');
    const r = this.ctx.resource(group, plural);
    if (!r) return;
    const obj = this.ctx.store.get(resource, namespace, name);
    if (!obj || meta(obj)['deletionTimestamp']) return;
    const now = this.ctx
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const generation = num(meta(obj)['generation'], 1);
    const spec = isPlainObject(obj['spec']) ? obj['spec'] : {};
    const hash = templateHash(spec['template']);
    let status: JsonObject;
    let revision = 1;
    switch (plural) {
      case 'deployments':
        if (this.opts.replicaSets) revision = this.ensureReplicaSet(obj, hash, ready);
        status = deploymentStatus(name, hash, generation, num(spec['replicas'], 1), ready, now);
        break;
      case 'statefulsets':
        status = statefulSetStatus(name, hash, generation, num(spec['replicas'], 1), ready);
        break;
      case 'daemonsets':
        status = daemonSetStatus(generation, this.opts.nodes, ready);
        break;
      default:
        status = jobStatus(obj, ready, now);
    }
    const fresh = this.ctx.store.get(resource, namespace, name);
    if (!fresh) return;
    const next: JsonObject = { ...fresh, status };
    if (plural === 'deployments') {
      // The deployment controller records the rollout revision along with the status.
      const annotations = isPlainObject(meta(fresh)['annotations'])
        ? (meta(fresh)['annotations'] as JsonObject)
        : {};
      if (annotations['deployment.kubernetes.io/revision'] !== String(revision)) {
        next['metadata'] = {
          ...meta(fresh),
          annotations: { ...annotations, 'deployment.kubernetes.io/revision': String(revision) },
        };
      }
    }
    this.ctx.api.writeAs(r, next, MANAGER, 'status');
  }

  /** Creates or updates the ReplicaSet of the current template; returns its revision. */
  private ensureReplicaSet(deploy: JsonObject, hash: string, ready: boolean): number {
    const rs = this.ctx.resource('apps', 'replicasets');
    if (!rs) return 1;
    const dm = meta(deploy);
    const namespace = String(dm['namespace']);
    const name = `${String(dm['name'])}-${hash}`;
    const spec = isPlainObject(deploy['spec']) ? deploy['spec'] : {};
    const replicas = num(spec['replicas'], 1);
    const template = structuredClone(isPlainObject(spec['template']) ? spec['template'] : {});
    const tm = isPlainObject(template['metadata']) ? template['metadata'] : {};
    template['metadata'] = {
      ...tm,
      labels: { ...((tm['labels'] as object) ?? {}), 'pod-template-hash': hash },
    };
    const selector = isPlainObject(spec['selector']) ? spec['selector'] : {};
    const existing = this.ctx.store.get('apps/replicasets', namespace, name);
    const revisionOf = (o: JsonObject) =>
      Number((meta(o)['annotations'] as JsonObject | undefined)?.['deployment.kubernetes.io/revision'] ?? 0);
    const owned = this.ctx.store
      .list('apps/replicasets', namespace)
      .filter((o) => JSON.stringify(meta(o)['ownerReferences'] ?? []).includes(String(dm['uid'])));
    const revision = existing ? revisionOf(existing) : Math.max(0, ...owned.map(revisionOf)) + 1;
    try {
      if (!existing) {
        this.ctx.api.create(
          rs,
          namespace,
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            metadata: {
              name,
              labels: { ...((tm['labels'] as object) ?? {}), 'pod-template-hash': hash },
              annotations: {
                'deployment.kubernetes.io/desired-replicas': String(replicas),
                'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)),
                'deployment.kubernetes.io/revision': String(revision),
              },
              ownerReferences: [
                {
                  apiVersion: 'apps/v1',
                  kind: 'Deployment',
                  name: dm['name'],
                  uid: dm['uid'],
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            },
            spec: {
              replicas,
              selector: {
                ...selector,
                matchLabels: { ...((selector['matchLabels'] as object) ?? {}), 'pod-template-hash': hash },
              },
              template,
            },
          },
          { fieldManager: MANAGER },
        );
      }
      const current = this.ctx.store.get('apps/replicasets', namespace, name);
      if (!current) return revision;
      const status: JsonObject = {
        replicas,
        fullyLabeledReplicas: replicas,
        observedGeneration: num(meta(current)['generation'], 1),
      };
      if (ready && replicas > 0)
        Object.assign(status, { readyReplicas: replicas, availableReplicas: replicas });
      this.ctx.api.writeAs(rs, { ...current, status }, MANAGER, 'status');
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    return revision;
  }
}

function deploymentStatus(
  name: string,
  hash: string,
  gen: number,
  n: number,
  ready: boolean,
  now: string,
): JsonObject {
  const rsName = `${name}-${hash}`;
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastUpdateTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  if (!ready && n > 0) {
    return {
      observedGeneration: gen,
      replicas: n,
      updatedReplicas: n,
      unavailableReplicas: n,
      conditions: [
        cond(
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
        ),
        cond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`),
      ],
    };
  }
  const status: JsonObject = { observedGeneration: gen, replicas: n, updatedReplicas: n };
  if (n > 0) Object.assign(status, { readyReplicas: n, availableReplicas: n });
  status['conditions'] = [
    cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'),
    cond(
      'Progressing',
      'True',
      'NewReplicaSetAvailable',
      `ReplicaSet "${rsName}" has successfully progressed.`,
    ),
  ];
  return status;
}

function statefulSetStatus(name: string, hash: string, gen: number, n: number, ready: boolean): JsonObject {
  const rev = `${name}-${hash}`;
  const base: JsonObject = {
    observedGeneration: gen,
    replicas: n,
    currentRevision: rev,
    updateRevision: rev,
    collisionCount: 0,
  };
  if (!ready) return { ...base, availableReplicas: 0 };
  return { ...base, readyReplicas: n, currentReplicas: n, updatedReplicas: n, availableReplicas: n };
}

function daemonSetStatus(gen: number, nodes: number, ready: boolean): JsonObject {
  return {
    currentNumberScheduled: nodes,
    numberMisscheduled: 0,
    desiredNumberScheduled: nodes,
    numberReady: ready ? nodes : 0,
    observedGeneration: gen,
    updatedNumberScheduled: nodes,
    ...(ready ? { numberAvailable: nodes } : { numberUnavailable: nodes }),
  };
}

function jobStatus(job: JsonObject, complete: boolean, now: string): JsonObject {
  const prev = isPlainObject(job['status']) ? job['status'] : {};
  const startTime = typeof prev['startTime'] === 'string' ? prev['startTime'] : now;
  if (!complete) return { startTime, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
  const spec = isPlainObject(job['spec']) ? job['spec'] : {};
  const cond = (type: string, reason: string, message: string) => ({
    type,
    status: 'True',
    lastProbeTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  return {
    conditions: [
      cond('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'),
      cond('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'),
    ],
    startTime,
    completionTime: now,
    succeeded: num(spec['completions'], 1),
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
  };
}
