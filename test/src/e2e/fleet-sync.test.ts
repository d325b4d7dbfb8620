import { describe, expect, it } from 'vitest';
import { Fleet, configMapYaml, waitFor, waitForApp } from '../fleet-runner/index.ts';
import { fleetAppsets } from './fleet-appsets.ts';

describe('fleet sync (principal + agent + Kubernetes API double + git)', () => {
  it('fleet sync – a commit adds an app, edits it, removes a file (pruned), and without prune the file stays', async () => {
    const fleet = await Fleet.start({
      clusters: ['edge-1'],
      files: {
        'apps/web/cm.yaml': configMapYaml('web', { color: 'blue' }),
        'manual/keep/a.yaml': configMapYaml('keep-a', { v: '1' }),
        'manual/keep/b.yaml': configMapYaml('keep-b', { v: '1' }),
      },
      appsets: fleetAppsets,
    });
    const agent = await fleet.startAgent(fleet.agentSpec('edge-1'));
    const spoke = fleet.cluster('edge-1').cluster;
    const cm = (name: string) => spoke.getObject('v1', 'ConfigMap', 'default', name);
    await waitForApp(agent, 'web-edge-1', (s) => s.sync === 'Synced');
    expect(cm('web')?.data).toEqual({ color: 'blue' });

    await fleet.commit({ 'apps/api/cm.yaml': configMapYaml('api', { port: '8080' }) }, 'add api');
    await waitFor('api created', () => cm('api'));
    await waitForApp(agent, 'api-edge-1', (s) => s.sync === 'Synced');

    await fleet.commit({
      'apps/web/cm.yaml': configMapYaml('web', { color: 'green' }),
      'apps/web/extra.yaml': configMapYaml('web-extra', { x: '1' }),
    });
    await waitFor(
      'web updated',
      () => (cm('web')?.data as Record<string, string> | undefined)?.color === 'green' && cm('web-extra'),
    );

    await fleet.commit({ 'apps/web/extra.yaml': null, 'manual/keep/b.yaml': null }, 'remove files');
    await waitFor('web-extra pruned', () => cm('web-extra') === undefined);
    const manual = await waitForApp(agent, 'keep-edge-1', (s) =>
      s.resources.some((r) => r.name === 'keep-b' && r.message === 'requires pruning'),
    );
    expect(manual.sync).toBe('OutOfSync');
    expect(cm('keep-b')).toBeDefined();
  }, 120_000);
});
