import { afterEach, describe, expect, it } from 'vitest';
import { HealthServer } from './health-server.ts';
import { AgentMetrics } from './agent-metrics.ts';

const servers: HealthServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

describe('health server', () => {
  it('health server – /healthz is always ok, /readyz follows readiness, /metrics serves the agent metrics', async () => {
    const metrics = new AgentMetrics('edge-1');
    let ready = false;
    const server = await HealthServer.start('127.0.0.1:0', {
      registry: metrics.registry,
      ready: () => ({ ready, reason: ready ? 'leader, connected' : 'leader, link connecting' }),
      status: () => ({ state: 'running' }),
    });
    servers.push(server);
    const base = `http://${server.address()}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${base}/readyz`);
    expect([notReady.status, await notReady.text()]).toEqual([503, 'leader, link connecting\n']);
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    metrics.connected(true);
    metrics.observeApply(0.02, 'ok');
    metrics.generations(4, 3);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^outpost_agent_connected\{cluster="edge-1"\} 1$/m);
    expect(text).toMatch(/^outpost_agent_generation_applied\{cluster="edge-1"\} 3$/m);
    expect(text).toMatch(/^outpost_agent_applies_total\{outcome="ok",cluster="edge-1"\} 1$/m);
    expect(text).toMatch(/^outpost_agent_apply_duration_seconds_count\{cluster="edge-1"\} 1$/m);
    expect(await (await fetch(`${base}/status`)).json()).toEqual({ state: 'running' });
  });

  it('health server – a malformed listen address is a configuration error', async () => {
    await expect(
      HealthServer.start('nonsense', {
        registry: new AgentMetrics('x').registry,
        ready: () => ({ ready: true, reason: '' }),
        status: () => ({}),
      }),
    ).rejects.toThrow(/invalid --http-listen/);
  });
});
