import { describe, expect, it } from 'vitest';
import { objectHealth, rollUpHealth, isWorse, HEALTH_ORDER } from './index.ts';

describe('object health dispatch', () => {
  it('an absent object is Missing', () => {
    expect(objectHealth(undefined)?.status).toBe('Missing');
  });
  it('a ConfigMap has no health', () => {
    expect(objectHealth({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toBeUndefined();
  });
  it('a ConfigMap being deleted is Progressing even though its kind has no health', () => {
    const c = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', deletionTimestamp: '2026-01-01T00:00:00Z' },
    };
    expect(objectHealth(c)).toEqual({ status: 'Progressing', message: 'Pending deletion' });
  });
  it('a custom resource with Ready=True is Healthy by the generic rule', () => {
    const cert = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'c', generation: 2 },
      status: {
        observedGeneration: 2,
        conditions: [{ type: 'Ready', status: 'True', message: 'Certificate is up to date' }],
      },
    };
    expect(objectHealth(cert)).toEqual({ status: 'Healthy', message: 'Certificate is up to date' });
  });
  it('a custom resource with Ready=False is Degraded with the reason when there is no message', () => {
    const r = {
      apiVersion: 'x.io/v1',
      kind: 'Thing',
      metadata: { name: 't' },
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Broken' }] },
    };
    expect(objectHealth(r)).toEqual({ status: 'Degraded', message: 'Broken' });
  });
  it('a custom resource with Available=Unknown is Progressing', () => {
    const r = {
      apiVersion: 'x.io/v1',
      kind: 'Thing',
      metadata: { name: 't' },
      status: { conditions: [{ type: 'Available', status: 'Unknown' }] },
    };
    expect(objectHealth(r)?.status).toBe('Progressing');
  });
  it('a custom resource still reconciling a newer generation is Progressing despite Ready=True', () => {
    const r = {
      apiVersion: 'x.io/v1',
      kind: 'Thing',
      metadata: { name: 't', generation: 3 },
      status: { observedGeneration: 2, conditions: [{ type: 'Ready', status: 'True' }] },
    };
    expect(objectHealth(r)?.status).toBe('Progressing');
  });
  it('a Stalled custom resource is Degraded', () => {
    const r = {
      apiVersion: 'x.io/v1',
      kind: 'Thing',
      metadata: { name: 't' },
      status: {
        conditions: [
          { type: 'Ready', status: 'Unknown' },
          { type: 'Stalled', status: 'True', message: 'gave up' },
        ],
      },
    };
    expect(objectHealth(r)).toEqual({ status: 'Degraded', message: 'gave up' });
  });
  it('a malformed status never throws and is Unknown', () => {
    expect(
      objectHealth({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, status: 'weird' })
        ?.status,
    ).toBe('Unknown');
  });
});

describe('app health roll-up', () => {
  it("follows Argo CD's order Healthy < Suspended < Progressing < Missing < Degraded < Unknown", () => {
    expect(HEALTH_ORDER).toEqual(['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown']);
    expect(isWorse('Suspended', 'Progressing')).toBe(true);
    expect(isWorse('Degraded', 'Missing')).toBe(false);
  });
  it('the worst status wins with the message of the first object that has it', () => {
    const rolled = rollUpHealth([
      { status: 'Healthy' },
      { status: 'Degraded', message: 'first' },
      undefined,
      { status: 'Progressing', message: 'p' },
      { status: 'Degraded', message: 'second' },
    ]);
    expect(rolled).toEqual({ status: 'Degraded', message: 'first' });
  });
  it('an app of objects without health is Healthy', () => {
    expect(rollUpHealth([undefined, undefined])).toEqual({ status: 'Healthy' });
  });
  it('a suspended object does not hide a missing one', () => {
    expect(rollUpHealth([{ status: 'Suspended' }, { status: 'Missing' }]).status).toBe('Missing');
  });
});
