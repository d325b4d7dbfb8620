import { credentials as grpcCredentials } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { readIdentity } from '@outpost/agent';
import { Fleet, configMapYaml, waitFor, waitForApp } from '../fleet-runner/index.ts';
import { fleetAppsets } from './fleet-appsets.ts';

describe('fleet isolation (principal + agents + Kubernetes API doubles + git)', () => {
  it("fleet isolation – an agent presenting another cluster's credentials gets nothing of that cluster", async () => {
    const fleet = await Fleet.start({
      clusters: ['edge-1', 'edge-2'],
      files: { 'apps/web/cm.yaml': configMapYaml('web', { v: '1' }) },
      appsets: fleetAppsets,
    });
    const honest = await fleet.startAgent(fleet.agentSpec('edge-2'));
    await waitForApp(honest, 'web-edge-2', (s) => s.sync === 'Synced');

    await expect(
      fleet.startAgent(fleet.agentSpec('edge-2', { bootstrapToken: fleet.tokens['edge-1'] })),
    ).rejects.toThrow(/token/i);

    const edge1 = fleet.agentSpec('edge-1');
    const enrolled = await fleet.startAgent(edge1);
    await waitForApp(enrolled, 'web-edge-1', (s) => s.sync === 'Synced');
    await enrolled.stop();
    const id = (await readIdentity(edge1.stateDir))!;
    const edge1Certificate = {
      channelCredentials: () =>
        grpcCredentials.createSsl(Buffer.from(id.caPem), Buffer.from(id.keyPem), Buffer.from(id.certPem)),
      metadata: () => ({}),
    };
    const impostor = await fleet.startAgent({
      ...edge1,
      cluster: 'edge-2',
      instanceId: 'impostor',
      stateDir: `${edge1.stateDir}-impostor`,
      credentials: edge1Certificate,
    });
    const seen = await waitFor('impostor turned away for good', async () => {
      const s = await impostor.status();
      return s.state === 'failed' || s.heldGeneration > 0 ? s : undefined;
    });
    expect(seen.error).toMatch(/CLUSTER_MISMATCH/);
    expect(seen.apps.map((a) => a.name)).not.toContain('web-edge-2');
    expect(seen.heldGeneration).toBe(0);
    expect(
      fleet
        .cluster('edge-1')
        .cluster.listObjects('v1', 'ConfigMap', 'default')
        .map((o) => (o.metadata as { name: string }).name),
    ).not.toContain('web-edge-2');
  }, 120_000);
});
