import { describe, expect, it } from 'vitest';
import { silentLogger } from '@outpost/shared';
import { bearerAuth } from './cluster-endpoint.ts';
import type { ClusterEndpoint } from './cluster-endpoint.ts';
import { RestKubeClient } from './rest-kube-client.ts';
import { startTestServer } from './test-server.ts';

const versionServer = () =>
  startTestServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ gitVersion: 'v1.32.13' }));
  });

function kubeConfig(server: string): ClusterEndpoint {
  return { server, tls: {}, auth: bearerAuth('t'), source: 'test' };
}

describe('RestKubeClient connections', () => {
  it('rest kube client – ten sequential calls share the keep-alive pool instead of opening ten connections', async () => {
    const api = await versionServer();
    const client = new RestKubeClient(kubeConfig(api.url), silentLogger(), { qps: 0 });
    for (let i = 0; i < 10; i++) expect(await client.serverVersion()).toBe('v1.32.13');
    // The pool may open a second connection while the first response is still being released.
    expect(api.connections()).toBeLessThanOrEqual(2);
    client.close();
  });
});
