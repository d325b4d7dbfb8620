import { afterEach, describe, expect, it } from 'vitest';
import { KubeDouble } from '../kube-double/index.ts';
import { configMap } from '../fleet-runner/desired-builder.ts';
import { waitFor } from '../fleet-runner/wait-for.ts';
import { startReconcilerTerm } from '../fleet-runner/reconciler-term.ts';

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

async function setup() {
  const double = await KubeDouble.start({ name: 'spoke' });
  const { apply, statuses, stop } = startReconcilerTerm(double.url);
  stops.push(async () => {
    await stop();
    await double.close();
  });
  const cm = (name: string, ns = 'default') => double.cluster.getObject('v1', 'ConfigMap', ns, name);
  return { double, statuses, apply, cm };
}

describe('agent apply against the Kubernetes API double', () => {
  it('agent apply – objects are created with the owner label, updated, and pruned when they leave', async () => {
    const { apply, cm, statuses } = await setup();
    await apply(1, [{ name: 'web', objects: [configMap('a', { v: '1' }), configMap('b', { v: '1' })] }]);
    expect(cm('a')?.data).toEqual({ v: '1' });
    expect((cm('a')?.metadata as { labels: Record<string, string> }).labels['outpost.dev/app']).toBe('web');
    expect(statuses.get('web')).toMatchObject({ sync: 'Synced', generation: 1 });
    await apply(2, [{ name: 'web', objects: [configMap('a', { v: '2' })] }]);
    expect(cm('a')?.data).toEqual({ v: '2' });
    expect(cm('b')).toBeUndefined();
  });

  it('agent apply – with prune off a removed object stays and the app is OutOfSync', async () => {
    const { apply, cm, statuses } = await setup();
    await apply(1, [{ name: 'web', prune: false, objects: [configMap('a', {}), configMap('b', {})] }]);
    await apply(2, [{ name: 'web', prune: false, objects: [configMap('a', {})] }]);
    expect(cm('b')).toBeDefined();
    expect(statuses.get('web')?.sync).toBe('OutOfSync');
    expect(statuses.get('web')?.resources.find((r) => r.name === 'b')?.message).toBe('requires pruning');
  });

  it('agent apply – Prune=false objects and objects relabelled by someone else are never deleted', async () => {
    const { apply, cm, double } = await setup();
    const keep = configMap('keep', {}, { annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } });
    await apply(1, [
      { name: 'web', selfHeal: false, objects: [keep, configMap('taken', {}), configMap('gone', {})] },
    ]);
    const taken = cm('taken')!;
    double.cluster.putObject({
      ...taken,
      metadata: { ...(taken.metadata as object), labels: { 'outpost.dev/app': 'other' } },
    });
    await apply(2, [{ name: 'web', selfHeal: false, objects: [] }]);
    expect(cm('keep')).toBeDefined();
    expect(cm('taken')).toBeDefined();
    expect(cm('gone')).toBeUndefined();
  });

  it('agent apply – a manifest the API rejects fails its app with the API message; other apps sync', async () => {
    const { apply, cm, statuses } = await setup();
    await apply(1, [
      { name: 'bad', objects: [configMap('Not_Valid', {})] },
      { name: 'good', objects: [configMap('fine', { ok: 'yes' })] },
    ]);
    expect(cm('fine')?.data).toEqual({ ok: 'yes' });
    const bad = statuses.get('bad')!;
    expect(bad.sync).toBe('OutOfSync');
    expect(bad.lastError).toMatch(/ConfigMap "Not_Valid" is invalid/);
    expect(statuses.get('good')?.sync).toBe('Synced');
  });

  it('agent apply – a CRD and its custom resource in one app apply in order', async () => {
    const { apply, double, statuses } = await setup();
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    };
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1' },
      spec: { size: 3 },
    };
    await apply(1, [
      {
        name: 'crds',
        objects: [widget, crd],
        syncOptions: ['CreateNamespace=true'],
        destinationNamespace: 'team-a',
      },
    ]);
    expect(statuses.get('crds')).toMatchObject({ sync: 'Synced' });
    expect(double.cluster.getObject('example.com/v1', 'Widget', 'team-a', 'w1')?.spec).toEqual({ size: 3 });
    expect(double.cluster.getObject('v1', 'Namespace', '', 'team-a')).toBeDefined();
  });

  it('agent apply – drift is reverted with selfHeal, only reported without it, and ignored paths are not drift', async () => {
    const { apply, cm, double, statuses } = await setup();
    await apply(1, [
      { name: 'healed', objects: [configMap('h', { v: '1' })] },
      { name: 'watched', selfHeal: false, objects: [configMap('w', { v: '1' })] },
      {
        name: 'ignoring',
        selfHeal: false,
        ignorePointers: ['/data/free'],
        objects: [configMap('i', { v: '1', free: 'x' })],
      },
    ]);
    const edit = (name: string, data: Record<string, string>) =>
      double.cluster.putObject({ ...cm(name)!, data });
    edit('h', { v: 'edited' });
    edit('w', { v: 'edited' });
    edit('i', { v: '1', free: 'changed' });
    await waitFor('self-heal', () => cm('h')?.data && (cm('h')!.data as Record<string, string>).v === '1');
    await waitFor('drift reported', () =>
      statuses.get('watched')?.drift.some((d) => d.paths.includes('/data/v')),
    );
    expect(statuses.get('watched')?.sync).toBe('OutOfSync');
    expect((cm('w')!.data as Record<string, string>).v).toBe('edited');
    double.cluster.deleteObject('v1', 'ConfigMap', 'default', 'h');
    await waitFor('deleted object re-created', () => cm('h'));
    expect(statuses.get('ignoring')?.drift).toEqual([]);
    expect(statuses.get('ignoring')?.sync).toBe('Synced');
  });

  it('agent apply – fields taken over by a manager named in ignoreDifferences are not drift; other edits are healed', async () => {
    const { apply, cm, double, statuses } = await setup();
    await apply(1, [
      {
        name: 'scaled',
        ignoreManagers: ['autoscaler'],
        objects: [configMap('s', { replicas: '2', image: 'a' })],
      },
    ]);
    double.cluster.putObject({ ...cm('s')!, data: { replicas: '5', image: 'a' } }, 'autoscaler');
    await waitFor(
      'status after the autoscaler edit',
      () =>
        statuses.get('scaled')?.sync === 'Synced' &&
        (cm('s')?.data as Record<string, string>).replicas === '5',
    );
    double.cluster.putObject({ ...cm('s')!, data: { replicas: '5', image: 'b' } }, 'kubectl-edit');
    await waitFor('image healed', () => (cm('s')?.data as Record<string, string>).image === 'a');
    // As in Argo CD without RespectIgnoreDifferences, a heal applies the whole manifest.
    expect((cm('s')?.data as Record<string, string>).replicas).toBe('2');
    expect(statuses.get('scaled')?.drift.map((d) => d.paths)).toEqual([['/data/image']]);
  });

  it('agent apply – 429 and 500 answers are retried with backoff', async () => {
    const { apply, cm, double } = await setup();
    double.cluster.injectFault({
      verb: 'patch',
      resource: 'configmaps',
      status: 429,
      count: 2,
      retryAfterSeconds: 0,
    });
    double.cluster.injectFault({ verb: 'patch', resource: 'configmaps', status: 500, count: 1 });
    await apply(1, [{ name: 'web', objects: [configMap('a', { v: '1' })] }]);
    expect(cm('a')?.data).toEqual({ v: '1' });
  });
});
