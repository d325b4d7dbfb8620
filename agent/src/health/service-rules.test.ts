import { describe, expect, it } from 'vitest';
import { objectHealth } from './index.ts';

describe('pvc, apiservice, ingress and service health', () => {
  it('a Lost claim is Degraded and a claim without phase is Unknown', () => {
    const pvc = (status: object) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'c' },
      status,
    });
    expect(objectHealth(pvc({ phase: 'Lost' }))).toEqual({ status: 'Degraded' });
    expect(objectHealth(pvc({}))).toEqual({ status: 'Unknown' });
  });
  it('an APIService without an Available condition waits to be processed', () => {
    const a = {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1.x' },
      status: {},
    };
    expect(objectHealth(a)).toEqual({ status: 'Progressing', message: 'Waiting to be processed' });
  });
  it('an available APIService is Healthy with reason and message', () => {
    const a = {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1.x' },
      status: {
        conditions: [{ type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed' }],
      },
    };
    expect(objectHealth(a)).toEqual({ status: 'Healthy', message: 'Passed: all checks passed' });
  });
  it('an extensions/v1beta1 Ingress is judged like networking.k8s.io', () => {
    const i = {
      apiVersion: 'extensions/v1beta1',
      kind: 'Ingress',
      metadata: { name: 'i' },
      status: { loadBalancer: {} },
    };
    expect(objectHealth(i)?.status).toBe('Progressing');
  });
  it('a NodePort service is Healthy without a load balancer', () => {
    const s = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort' } };
    expect(objectHealth(s)).toEqual({ status: 'Healthy' });
  });
});
