import { describe, expect, it } from 'vitest';
import { Fleet, configMapYaml, waitFor } from '../fleet-runner/index.ts';
import { fleetAppsets } from './fleet-appsets.ts';

describe('fleet hub restart (principal + agents + Kubernetes API doubles + git)', () => {
  it('fleet hub restart – a hub killed mid-fan-out to several agents comes back and every agent ends at the last generation', async () => {
    const clusters = ['edge-1', 'edge-2', 'edge-3'];
    const fleet = await Fleet.start({
      clusters,
      files: { 'apps/web/cm.yaml': configMapYaml('web', { v: '0' }) },
      appsets: fleetAppsets,
    });
    const agents = await Promise.all(clusters.map((c) => fleet.startAgent(fleet.agentSpec(c))));
    const value = (c: string) =>
      (
        fleet.cluster(c).cluster.getObject('v1', 'ConfigMap', 'default', 'web')?.data as
          Record<string, string> | undefined
      )?.v;
    await waitFor('all agents at v0', () => clusters.every((c) => value(c) === '0'));

    await fleet.commit({ 'apps/web/cm.yaml': configMapYaml('web', { v: '1' }) }, 'v1');
    await waitFor('fan-out started', () => clusters.some((c) => value(c) === '1'), { intervalMs: 5 });
    await fleet.hub.kill();
    await fleet.commit({ 'apps/web/cm.yaml': configMapYaml('web', { v: '2' }) }, 'v2');
    await fleet.hub.start();

    await waitFor('every agent at the last commit', () => clusters.every((c) => value(c) === '2'), {
      timeoutMs: 30_000,
    }).catch(async (err) => {
      throw new Error(
        `${(err as Error).message}: ${JSON.stringify(await Promise.all(agents.map(async (a) => ({ ...(await a.status()), apps: undefined }))))} ${clusters.map(value)} ${fleet.hub.stderr}`,
      );
    });
    const statuses = await waitFor('every agent applied what it holds', async () => {
      const all = await Promise.all(agents.map((a) => a.status()));
      return all.every(
        (s) =>
          s.link?.state === 'connected' && s.appliedGeneration === s.heldGeneration && s.heldGeneration > 0,
      )
        ? all
        : undefined;
    });
    for (const s of statuses) expect(s.apps.find((a) => a.name.startsWith('web-'))?.sync).toBe('Synced');
  }, 120_000);
});
