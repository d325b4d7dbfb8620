/**
 * Many simulated clusters behind one port, each under `/clusters/<name>`: both real clients
 * work with the path prefix, clusters are isolated, and idle clusters hold no timers.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClusterHost } from './kube-cluster-host.ts';

const run = promisify(execFile);
let host: KubeClusterHost;
let dir: string;

beforeAll(async () => {
  host = await KubeClusterHost.start({ clusterDefaults: { seedNamespaces: true } });
  host.addCluster('edge-a');
  host.addCluster('edge-b');
  dir = await mkdtemp(join(tmpdir(), 'kube-host-'));
});

afterAll(async () => {
  await host?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kube cluster host', () => {
  it('client-node works against a cluster URL with a path prefix, and clusters are isolated', async () => {
    expect(host.urlFor('edge-a')).toBe(`${host.baseUrl}/clusters/edge-a`);
    const a = host.kubeConfig('edge-a').makeApiClient(CoreV1Api);
    const b = host.kubeConfig('edge-b').makeApiClient(CoreV1Api);
    await a.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'only-in-a' } } });
    expect(
      (await a.readNamespacedConfigMap({ name: 'only-in-a', namespace: 'default' })).metadata?.name,
    ).toBe('only-in-a');
    await expect(
      b.readNamespacedConfigMap({ name: 'only-in-a', namespace: 'default' }),
    ).rejects.toMatchObject({ code: 404 });
    expect(host.cluster('edge-b')?.counters().requests['get configmaps']).toBe(1);
  });

  it('kubectl works against a cluster URL with a path prefix', async () => {
    host
      .cluster('edge-b')
      ?.putObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'in-b', namespace: 'default' } });
    const kubeconfig = await host.writeKubeconfig('edge-b', join(dir, 'kubeconfig-b'));
    const { stdout } = await run('/usr/bin/kubectl', [
      '--kubeconfig',
      kubeconfig,
      '--cache-dir',
      join(dir, 'cache'),
      'get',
      'cm',
    ]);
    expect(stdout).toMatch(/in-b\s+0\s+/);
    expect(stdout).not.toContain('only-in-a');
  });

  it('answers 404 for clusters it does not host, and for removed ones', async () => {
    const missing = await fetch(`${host.baseUrl}/clusters/nope/api/v1/namespaces`);
    expect(missing.status).toBe(404);
    host.addCluster('short-lived');
    expect((await fetch(`${host.urlFor('short-lived')}/api/v1/namespaces`)).status).toBe(200);
    host.removeCluster('short-lived');
    expect((await fetch(`${host.urlFor('short-lived')}/api/v1/namespaces`)).status).toBe(404);
    expect(() => host.addCluster('edge-a')).toThrow(/already exists/);
    expect(() => host.addCluster('Bad_Name')).toThrow(/invalid cluster name/);
  });

  it('keeps idle clusters free of timers and watches', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `idle-${i}`);
    for (const n of names) host.addCluster(n);
    for (const n of names) await host.cluster(n)?.settle();
    for (const n of names) {
      const c = host.cluster(n)?.counters();
      expect(c?.pendingTimers, n).toBe(0);
      expect(c?.openWatches, n).toBe(0);
    }
    for (const n of names) host.removeCluster(n);
  });
});
