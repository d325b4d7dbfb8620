import { describe, expect, it } from 'vitest';
import type { Application, ClusterInfo } from '../../appsets/application.ts';
import { planFleet } from './fleet-plan.ts';
import type { RenderedApp } from './rendered-app.ts';

const clusters: ClusterInfo[] = [
  { name: 'edge-1', server: 'https://edge-1.example:6443' },
  { name: 'edge-2', server: 'https://edge-2.example:6443' },
  { name: 'idle', server: 'https://idle.example:6443' },
];

function rendered(
  name: string,
  destination: Application['spec']['destination'],
  extra: Partial<Application['spec']> = {},
): RenderedApp {
  return {
    app: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name },
      spec: { destination, ...extra },
    },
    appset: 'set',
    revision: 'c0ffee',
    objects: [
      {
        digest: `sha256:${name}`,
        canonical: '{"a":1}',
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'ns',
        name,
      },
    ],
    error: '',
  };
}

describe('fleet plan', () => {
  it('fleet plan – apps go to the cluster named by destination.name, or matched by destination.server', () => {
    const plan = planFleet(clusters, [
      rendered('b', { name: 'edge-1', namespace: 'web' }),
      rendered('a', { server: 'https://edge-1.example:6443' }),
      rendered('c', { name: 'edge-2' }),
    ]);
    expect(plan.perCluster.get('edge-1')!.map((a) => a.name)).toEqual(['a', 'b']);
    expect(plan.perCluster.get('edge-1')![1]!.destinationNamespace).toBe('web');
    expect(plan.perCluster.get('edge-2')!.map((a) => a.name)).toEqual(['c']);
    expect(plan.perCluster.get('idle')).toEqual([]);
    expect(plan.problems).toEqual([]);
  });

  it('fleet plan – an unknown destination and a duplicate app name are problems, the rest is placed', () => {
    const plan = planFleet(clusters, [
      rendered('a', { name: 'nowhere' }),
      rendered('b', { name: 'edge-1' }),
      rendered('b', { server: 'https://edge-1.example:6443' }),
    ]);
    expect(plan.perCluster.get('edge-1')!.map((a) => a.name)).toEqual(['b']);
    expect(plan.problems.map((p) => p.message)).toEqual([
      'destination name nowhere is not a registered cluster',
      'another Application named b already targets cluster edge-1; this one is ignored',
    ]);
  });

  it('fleet plan – sync policy, options and ignoreDifferences are carried into the assignment', () => {
    const plan = planFleet(clusters, [
      rendered(
        'a',
        { name: 'edge-2' },
        {
          syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
          ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
        },
      ),
    ]);
    const a = plan.perCluster.get('edge-2')![0]!;
    expect(a.syncPolicy).toEqual({
      automated: true,
      prune: true,
      selfHeal: false,
      syncOptions: ['CreateNamespace=true'],
    });
    expect(a.ignoreDifferences[0]).toMatchObject({
      group: 'apps',
      kind: 'Deployment',
      jsonPointers: ['/spec/replicas'],
      name: '',
    });
    expect(a.objects[0]).toMatchObject({ digest: 'sha256:a', size: 7 });
  });

  it('fleet plan – an app without automated sync policy is assigned as manual', () => {
    const plan = planFleet(clusters, [rendered('a', { name: 'edge-2' })]);
    expect(plan.perCluster.get('edge-2')![0]!.syncPolicy.automated).toBe(false);
  });
});
