/**
 * The double driven by the real @kubernetes/client-node: CRUD, label selectors, server-side
 * apply with conflicts and force, the status subresource, watches with bookmarks, and an
 * informer that re-lists after a 410.
 */
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  makeInformer,
  PatchStrategy,
  Watch,
} from '@kubernetes/client-node';
import type { KubeConfig, KubernetesObject, V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeDouble } from './kube-double.ts';

let double: KubeDouble;
let kc: KubeConfig;

beforeAll(async () => {
  double = await KubeDouble.start({ watchTimeoutMs: 1000, bookmarkIntervalMs: 200 });
  kc = double.kubeConfig();
});

afterAll(async () => {
  await double.close();
});

const until = async (what: string, ok: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const deployment = (name: string, image: string): KubernetesObject & Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
  },
});

describe('kube double – with the real client-node', () => {
  it('creates, reads, replaces and deletes a ConfigMap through CoreV1Api', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const created = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'crud' }, data: { a: '1' } },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const read = await core.readNamespacedConfigMap({ name: 'crud', namespace: 'default' });
    expect(read.data).toEqual({ a: '1' });
    read.data = { a: '2' };
    const replaced = await core.replaceNamespacedConfigMap({
      name: 'crud',
      namespace: 'default',
      body: read,
    });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      Number(created.metadata?.resourceVersion),
    );
    const stale = core.replaceNamespacedConfigMap({ name: 'crud', namespace: 'default', body: read });
    await expect(stale).rejects.toMatchObject({ code: 409 });
    await core.deleteNamespacedConfigMap({ name: 'crud', namespace: 'default' });
    await expect(core.readNamespacedConfigMap({ name: 'crud', namespace: 'default' })).rejects.toMatchObject({
      code: 404,
    });
  });

  it('lists with equality and set-based label selectors and a field selector', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const mk = (name: string, labels: Record<string, string>) =>
      core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name, labels } } });
    await mk('sel-a', { app: 'web', tier: 'front' });
    await mk('sel-b', { app: 'web', tier: 'back' });
    await mk('sel-c', { app: 'db' });
    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (await core.listNamespacedConfigMap({ namespace: 'default', labelSelector, fieldSelector })).items
        .map((i: V1ConfigMap) => i.metadata?.name)
        .filter((n) => n?.startsWith('sel-'));
    expect(await names('app=web')).toEqual(['sel-a', 'sel-b']);
    expect(await names('app in (web,db),tier!=back')).toEqual(['sel-a', 'sel-c']);
    expect(await names('!tier')).toEqual(['sel-c']);
    expect(await names(undefined, 'metadata.name=sel-b')).toEqual(['sel-b']);
  });

  it('server-side applies, answers 409 naming the other manager, and takes the field with force', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const created = await objects.patch(
      deployment('ssa', 'nginx:1.27'),
      undefined,
      undefined,
      'agent-a',
      false,
      PatchStrategy.ServerSideApply,
    );
    expect(created.metadata?.managedFields?.map((m) => [m.manager, m.operation])).toEqual([
      ['agent-a', 'Apply'],
    ]);
    const conflict = objects.patch(
      deployment('ssa', 'nginx:1.28'),
      undefined,
      undefined,
      'agent-b',
      false,
      PatchStrategy.ServerSideApply,
    );
    const err = (await conflict.catch((e: unknown) => e)) as ApiException<string>;
    expect(err).toBeInstanceOf(ApiException);
    expect(err.code).toBe(409);
    const status = JSON.parse(err.body) as { message: string; details: { causes: { field: string }[] } };
    expect(status.message).toContain('conflict with "agent-a"');
    expect(status.details.causes[0]?.field).toBe('.spec.template.spec.containers[name="app"].image');
    const forced = (await objects.patch(
      deployment('ssa', 'nginx:1.28'),
      undefined,
      undefined,
      'agent-b',
      true,
      PatchStrategy.ServerSideApply,
    )) as V1Deployment;
    expect(forced.spec?.template.spec?.containers[0]?.image).toBe('nginx:1.28');
    expect(forced.metadata?.managedFields?.map((m) => m.manager).sort()).toEqual(['agent-a', 'agent-b']);
  });

  it('keeps status writes and spec writes apart through the status subresource', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('status-demo', 'nginx:1.27') as V1Deployment,
    });
    const withStatus = {
      ...created,
      spec: { ...created.spec, replicas: 5 },
      status: { replicas: 1, readyReplicas: 1 },
    } as V1Deployment;
    const afterStatus = await apps.replaceNamespacedDeploymentStatus({
      name: 'status-demo',
      namespace: 'default',
      body: withStatus,
    });
    expect(afterStatus.status?.readyReplicas).toBe(1);
    expect(afterStatus.spec?.replicas).toBe(1);
    expect(afterStatus.metadata?.generation).toBe(1);
    const mainWrite = {
      ...afterStatus,
      spec: { ...afterStatus.spec, replicas: 3 },
      status: { replicas: 9 },
    } as V1Deployment;
    const afterMain = await apps.replaceNamespacedDeployment({
      name: 'status-demo',
      namespace: 'default',
      body: mainWrite,
    });
    expect(afterMain.spec?.replicas).toBe(3);
    expect(afterMain.status?.replicas).toBe(1);
    expect(afterMain.metadata?.generation).toBe(2);
  });

  it('streams BOOKMARK events to a Watch that allows them', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const seen: string[] = [];
    const watch = new Watch(kc);
    const req = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { allowWatchBookmarks: true, resourceVersion: list.metadata?.resourceVersion },
      (type, obj: KubernetesObject) => seen.push(`${type}:${obj.metadata?.name ?? ''}`),
      () => undefined,
    );
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched' } } });
    await until(
      'a bookmark after the ADDED event',
      () => seen.includes('ADDED:watched') && seen.some((s) => s.startsWith('BOOKMARK')),
    );
    req.abort();
    expect(seen[0]).toBe('ADDED:watched');
  });

  it('runs an informer that re-lists after its watch gets 410 Gone', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const added: string[] = [];
    informer.on('add', (o: V1ConfigMap) => added.push(o.metadata?.name ?? ''));
    await informer.start();
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf-1' } } });
    await until('the informer to see inf-1', () => added.includes('inf-1'));
    const listsBefore = double.cluster.counters().requests['list configmaps'] ?? 0;
    // A write elsewhere moves the store on; compaction then leaves the informer's version behind.
    await core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'moves-rv' } } });
    double.cluster.compactHistory();
    // The server ends the watch after watchTimeoutMs; the informer reconnects, gets 410, re-lists.
    await until(
      'a re-list',
      () => (double.cluster.counters().requests['list configmaps'] ?? 0) > listsBefore,
      8000,
    );
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf-2' } } });
    await until('the informer to see inf-2 after the re-list', () => added.includes('inf-2'), 8000);
    await informer.stop();
    expect(informer.get('inf-1', 'default')).toBeDefined();
  });
});
