/**
 * Health of objects that expose or store things: Service (a LoadBalancer waits for its
 * address), Ingress (waits for its load balancer), PersistentVolumeClaim (waits to be
 * bound) and APIService (waits to be available). None of them has a message except
 * APIService. Behaviour follows Argo CD (gitops-engine).
 */
import { health, type HealthResult } from './health-status.ts';
import { conditions, list, str, type KubeObject } from './object-view.ts';

/** Service: Healthy, unless a LoadBalancer has no ingress address yet (Progressing). */
export function serviceHealth(obj: KubeObject): HealthResult {
  if (str(obj, 'spec.type') === 'LoadBalancer' && list(obj, 'status.loadBalancer.ingress').length === 0) {
    return health('Progressing');
  }
  return health('Healthy');
}

/** Ingress (extensions or networking.k8s.io, any version): Healthy once the load balancer lists an ingress. */
export function ingressHealth(obj: KubeObject): HealthResult {
  return health(list(obj, 'status.loadBalancer.ingress').length > 0 ? 'Healthy' : 'Progressing');
}

/** PersistentVolumeClaim by phase: Bound → Healthy, Pending → Progressing, Lost → Degraded. */
export function pvcHealth(obj: KubeObject): HealthResult {
  switch (str(obj, 'status.phase')) {
    case 'Bound':
      return health('Healthy');
    case 'Pending':
      return health('Progressing');
    case 'Lost':
      return health('Degraded');
    default:
      return health('Unknown');
  }
}

/** APIService: the first `Available` condition decides; none yet → Progressing. Never Degraded. */
export function apiServiceHealth(obj: KubeObject): HealthResult {
  const available = conditions(obj).find((c) => c.type === 'Available');
  if (!available) return health('Progressing', 'Waiting to be processed');
  const message = `${available.reason}: ${available.message}`;
  return health(available.status === 'True' ? 'Healthy' : 'Progressing', message);
}
