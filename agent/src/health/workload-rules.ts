/**
 * Health of the `apps/v1` workload controllers: Deployment, StatefulSet, DaemonSet and
 * ReplicaSet. Each compares what the controller has observed and rolled out with what the
 * spec asks for; the checks, their order and the messages follow Argo CD (gitops-engine),
 * which in turn follows `kubectl rollout status`.
 */
import { health, type HealthResult } from './health-status.ts';
import { bool, conditions, num, optionalNum, str, field, type KubeObject } from './object-view.ts';

function generationAhead(obj: KubeObject): boolean {
  return num(obj, 'metadata.generation') > num(obj, 'status.observedGeneration');
}

/** Deployment: paused → Suspended; deadline exceeded → Degraded; rollout in flight → Progressing. */
export function deploymentHealth(obj: KubeObject): HealthResult {
  if (bool(obj, 'spec.paused')) return health('Suspended', 'Deployment is paused');
  if (generationAhead(obj)) {
    return health(
      'Progressing',
      'Waiting for rollout to finish: observed deployment generation less than desired generation',
    );
  }
  const progressing = conditions(obj).find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return health('Degraded', `Deployment "${str(obj, 'metadata.name')}" exceeded its progress deadline`);
  }
  const replicas = optionalNum(obj, 'spec.replicas');
  const updated = num(obj, 'status.updatedReplicas');
  const current = num(obj, 'status.replicas');
  const available = num(obj, 'status.availableReplicas');
  if (replicas !== undefined && updated < replicas) {
    return health(
      'Progressing',
      `Waiting for rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`,
    );
  }
  if (current > updated) {
    return health(
      'Progressing',
      `Waiting for rollout to finish: ${current - updated} old replicas are pending termination...`,
    );
  }
  if (available < updated) {
    return health(
      'Progressing',
      `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...`,
    );
  }
  return health('Healthy');
}

/** StatefulSet: spec observed, pods ready, then the update strategy decides. */
export function statefulSetHealth(obj: KubeObject): HealthResult {
  const observed = num(obj, 'status.observedGeneration');
  if (observed === 0 || num(obj, 'metadata.generation') > observed) {
    return health('Progressing', 'Waiting for statefulset spec update to be observed...');
  }
  const replicas = optionalNum(obj, 'spec.replicas');
  const ready = num(obj, 'status.readyReplicas');
  if (replicas !== undefined && ready < replicas) {
    return health('Progressing', `Waiting for ${replicas - ready} pods to be ready...`);
  }
  const strategy = str(obj, 'spec.updateStrategy.type');
  const updated = num(obj, 'status.updatedReplicas');
  const rollingUpdate = field(obj, 'spec.updateStrategy.rollingUpdate');
  if (strategy === 'RollingUpdate' && rollingUpdate !== undefined && rollingUpdate !== null) {
    const partition = optionalNum(obj, 'spec.updateStrategy.rollingUpdate.partition');
    if (replicas !== undefined && partition !== undefined && updated < replicas - partition) {
      return health(
        'Progressing',
        `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...`,
      );
    }
    return health('Healthy', `partitioned roll out complete: ${updated} new pods have been updated...`);
  }
  if (strategy === 'OnDelete') return health('Healthy', `statefulset has ${ready} ready pods`);
  const updateRevision = str(obj, 'status.updateRevision');
  const currentRevision = str(obj, 'status.currentRevision');
  if (updateRevision !== currentRevision) {
    return health(
      'Progressing',
      `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...`,
    );
  }
  return health(
    'Healthy',
    `statefulset rolling update complete ${num(obj, 'status.currentReplicas')} pods at revision ${currentRevision}...`,
  );
}

/** DaemonSet: generation observed, then updated and available pods against desired. */
export function daemonSetHealth(obj: KubeObject): HealthResult {
  if (generationAhead(obj)) {
    return health(
      'Progressing',
      'Waiting for rollout to finish: observed daemon set generation less than desired generation',
    );
  }
  const desired = num(obj, 'status.desiredNumberScheduled');
  const updated = num(obj, 'status.updatedNumberScheduled');
  if (str(obj, 'spec.updateStrategy.type') === 'OnDelete') {
    return health('Healthy', `daemon set ${updated} out of ${desired} new pods have been updated`);
  }
  const name = str(obj, 'metadata.name');
  if (updated < desired) {
    return health(
      'Progressing',
      `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
    );
  }
  const available = num(obj, 'status.numberAvailable');
  if (available < desired) {
    return health(
      'Progressing',
      `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
    );
  }
  return health('Healthy');
}

/** ReplicaSet: generation observed, no ReplicaFailure, enough available replicas. */
export function replicaSetHealth(obj: KubeObject): HealthResult {
  if (generationAhead(obj)) {
    return health(
      'Progressing',
      'Waiting for rollout to finish: observed replica set generation less than desired generation',
    );
  }
  const failure = conditions(obj).find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (failure) return health('Degraded', failure.message);
  const replicas = optionalNum(obj, 'spec.replicas');
  const available = num(obj, 'status.availableReplicas');
  if (replicas !== undefined && available < replicas) {
    return health(
      'Progressing',
      `Waiting for rollout to finish: ${available} out of ${replicas} new replicas are available...`,
    );
  }
  return health('Healthy');
}
