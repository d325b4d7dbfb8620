/**
 * The agent's link against the hub's real Connect stream (grpc-js over TLS, bearer-token
 * authentication, the real fleet on a file store) and a Kubernetes API double.
 */
import { describe, expect, it } from 'vitest';
import { Agent, HubLink, tokenCredentials } from '@outpost/agent';
import type { AgentStatus, DesiredState } from '@outpost/agent';
import { silentLogger } from '@outpost/shared';
import { onCleanup, tempDir } from '../fixtures/index.ts';
import { KubeDouble } from '../kube-double/index.ts';
import { doubleKubeConfig, waitFor } from '../fleet-runner/index.ts';
import {
  configMap as configMapIn,
  renderedApp,
  startTokenHub,
  tokenHubClusters as clusters,
  tokenHubTokens as tokens,
} from './token-hub.ts';
import type { TokenHub } from './token-hub.ts';

const configMap = (name: string, data: Record<string, string>) => configMapIn(name, data, 'default');
const rendered = (name: string, cluster: string, objects: Record<string, unknown>[]) =>
  renderedApp(name, cluster, objects, { namespace: 'default', selfHeal: true });

async function startAgent(hub: TokenHub, cluster: string, token: string) {
  const double = await KubeDouble.start({ name: cluster });
  const agent = await Agent.create({
    hub: hub.address,
    cluster,
    credentials: tokenCredentials({ token, caPem: hub.caPem }),
    kube: doubleKubeConfig(double.url, cluster),
    stateDir: await tempDir({ prefix: 'outpost-agent-' }),
    leaderElection: false,
    qps: 0,
    reconnectInitialMs: 50,
    reconnectMaxMs: 500,
  });
  const running = agent.start().catch(() => undefined);
  onCleanup(async () => {
    await agent.stop();
    await running;
    await double.close();
  });
  return { agent, double };
}

describe('agent link against the hub stream', () => {
  it('agent link – with a bearer token over TLS the agent assembles a chunked assignment, applies it, and the hub gets its acknowledged status', async () => {
    const hub = await startTokenHub({ maxObjectsPerChunk: 2 });
    const objects = [0, 1, 2, 3, 4].map((i) => configMap(`cm-${i}`, { i: String(i) }));
    await hub.fleet.reconcile(clusters, [rendered('web', 'edge-1', objects)]);
    const { agent, double } = await startAgent(hub, 'edge-1', tokens['edge-1']);
    await waitFor(
      'all objects applied',
      () =>
        double.cluster
          .listObjects('v1', 'ConfigMap', 'default')
          .filter((o) => /^cm-/.test((o.metadata as { name: string }).name)).length === 5,
    );
    const seen = await waitFor('the hub has the Synced status and the applied generation', () => {
      const s = hub.status.get('edge-1');
      return s?.apps.web?.sync === 'Synced' && s.connection?.appliedGeneration === 1 ? s : undefined;
    });
    expect(seen.apps.web?.resources).toHaveLength(5);
    const st: AgentStatus = await waitFor('every status acknowledged', () => {
      const s = agent.status();
      return s.link?.unacknowledgedStatus === 0 ? s : undefined;
    });
    expect(st.link).toMatchObject({ state: 'connected', blobsReceived: 5 });
  });

  it('agent link – a hub refusing the protocol major stops the link with a clear error and no retry', async () => {
    const hub = await startTokenHub();
    const desired: { d?: DesiredState } = {};
    const link = new HubLink(
      {
        hub: hub.address,
        cluster: 'edge-1',
        instanceId: 'old-agent',
        credentials: tokenCredentials({ token: tokens['edge-1'], caPem: hub.caPem }),
        protocolVersion: { major: 9, minor: 0 },
        reconnectInitialMs: 10,
        reconnectMaxMs: 20,
      },
      {
        generations: () => ({ held: 0, applied: 0 }),
        holds: () => false,
        accept: async (d) => void (desired.d = d),
        clusterFacts: () => ({ kubernetesVersion: '', appliedGeneration: 0, leader: '' }),
      },
      { connected: () => undefined, blobsReceived: () => undefined, reconnect: () => undefined },
      silentLogger(),
    );
    const abort = new AbortController();
    onCleanup(() => abort.abort());
    await expect(link.run(abort.signal)).rejects.toThrow(/refused this agent: PROTOCOL_VERSION_UNSUPPORTED/);
    expect(link.status()).toMatchObject({ state: 'failed', connects: 0 });
    expect(desired.d).toBeUndefined();
  });

  it("agent link – an agent presenting another cluster's token gets nothing of that cluster", async () => {
    const hub = await startTokenHub();
    await hub.fleet.reconcile(clusters, [
      rendered('one', 'edge-1', [configMap('one', { a: '1' })]),
      rendered('two', 'edge-2', [configMap('two', { b: '2' })]),
    ]);
    const { agent, double } = await startAgent(hub, 'edge-2', tokens['edge-1']);
    const st = await waitFor('the impostor was turned away for good', () => {
      const s = agent.status();
      return s.state === 'failed' || s.heldGeneration > 0 ? s : undefined;
    });
    expect(st.error).toMatch(/LINK_REFUSED.*CLUSTER_MISMATCH/);
    expect(st.heldGeneration).toBe(0);
    expect(double.cluster.getObject('v1', 'ConfigMap', 'default', 'two')).toBeUndefined();
    expect(hub.status.get('edge-2')?.connection?.connected ?? false).toBe(false);
  });
});
