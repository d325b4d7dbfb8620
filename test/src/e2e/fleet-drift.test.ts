import { describe, expect, it } from 'vitest';
import { Fleet, configMapYaml, waitFor, waitForApp } from '../fleet-runner/index.ts';
import { fleetAppsets } from './fleet-appsets.ts';

describe('fleet drift (principal + agent + Kubernetes API double + git)', () => {
  it('fleet drift – edits and deletes on the spoke are reported, reverted with selfHeal, only reported without; ignored paths are not drift', async () => {
    const fleet = await Fleet.start({
      clusters: ['edge-1'],
      files: {
        'apps/web/cm.yaml': configMapYaml('web', { color: 'blue' }),
        'manual/ops/cm.yaml': configMapYaml('ops', { level: 'info' }),
        'tolerant/loose/cm.yaml': configMapYaml('loose', { fixed: 'a', free: 'b' }),
      },
      appsets: fleetAppsets,
    });
    const agent = await fleet.startAgent(fleet.agentSpec('edge-1'));
    const spoke = fleet.cluster('edge-1').cluster;
    const cm = (name: string) =>
      spoke.getObject('v1', 'ConfigMap', 'default', name) as { data: Record<string, string> } | undefined;
    const kubectlEdit = (name: string, data: Record<string, string>) =>
      spoke.putObject({ ...cm(name)!, data });
    for (const app of ['web-edge-1', 'ops-edge-1', 'loose-edge-1'])
      await waitForApp(agent, app, (s) => s.sync === 'Synced');

    kubectlEdit('web', { color: 'red' });
    await waitFor('self-heal of web', () => cm('web')?.data.color === 'blue');
    const web = await waitForApp(agent, 'web-edge-1', (s) =>
      s.drift.some((d) => d.paths.includes('/data/color') && d.reverted),
    );
    expect(web.drift[0]).toMatchObject({ kind: 'ConfigMap', name: 'web', deleted: false });

    spoke.deleteObject('v1', 'ConfigMap', 'default', 'web');
    await waitFor('web re-created', () => cm('web'));
    await waitForApp(agent, 'web-edge-1', (s) => s.drift.some((d) => d.deleted && d.reverted));

    kubectlEdit('ops', { level: 'debug' });
    const ops = await waitForApp(agent, 'ops-edge-1', (s) => s.sync === 'OutOfSync' && s.drift.length > 0);
    expect(ops.drift[0]).toMatchObject({ name: 'ops', paths: ['/data/level'], reverted: false });
    expect(cm('ops')?.data.level).toBe('debug');

    kubectlEdit('loose', { fixed: 'a', free: 'changed' });
    kubectlEdit('web', { color: 'purple' });
    await waitFor('web reverted again', () => cm('web')?.data.color === 'blue');
    const loose = await waitForApp(agent, 'loose-edge-1', () => true);
    expect(loose.drift).toEqual([]);
    expect(loose.sync).toBe('Synced');
    expect(cm('loose')?.data.free).toBe('changed');
  }, 120_000);
});
