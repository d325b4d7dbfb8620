import type { KubeObject } from '../state/desired-state.ts';

/** The annotation Argo CD users already put on manifests to order a sync. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * Kind order within one wave, the order Argo CD (gitops-engine) and Helm use: what other
 * objects depend on comes first. Kinds not listed go after, by name.
 */
const KIND_ORDER: readonly string[] = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];
const KIND_RANK = new Map(KIND_ORDER.map((k, i) => [k, i]));

/** The sync wave of an object (annotation value, default 0; an unparsable value counts as 0). */
export function syncWave(obj: KubeObject): number {
  const raw = obj.metadata.annotations?.[SYNC_WAVE_ANNOTATION];
  if (raw === undefined) return 0;
  const n = Number.parseInt(raw.trim(), 10);
  return Number.isFinite(n) ? n : 0;
}

/** True for the kinds applied before everything else: Namespaces and CRDs. */
export function isFoundation(obj: KubeObject): boolean {
  return (
    (obj.kind === 'Namespace' && obj.apiVersion === 'v1') ||
    (obj.kind === 'CustomResourceDefinition' && obj.apiVersion.startsWith('apiextensions.k8s.io/'))
  );
}

/** One step of a sync: objects applied in order; a CRD step waits for Established before the next. */
export interface ApplyStep<T> {
  phase: 'foundation' | 'wave';
  wave: number;
  items: T[];
}

/**
 * Orders objects for one sync: first Namespaces then CRDs (the foundation), then waves in
 * ascending order, inside a wave by Argo CD's kind order, then kind, namespace and name so
 * that the order is deterministic.
 */
export function planApplySteps<T>(items: readonly T[], objectOf: (item: T) => KubeObject): ApplyStep<T>[] {
  const foundation: T[] = [];
  const waves = new Map<number, T[]>();
  for (const item of items) {
    const obj = objectOf(item);
    if (isFoundation(obj)) foundation.push(item);
    else {
      const w = syncWave(obj);
      const list = waves.get(w) ?? [];
      list.push(item);
      waves.set(w, list);
    }
  }
  const cmp = (a: T, b: T) => compareObjects(objectOf(a), objectOf(b));
  const steps: ApplyStep<T>[] = [];
  if (foundation.length > 0) steps.push({ phase: 'foundation', wave: 0, items: foundation.sort(cmp) });
  for (const wave of [...waves.keys()].sort((a, b) => a - b)) {
    steps.push({ phase: 'wave', wave, items: waves.get(wave)!.sort(cmp) });
  }
  return steps;
}

function compareObjects(a: KubeObject, b: KubeObject): number {
  const ra = KIND_RANK.get(a.kind) ?? KIND_ORDER.length;
  const rb = KIND_RANK.get(b.kind) ?? KIND_ORDER.length;
  if (ra !== rb) return ra - rb;
  return (
    byCodeUnit(a.kind, b.kind) ||
    byCodeUnit(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    byCodeUnit(a.metadata.name, b.metadata.name)
  );
}

/**
 * Plain string order, as Argo CD's Go sort compares names: independent of the locale, and
 * without `localeCompare`, which would load ICU collation data into every agent (~3 MiB).
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
