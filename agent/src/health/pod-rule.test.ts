import { describe, expect, it } from 'vitest';
import { objectHealth } from './index.ts';

const pod = (restartPolicy: string | undefined, status: object) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: restartPolicy ? { restartPolicy } : {},
  status,
});

describe('pod health', () => {
  it('containers in a failing wait are Degraded with their messages joined', () => {
    const p = pod('Always', {
      phase: 'Pending',
      containerStatuses: [
        { name: 'a', state: { waiting: { reason: 'ErrImagePull', message: 'no such image' } } },
        { name: 'b', state: { waiting: { reason: 'CreateContainerConfigError', message: 'missing key' } } },
        { name: 'c', state: { waiting: { reason: 'ContainerCreating', message: 'creating' } } },
      ],
    });
    expect(objectHealth(p)).toEqual({ status: 'Degraded', message: 'no such image, missing key' });
  });
  it('a crash loop under restartPolicy Never is not failed early', () => {
    const p = pod('Never', {
      phase: 'Running',
      containerStatuses: [{ name: 'a', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
    });
    expect(objectHealth(p)?.status).toBe('Progressing');
  });
  it('a failed pod without a message names the OOM-killed container', () => {
    const p = pod('Never', {
      phase: 'Failed',
      containerStatuses: [{ name: 'a', state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }],
    });
    expect(objectHealth(p)).toEqual({ status: 'Degraded', message: 'OOMKilled' });
  });
  it('a failed pod reports the first non-zero exit code, init containers first', () => {
    const p = pod('Never', {
      phase: 'Failed',
      initContainerStatuses: [{ name: 'init', state: { terminated: { exitCode: 2 } } }],
      containerStatuses: [{ name: 'main', state: { terminated: { exitCode: 1 } } }],
    });
    expect(objectHealth(p)?.message).toBe('container "init" failed with exit code 2');
  });
  it("a failed pod's own message wins", () => {
    expect(objectHealth(pod('Never', { phase: 'Failed', message: 'evicted' }))?.message).toBe('evicted');
  });
  it('a running pod without restartPolicy is Unknown, since no default is applied', () => {
    expect(objectHealth(pod(undefined, { phase: 'Running' }))?.status).toBe('Unknown');
  });
  it('phase Unknown is Unknown with the pod message', () => {
    expect(objectHealth(pod('Always', { phase: 'Unknown', message: 'node lost' }))).toEqual({
      status: 'Unknown',
      message: 'node lost',
    });
  });
  it('a pod being deleted is Progressing, Pending deletion', () => {
    const p = {
      ...pod('Always', { phase: 'Running' }),
      metadata: { name: 'p', deletionTimestamp: '2026-01-01T00:00:00Z' },
    };
    expect(objectHealth(p)).toEqual({ status: 'Progressing', message: 'Pending deletion' });
  });
  it("a pod held by Argo CD's hook finalizer is judged by its phase, not as pending deletion", () => {
    const p = {
      ...pod('Never', { phase: 'Succeeded' }),
      metadata: {
        name: 'p',
        deletionTimestamp: '2026-01-01T00:00:00Z',
        finalizers: ['argocd.argoproj.io/hook-finalizer'],
      },
    };
    expect(objectHealth(p)?.status).toBe('Healthy');
  });
});
