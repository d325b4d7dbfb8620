import { describe, expect, it } from 'vitest';
import { Fleet, configMapYaml, waitFor, waitForApp } from '../fleet-runner/index.ts';
import { fleetAppsets } from './fleet-appsets.ts';

describe('fleet hub outage (principal + agent + Kubernetes API double + git)', () => {
  it('fleet hub outage – with the hub killed the agent keeps enforcing, restarts from its persisted state, and on reconnect fetches only new blobs', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`apps/web/cm-${i}.yaml`] = configMapYaml(`web-${i}`, { v: '1' });
    const fleet = await Fleet.start({ clusters: ['edge-1'], files, appsets: fleetAppsets });
    const spec = fleet.agentSpec('edge-1');
    const first = await fleet.startAgent(spec);
    const spoke = fleet.cluster('edge-1').cluster;
    const cm = (name: string) =>
      spoke.getObject('v1', 'ConfigMap', 'default', name) as { data: Record<string, string> } | undefined;
    await waitForApp(first, 'web-edge-1', (s) => s.sync === 'Synced');
    const before = await first.status();
    expect(before.link?.blobsReceived).toBe(5);

    await fleet.hub.kill();
    await waitFor('link down', async () => (await first.status()).link?.state !== 'connected');
    spoke.putObject({ ...cm('web-0')!, data: { v: 'edited' } });
    await waitFor('drift reverted with the hub down', () => cm('web-0')?.data.v === '1');

    const held = (await first.status()).heldGeneration;
    await first.stop();
    const second = await fleet.startAgent({
      ...spec,
      instanceId: 'edge-1-agent-restarted',
      bootstrapToken: undefined,
    });
    await waitForApp(second, 'web-edge-1', (s) => s.sync === 'Synced');
    const restarted = await second.status();
    expect(restarted.heldGeneration).toBe(held);
    spoke.deleteObject('v1', 'ConfigMap', 'default', 'web-1');
    await waitFor('deleted object re-created from persisted state', () => cm('web-1'));

    await fleet.commit({ 'apps/web/cm-4.yaml': configMapYaml('web-4', { v: '2' }) }, 'change one object');
    await fleet.hub.start();
    await waitFor('new generation applied', () => cm('web-4')?.data.v === '2');
    const after = await waitFor('link up', async () => {
      const s = await second.status();
      return s.link?.state === 'connected' && s.appliedGeneration > held ? s : undefined;
    });
    expect(after.link?.blobsReceived).toBe(1);
    const changed = configMapYaml('web-4', { v: '2' });
    expect(after.link?.blobBytesReceived).toBeGreaterThan(0);
    expect(after.link?.blobBytesReceived).toBeLessThan(changed.length * 2);
  }, 120_000);
});
