import { describe, expect, it } from 'vitest';
import { objectHealth, workflowHealth } from './index.ts';

const job = (conditions: object[]) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j' },
  status: { conditions },
});

describe('job health', () => {
  it('a Failed condition is Degraded with its message even after Complete', () => {
    const j = job([
      { type: 'Complete', status: 'True', message: 'done' },
      { type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' },
    ]);
    expect(objectHealth(j)).toEqual({ status: 'Degraded', message: 'BackoffLimitExceeded' });
  });
  it('a Complete condition is Healthy with its message', () => {
    expect(objectHealth(job([{ type: 'Complete', status: 'True', message: 'all good' }]))).toEqual({
      status: 'Healthy',
      message: 'all good',
    });
  });
  it('a resumed job still carrying Suspended=False counts as finished and Healthy', () => {
    expect(objectHealth(job([{ type: 'Suspended', status: 'False', message: 'resumed' }]))?.status).toBe(
      'Healthy',
    );
  });
  it('a job without conditions is Progressing', () => {
    expect(objectHealth(job([]))).toEqual({ status: 'Progressing' });
  });
});

describe('cronjob health (Outpost rule)', () => {
  it('a suspended cronjob is Suspended', () => {
    const c = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { suspend: true } };
    expect(objectHealth(c)?.status).toBe('Suspended');
  });
  it('a scheduling cronjob is Healthy and names its active jobs', () => {
    const c = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      status: { active: [{ name: 'c-1' }] },
    };
    expect(objectHealth(c)).toEqual({ status: 'Healthy', message: '1 active job(s)' });
  });
});

describe('argo workflow health', () => {
  it('a Failed workflow is Degraded with its message', () => {
    expect(workflowHealth({ status: { phase: 'Failed', message: 'step 2 failed' } })).toEqual({
      status: 'Degraded',
      message: 'step 2 failed',
    });
  });
  it('an Error workflow reached through dispatch is Degraded', () => {
    const w = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'w' },
      status: { phase: 'Error' },
    };
    expect(objectHealth(w)?.status).toBe('Degraded');
  });
  it('an unheard-of phase is Unknown', () => {
    expect(workflowHealth({ status: { phase: 'Omitted' } }).status).toBe('Unknown');
  });
});
