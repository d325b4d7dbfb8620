/**
 * Simulated status of the simpler kinds whose health Outpost reads (opt-in, with the workload
 * simulation): a Pod becomes Running and Ready, a PersistentVolumeClaim Bound, a LoadBalancer
 * Service gets an ingress IP — each `readyAfterMs` after it appears, written through `/status`
 * as the kubelet, the PV controller and the service controller would.
 */
import type { StoreEvent } from '../core/object-store.ts';
import { isPlainObject, meta } from '../core/objects.ts';
import type { JsonObject } from '../core/objects.ts';
import type { Controller, ControllerContext } from './controller-context.ts';

const KINDS: Record<string, string> = {
  '/pods': 'kubelet',
  '/persistentvolumeclaims': 'kube-controller-manager',
  '/services': 'kube-controller-manager',
};

function ready(resource: string, o: JsonObject): boolean {
  const status = isPlainObject(o['status']) ? o['status'] : {};
  const spec = isPlainObject(o['spec']) ? o['spec'] : {};
  switch (resource) {
    case '/pods':
      return status['phase'] === 'Running' || status['phase'] === 'Succeeded' || status['phase'] === 'Failed';
    case '/persistentvolumeclaims':
      return status['phase'] === 'Bound';
    default:
      return (
        spec['type'] !== 'LoadBalancer' ||
        (isPlainObject(status['loadBalancer']) && Array.isArray(status['loadBalancer']['ingress']))
      );
  }
}

function readyStatus(resource: string, o: JsonObject, now: string, ip: string): JsonObject {
  const spec = isPlainObject(o['spec']) ? o['spec'] : {};
  if (resource === '/persistentvolumeclaims') {
    const requests = isPlainObject(spec['resources'])
      ? (spec['resources'] as JsonObject)['requests']
      : undefined;
    return {
      phase: 'Bound',
      accessModes: spec['accessModes'] ?? ['ReadWriteOnce'],
      capacity: requests ?? { storage: '1Gi' },
    };
  }
  if (resource === '/services') return { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } };
  const containers = Array.isArray(spec['containers']) ? (spec['containers'] as JsonObject[]) : [];
  const cond = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
  return {
    phase: 'Running',
    conditions: [
      cond('PodReadyToStartContainers'),
      cond('Initialized'),
      cond('Ready'),
      cond('ContainersReady'),
      cond('PodScheduled'),
    ],
    hostIP: '10.0.0.1',
    podIP: ip,
    podIPs: [{ ip }],
    startTime: now,
    qosClass: 'BestEffort',
    containerStatuses: containers.map((c) => ({
      name: c['name'],
      state: { running: { startedAt: now } },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: c['image'],
      imageID: '',
      containerID: `containerd://${String(c['name'])}`,
      started: true,
    })),
  };
}

/** Makes Pods Ready, PVCs Bound and LoadBalancer Services provisioned after a delay. */
export class ResourceStatusSimulator implements Controller {
  private readonly ctx: ControllerContext;
  private readonly readyAfterMs: number;
  private ipCounter = 2;

  constructor(ctx: ControllerContext, readyAfterMs: number) {
    this.ctx = ctx;
    this.readyAfterMs = readyAfterMs;
  }

  onEvent(e: StoreEvent): void {
    if (!(e.resource in KINDS) || e.type === 'DELETED' || !Number.isFinite(this.readyAfterMs)) return;
    if (meta(e.object)['deletionTimestamp'] || ready(e.resource, e.object)) return;
    const name = String(meta(e.object)['name']);
    this.ctx.scheduler.schedule(`status:${e.resource}/${e.namespace}/${name}`, this.readyAfterMs, () =>
      this.makeReady(e.resource, e.namespace, name),
    );
  }

  private makeReady(resource: string, namespace: string, name: string): void {
    const r = this.ctx.resource('', resource.slice(1));
    const o = this.ctx.store.get(resource, namespace, name);
    if (!r || !o || meta(o)['deletionTimestamp'] || ready(resource, o)) return;
    const now = this.ctx
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const ip = `10.244.${Math.floor(this.ipCounter / 250)}.${(this.ipCounter++ % 250) + 2}`;
    const status = {
      ...(isPlainObject(o['status']) ? o['status'] : {}),
      ...readyStatus(resource, o, now, ip),
    };
    this.ctx.api.writeAs(r, { ...o, status }, KINDS[resource] ?? 'kube-controller-manager', 'status');
  }
}
