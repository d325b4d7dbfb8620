import { describe, expect, it } from 'vitest';
import { objectHealth } from './index.ts';

const v1 = (annotation?: string) => ({
  apiVersion: 'autoscaling/v1',
  kind: 'HorizontalPodAutoscaler',
  metadata: {
    name: 'h',
    annotations: annotation === undefined ? {} : { 'autoscaling.alpha.kubernetes.io/conditions': annotation },
  },
});
const v2 = (conditions: object[]) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'h' },
  status: { conditions },
});

describe('hpa health', () => {
  it('a v1 HPA with an empty condition array waits to autoscale', () => {
    expect(objectHealth(v1('[]'))).toEqual({ status: 'Progressing', message: 'Waiting to Autoscale' });
  });
  it('a v1 HPA with invalid annotation JSON is Unknown', () => {
    const h = objectHealth(v1('[{'));
    expect(h?.status).toBe('Unknown');
    expect(h?.message).toContain('autoscaling.alpha.kubernetes.io/conditions');
  });
  it('v1 condition keys match case-insensitively', () => {
    expect(objectHealth(v1('[{"Type":"AbleToScale","STATUS":"True","message":"ok"}]'))).toEqual({
      status: 'Healthy',
      message: 'ok',
    });
  });
  it('FailedUpdateScale is Degraded even with status True', () => {
    const h = v2([
      { type: 'AbleToScale', status: 'True', reason: 'FailedUpdateScale', message: 'cannot scale' },
    ]);
    expect(objectHealth(h)).toEqual({ status: 'Degraded', message: 'cannot scale' });
  });
  it('InvalidSelector is Degraded', () => {
    expect(
      objectHealth(
        v2([{ type: 'ScalingActive', status: 'False', reason: 'InvalidSelector', message: 'bad' }]),
      )?.status,
    ).toBe('Degraded');
  });
  it('the first deciding condition wins', () => {
    const h = v2([
      { type: 'ScalingLimited', status: 'True', reason: 'TooFewReplicas', message: 'limited' },
      { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'no metrics' },
    ]);
    expect(objectHealth(h)).toEqual({ status: 'Healthy', message: 'limited' });
  });
});
