/**
 * The setup the shared-identity tests have in common: a hub, one registered cluster with its
 * one-time token, and that cluster simulated by an API double holding the `outpost-system`
 * namespace the identity Secret lives in. Everything is cleaned up after the test.
 */
import { join } from 'node:path';
import { RestKubeClient } from '@outpost/agent';
import { Hub } from '@outpost/principal';
import { silentLogger } from '@outpost/shared';
import { onCleanup, tempDir } from '../fixtures/index.ts';
import { endpointOf } from '../fleet-runner/index.ts';
import { KubeDouble } from '../kube-double/index.ts';

export interface IdentitySetup {
  dir: string;
  hub: Hub;
  double: KubeDouble;
  kube: RestKubeClient;
  /** The cluster's one-time bootstrap token. */
  token: string;
}

export async function identitySetup(cluster: string, prefix: string): Promise<IdentitySetup> {
  const dir = await tempDir({ prefix });
  const hub = await Hub.create({
    dataDir: join(dir, 'hub'),
    grpcListen: '127.0.0.1:0',
    logger: silentLogger(),
  });
  await hub.start();
  onCleanup(() => hub.stop());
  const double = await KubeDouble.start({ name: cluster });
  onCleanup(() => double.close());
  const kube = new RestKubeClient(endpointOf(double.kubeConfig()), silentLogger());
  onCleanup(() => kube.close());
  await kube.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'outpost-system' } }, 'test');
  const { token } = await hub.registry.clusters.register({ name: cluster, tokenTtlMs: 600_000 }, 'test');
  return { dir, hub, double, kube, token };
}
