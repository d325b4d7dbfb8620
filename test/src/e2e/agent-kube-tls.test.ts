/**
 * The agent's own Kubernetes transport against the API double over HTTPS: the kubeconfig's
 * CA verifies the server, server-side apply, get, list with a selector and a watch work
 * end to end, and a server the kubeconfig does not trust is refused.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestKubeClient, loadClusterEndpoint } from '@outpost/agent';
import type { KubeObject } from '@outpost/agent';
import { silentLogger } from '@outpost/shared';
import { tempDir } from '../fixtures/index.ts';
import { doubleKubeConfig } from '../fleet-runner/kube-access.ts';
import { KubeDouble } from '../kube-double/index.ts';

let double: KubeDouble;
let client: RestKubeClient;

const cm = (name: string, value: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', labels: { team: 'edge' } },
  data: { value },
});

beforeAll(async () => {
  double = await KubeDouble.start({ tls: true });
  const kubeconfig = await double.writeKubeconfig(
    join(await tempDir({ prefix: 'agent-kube-tls-', scope: 'file' }), 'kubeconfig'),
  );
  client = new RestKubeClient(loadClusterEndpoint({ kubeconfig }, {}), silentLogger(), { qps: 0 });
});

afterAll(async () => {
  client?.close();
  await double?.close();
});

describe('agent Kubernetes transport over TLS', () => {
  it('agent kube transport – verifies the API server with the kubeconfig CA and applies, gets and lists', async () => {
    expect(await client.serverVersion()).toMatch(/^v1\./);
    const applied = await client.apply(cm('tls-1', 'a'), { fieldManager: 'outpost', force: true });
    const managed = (applied.metadata as { managedFields?: { manager: string; operation: string }[] })
      .managedFields;
    expect(managed?.[0]).toMatchObject({ manager: 'outpost', operation: 'Apply' });
    expect(
      (await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'tls-1' }))?.data,
    ).toEqual({ value: 'a' });
    const listed = await client.list('v1', 'ConfigMap', { labelSelector: 'team=edge' });
    expect(listed.items.map((o) => o.metadata.name)).toEqual(['tls-1']);
    expect(listed.items[0]).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
  });

  it('agent kube transport – a watch over TLS sees a change made after its resourceVersion', async () => {
    const { resourceVersion } = await client.list('v1', 'ConfigMap', { labelSelector: 'team=edge' });
    const abort = new AbortController();
    const seen: string[] = [];
    const watching = client.watch(
      'v1',
      'ConfigMap',
      { labelSelector: 'team=edge', resourceVersion },
      (e) => {
        if (e.type !== 'BOOKMARK') seen.push(`${e.type} ${e.object.metadata.name}`);
        if (seen.length === 2) abort.abort();
      },
      abort.signal,
    );
    await client.apply(cm('tls-1', 'b'), { fieldManager: 'outpost', force: true });
    await client.apply(cm('tls-2', 'c'), { fieldManager: 'outpost', force: true });
    await watching;
    expect(seen).toEqual(['MODIFIED tls-1', 'ADDED tls-2']);
  });

  it('agent kube transport – a server the kubeconfig does not trust is refused, not retried into success', async () => {
    // The same server and token, without the CA (and without skip-verify).
    const untrusting = new RestKubeClient({ ...doubleKubeConfig(double.url), tls: {} }, silentLogger(), {
      qps: 0,
      maxAttempts: 1,
    });
    await expect(untrusting.serverVersion()).rejects.toThrow(/self-signed certificate|unable to verify/);
    untrusting.close();
  });
});
