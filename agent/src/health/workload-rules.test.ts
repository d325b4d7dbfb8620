import { describe, expect, it } from 'vitest';
import { objectHealth } from './index.ts';

const deployment = (spec: object, status: object, generation = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', generation },
  spec,
  status: { observedGeneration: 1, ...status },
});

describe('deployment health', () => {
  it('a paused deployment is Suspended before any generation check', () => {
    expect(objectHealth(deployment({ paused: true }, { observedGeneration: 0 }, 5))).toEqual({
      status: 'Suspended',
      message: 'Deployment is paused',
    });
  });
  it('an unobserved generation is Progressing', () => {
    expect(objectHealth(deployment({ replicas: 1 }, {}, 2))?.message).toBe(
      'Waiting for rollout to finish: observed deployment generation less than desired generation',
    );
  });
  it('an exceeded progress deadline is Degraded whatever the condition status', () => {
    const d = deployment(
      {},
      { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] },
    );
    expect(objectHealth(d)).toEqual({
      status: 'Degraded',
      message: 'Deployment "web" exceeded its progress deadline',
    });
  });
  it('too few updated replicas is Progressing with the counts', () => {
    expect(objectHealth(deployment({ replicas: 3 }, { updatedReplicas: 1 }))?.message).toBe(
      'Waiting for rollout to finish: 1 out of 3 new replicas have been updated...',
    );
  });
  it('updated but not yet available replicas is Progressing', () => {
    const d = deployment({ replicas: 2 }, { replicas: 2, updatedReplicas: 2, availableReplicas: 1 });
    expect(objectHealth(d)?.message).toBe(
      'Waiting for rollout to finish: 1 of 2 updated replicas are available...',
    );
  });
  it('a complete rollout is Healthy without a message', () => {
    const d = deployment({ replicas: 2 }, { replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
    expect(objectHealth(d)).toEqual({ status: 'Healthy' });
  });
  it('an apps/v1beta2 deployment is Unknown with the unsupported version named', () => {
    const d = { ...deployment({}, {}), apiVersion: 'apps/v1beta2' };
    expect(objectHealth(d)).toEqual({
      status: 'Unknown',
      message: 'unsupported Deployment GVK: apps/v1beta2, Kind=Deployment',
    });
  });
  it('a string where a number belongs is Unknown, not a crash', () => {
    expect(objectHealth(deployment({ replicas: 'two' }, {}))).toEqual({
      status: 'Unknown',
      message: 'cannot read spec.replicas: expected a number, got string',
    });
  });
});

const sts = (spec: object, status: object) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', generation: 1 },
  spec: { replicas: 3, ...spec },
  status: { observedGeneration: 1, readyReplicas: 3, ...status },
});

describe('statefulset health', () => {
  it('an absent observedGeneration is Progressing', () => {
    expect(objectHealth(sts({}, { observedGeneration: undefined }))?.status).toBe('Progressing');
  });
  it('missing ready pods is Progressing with the number missing', () => {
    expect(objectHealth(sts({}, { readyReplicas: 1 }))?.message).toBe('Waiting for 2 pods to be ready...');
  });
  it('a partitioned rolling update waits for replicas minus partition', () => {
    const s = sts(
      { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
      { updatedReplicas: 1 },
    );
    expect(objectHealth(s)).toEqual({
      status: 'Progressing',
      message: 'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...',
    });
  });
  it('a partitioned rolling update that reached its partition is Healthy', () => {
    const s = sts(
      { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
      { updatedReplicas: 2 },
    );
    expect(objectHealth(s)).toEqual({
      status: 'Healthy',
      message: 'partitioned roll out complete: 2 new pods have been updated...',
    });
  });
  it('a rolling update between revisions is Progressing', () => {
    const s = sts({}, { updatedReplicas: 1, updateRevision: 'db-2', currentRevision: 'db-1' });
    expect(objectHealth(s)).toEqual({
      status: 'Progressing',
      message: 'waiting for statefulset rolling update to complete 1 pods at revision db-2...',
    });
  });
  it('a finished rolling update is Healthy at its revision', () => {
    const s = sts({}, { currentReplicas: 3, updateRevision: 'db-2', currentRevision: 'db-2' });
    expect(objectHealth(s)?.message).toBe('statefulset rolling update complete 3 pods at revision db-2...');
  });
});

const ds = (strategy: string, status: object) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', generation: 1 },
  spec: { updateStrategy: { type: strategy } },
  status: { observedGeneration: 1, desiredNumberScheduled: 3, ...status },
});

describe('daemonset health', () => {
  it('OnDelete is Healthy even with pods still to update', () => {
    expect(objectHealth(ds('OnDelete', { updatedNumberScheduled: 1 }))).toEqual({
      status: 'Healthy',
      message: 'daemon set 1 out of 3 new pods have been updated',
    });
  });
  it('a rolling update with pods still to update is Progressing', () => {
    expect(objectHealth(ds('RollingUpdate', { updatedNumberScheduled: 1 }))?.message).toBe(
      'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...',
    );
  });
  it('updated pods not yet available is Progressing', () => {
    expect(
      objectHealth(ds('RollingUpdate', { updatedNumberScheduled: 3, numberAvailable: 2 }))?.message,
    ).toBe('Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...');
  });
  it('an unobserved generation is Progressing', () => {
    expect(
      objectHealth({ ...ds('RollingUpdate', {}), metadata: { name: 'agent', generation: 2 } })?.status,
    ).toBe('Progressing');
  });
});

describe('replicaset health', () => {
  const rs = (status: object) => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-1', generation: 1 },
    spec: { replicas: 2 },
    status: { observedGeneration: 1, ...status },
  });
  it('a ReplicaFailure condition is Degraded with its message', () => {
    const r = rs({ conditions: [{ type: 'ReplicaFailure', status: 'True', message: 'quota exceeded' }] });
    expect(objectHealth(r)).toEqual({ status: 'Degraded', message: 'quota exceeded' });
  });
  it('too few available replicas is Progressing', () => {
    expect(objectHealth(rs({ availableReplicas: 1 }))?.message).toBe(
      'Waiting for rollout to finish: 1 out of 2 new replicas are available...',
    );
  });
  it('all replicas available is Healthy', () => {
    expect(objectHealth(rs({ availableReplicas: 2 }))).toEqual({ status: 'Healthy' });
  });
});
