import { describe, expect, it } from 'vitest';
import { planApplySteps, syncWave } from './apply-order.ts';
import type { KubeObject } from '../state/desired-state.ts';

const obj = (apiVersion: string, kind: string, name: string, wave?: string): KubeObject => ({
  apiVersion,
  kind,
  metadata: {
    name,
    ...(wave === undefined ? {} : { annotations: { 'argocd.argoproj.io/sync-wave': wave } }),
  },
});

describe('apply order', () => {
  it('apply order – namespaces and CRDs come first, then waves ascending, then Argo CD kind order', () => {
    const items = [
      obj('apps/v1', 'Deployment', 'web'),
      obj('example.com/v1', 'Widget', 'w1'),
      obj('v1', 'Service', 'web'),
      obj('v1', 'ConfigMap', 'late', '5'),
      obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com'),
      obj('v1', 'ConfigMap', 'early', '-1'),
      obj('v1', 'Namespace', 'team'),
    ];
    const steps = planApplySteps(items, (o) => o);
    expect(steps.map((s) => [s.phase, s.wave, s.items.map((o) => `${o.kind}/${o.metadata.name}`)])).toEqual([
      ['foundation', 0, ['Namespace/team', 'CustomResourceDefinition/widgets.example.com']],
      ['wave', -1, ['ConfigMap/early']],
      ['wave', 0, ['Service/web', 'Deployment/web', 'Widget/w1']],
      ['wave', 5, ['ConfigMap/late']],
    ]);
  });

  it('sync wave – a missing or unparsable annotation counts as wave 0', () => {
    expect(syncWave(obj('v1', 'ConfigMap', 'a'))).toBe(0);
    expect(syncWave(obj('v1', 'ConfigMap', 'a', 'x'))).toBe(0);
    expect(syncWave(obj('v1', 'ConfigMap', 'a', ' 3 '))).toBe(3);
  });
});
