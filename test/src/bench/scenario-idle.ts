/**
 * Idle: every agent connected and current, nothing changes → over a window, the hub's CPU
 * (% of one core) and RSS per connected agent (total, and above its RSS before any agent
 * connected); agent worker processes' RSS and CPU per agent (they also host the simulated
 * clusters); the solo agent (the bundled `outpost-agent` program in its own process, 500
 * applied objects, its cluster elsewhere): RSS (private and file-backed) and CPU.
 */
import { procMemory, ProcWindow } from './proc-stats.ts';
import { figureRows, MiB, pause, type ScenarioContext, type ScenarioResult } from './scenario.ts';

async function idleOnce(ctx: ScenarioContext): Promise<Record<string, number>> {
  const { fleet } = ctx;
  await fleet.waitSynced(120_000);
  await pause(2000);
  const hub = fleet.hub!;
  const secs = ctx.idleSeconds;
  const hubW = new ProcWindow(hub.pid, 500);
  const workerW = fleet.workers.map((w) => new ProcWindow(w.pid, 500));
  const soloPid = await fleet.soloAgentPid();
  const soloW = new ProcWindow(soloPid, 500);
  await pause(secs * 1000);
  const h = hubW.stop();
  const ws = workerW.map((w) => w.stop());
  const s = soloW.stop();
  const hubRss = hub.stats().rssBytes;
  const hubMem = await hub.call<NodeJS.MemoryUsage>('gc');
  const workersRss = fleet.workers.reduce((sum, w) => sum + w.stats().rssBytes, 0);
  const solo = await procMemory(soloPid);
  const { connected } = await fleet.counters();
  const n = fleet.clusters.length;
  return {
    connected,
    hubCpuPercent: (h.cpuSeconds / secs) * 100,
    hubRssMiB: hubRss / MiB,
    hubRssPerAgentKiB: hubRss / connected / 1024,
    hubRssAbovePreAgentsPerAgentKiB: (hubRss - ctx.baseline.hubRssBytes) / connected / 1024,
    hubHeapUsedMiB: hubMem.heapUsed / MiB,
    hubExternalMiB: (hubMem.external + hubMem.arrayBuffers) / MiB,
    workerRssPerAgentMiB: workersRss / n / MiB,
    workerCpuPercentPerAgent: (ws.reduce((a, w) => a + w.cpuSeconds, 0) / secs / n) * 100,
    soloAgentRssMiB: solo.rssBytes / MiB,
    soloAgentPrivateMiB: solo.anonBytes / MiB,
    soloAgentFileMiB: solo.fileBytes / MiB,
    soloAgentCpuPercent: (s.cpuSeconds / secs) * 100,
  };
}

export async function idleScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const reps: Record<string, number>[] = [];
  for (let i = 0; i < ctx.repeat; i++) {
    const r = await idleOnce(ctx);
    ctx.log(
      `  idle ${i + 1}: ${r.connected} connected, hub ${r.hubRssMiB!.toFixed(0)} MiB, ${r.hubCpuPercent!.toFixed(2)} % CPU; ` +
        `solo agent ${r.soloAgentRssMiB!.toFixed(0)} MiB, ${r.soloAgentCpuPercent!.toFixed(2)} % CPU`,
    );
    reps.push(r);
  }
  const n = ctx.fleet.allClusters.length;
  return {
    scenario: 'idle',
    reps,
    figures: figureRows('idle', reps, [
      { key: 'connected', label: 'agents connected', unit: '' },
      {
        key: 'hubRssMiB',
        label: `hub RSS with ${n} agents`,
        unit: 'MiB',
        target: n >= 10_000 ? '< 1024 MiB' : '',
        ...(n >= 10_000 ? { meets: (v: number) => v < 1024 } : {}),
      },
      {
        key: 'hubRssPerAgentKiB',
        label: 'hub RSS per connected agent',
        unit: 'KiB',
        target: '< 105 KiB (1 GiB / 10,000)',
        meets: (v) => v < 104.9,
      },
      {
        key: 'hubRssAbovePreAgentsPerAgentKiB',
        label: 'hub RSS per agent above its pre-agent RSS',
        unit: 'KiB',
      },
      { key: 'hubHeapUsedMiB', label: 'hub JS heap used after GC', unit: 'MiB' },
      { key: 'hubExternalMiB', label: 'hub external + array buffers', unit: 'MiB' },
      { key: 'hubCpuPercent', label: 'hub CPU, idle', unit: '% core', target: '< 5 %', meets: (v) => v < 5 },
      {
        key: 'workerRssPerAgentMiB',
        label: 'worker RSS per agent (incl. its simulated cluster)',
        unit: 'MiB',
      },
      {
        key: 'workerCpuPercentPerAgent',
        label: 'worker CPU per agent (incl. its simulated cluster)',
        unit: '% core',
      },
      {
        key: 'soloAgentRssMiB',
        label: 'agent RSS, 500 applied objects (own process)',
        unit: 'MiB',
        target: '< 64 MiB',
        meets: (v) => v < 64,
      },
      {
        key: 'soloAgentPrivateMiB',
        label: '… of it private (anonymous) memory',
        unit: 'MiB',
      },
      {
        key: 'soloAgentFileMiB',
        label: '… of it file-backed (node binary, shared)',
        unit: 'MiB',
      },
      {
        key: 'soloAgentCpuPercent',
        label: 'agent CPU, idle, 500 objects',
        unit: '% core',
        target: '< 1 %',
        meets: (v) => v < 1,
      },
    ]),
    notes: [],
  };
}
