import { describe, expect, it } from 'vitest';
import { enrollAgent, writeIdentity } from '@outpost/agent';
import { Fleet, configMapYaml, waitFor } from '../fleet-runner/index.ts';
import type { AgentHandle } from '../fleet-runner/index.ts';
import { fleetAppsets } from './fleet-appsets.ts';

const LEASE_MS = 2000;

describe('fleet leader election (principal + agent processes + Kubernetes API double + git)', () => {
  it('fleet leader election – two agent pods for one cluster elect one leader; kill -9 it and the other takes over within a lease duration', async () => {
    const fleet = await Fleet.start({
      clusters: ['edge-1'],
      files: { 'apps/web/cm.yaml': configMapYaml('web', { v: '1' }) },
      appsets: fleetAppsets,
    });
    const spoke = fleet.cluster('edge-1').cluster;
    const value = () =>
      (spoke.getObject('v1', 'ConfigMap', 'default', 'web')?.data as Record<string, string> | undefined)?.v;
    const specs = ['pod-a', 'pod-b'].map((instanceId) =>
      fleet.agentSpec('edge-1', { instanceId, leaseDurationMs: LEASE_MS, bootstrapToken: undefined }),
    );
    const identity = await enrollAgent({
      hub: fleet.hub.address,
      cluster: 'edge-1',
      token: fleet.tokens['edge-1']!,
      caFingerprint: fleet.hub.caFingerprint,
    });
    for (const spec of specs) await writeIdentity(spec.stateDir, identity);
    const pods = await Promise.all(specs.map((spec) => fleet.startAgentProcess(spec)));
    const roles = async () =>
      Promise.all(pods.map(async (p) => ({ pod: p, s: await p.status().catch(() => undefined) })));
    const elected = await waitFor(
      'one leader connected, one standby',
      async () => {
        const r = await roles();
        const leaders = r.filter((x) => x.s?.leader.role === 'leader' && x.s.link?.state === 'connected');
        const standbys = r.filter((x) => x.s?.leader.role === 'standby');
        return leaders.length === 1 && standbys.length === 1
          ? { leader: leaders[0]!.pod, standby: standbys[0]!.pod }
          : undefined;
      },
      { timeoutMs: 30_000 },
    );
    await waitFor('synced by the leader', () => value() === '1');
    const lease = spoke.getObject(
      'coordination.k8s.io/v1',
      'Lease',
      'outpost-system',
      'outpost-agent-edge-1',
    ) as { spec: { holderIdentity: string } };
    expect(lease.spec.holderIdentity).toBe(elected.leader.spec.instanceId);

    await elected.leader.kill();
    const killedAt = Date.now();
    const holder = () =>
      (
        spoke.getObject('coordination.k8s.io/v1', 'Lease', 'outpost-system', 'outpost-agent-edge-1') as
          { spec: { holderIdentity: string } } | undefined
      )?.spec.holderIdentity;
    await waitFor('the standby holds the lease', () => holder() === elected.standby.spec.instanceId, {
      intervalMs: 10,
    });
    // A standby takes over once the lease went unrenewed for a lease duration (checked every duration/5).
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + LEASE_MS / 5 + 2000);
    const standby: AgentHandle = elected.standby;
    await waitFor('the new leader connects', async () => {
      const s = await standby.status();
      return s.leader.role === 'leader' && s.link?.state === 'connected';
    });
    await fleet.commit({ 'apps/web/cm.yaml': configMapYaml('web', { v: '2' }) });
    await waitFor('the new leader reconciles', () => value() === '2', { timeoutMs: 20_000 });
  }, 120_000);
});
