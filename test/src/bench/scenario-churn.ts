/**
 * Churn: 10 commits a second for the window (default 60 s), each changing the churn object
 * of a random group's app (a tenth of the fleet by default), each announced to the hub at
 * once (webhook-style refresh) → commits made, time for every agent to be current after the
 * last one (none may stay behind), and the hub's memory: RSS and GC'd heap before and after.
 */
import { churnObject, configMapYaml } from './fleet-files.ts';
import { figureRows, MiB, pause, type ScenarioContext, type ScenarioResult } from './scenario.ts';
import { StreamCommitter } from './stream-committer.ts';

/** A small seeded PRNG (mulberry32), so runs touch the same sequence of apps. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Mem {
  rss: number;
  heapUsed: number;
}

async function churnOnce(ctx: ScenarioContext, rep: number): Promise<Record<string, number>> {
  const { fleet } = ctx;
  const hub = fleet.hub!;
  const groups = fleet.options.groups;
  await fleet.waitSynced(120_000);
  const memBefore = await hub.call<Mem>('gc');
  const rssSamples: number[] = [];
  const sampler = setInterval(() => {
    try {
      rssSamples.push(hub.stats().rssBytes);
    } catch {
      /* the hub exiting fails the refresh calls below */
    }
  }, 1000);
  const random = seeded(rep);
  const windowMs = ctx.churnSeconds * 1000;
  const t0 = performance.now();
  const refreshes: Promise<void>[] = [];
  let commits = 0;
  let commitFailures = 0;
  const committer = new StreamCommitter(fleet.repo.path);
  let commitWaitMs = 0;
  let refreshWaitMs = 0;
  try {
    while (performance.now() - t0 < windowMs) {
      const due = t0 + commits * 100;
      const wait = due - performance.now();
      if (wait > 0) await pause(wait);
      const g = `g${Math.floor(random() * groups)}`;
      const tc = performance.now();
      await committer.commit(
        { [`groups/${g}/${churnObject(g)}.yaml`]: configMapYaml(churnObject(g), `churn-${rep}-${commits}`) },
        `churn ${rep}.${commits}`,
      );
      commitWaitMs += performance.now() - tc;
      commits++;
      refreshes.push(fleet.refresh().catch(() => void commitFailures++));
      const tr = performance.now();
      if (refreshes.length > 50) await refreshes.shift();
      refreshWaitMs += performance.now() - tr;
    }
    await Promise.all(refreshes);
  } finally {
    clearInterval(sampler);
    await committer.close();
  }
  const elapsed = performance.now() - t0;
  await fleet.refresh();
  const tLast = performance.now();
  let catchUpMs = Number.NaN;
  let behind = 0;
  try {
    catchUpMs = await fleet.waitSynced(180_000);
  } catch (err) {
    const p = await fleet.progress();
    behind = p.clusters - p.current;
    ctx.log(`  churn ${rep}: ${(err as Error).message}`);
  }
  const memAfter = await hub.call<Mem>('gc');
  const third = Math.max(1, Math.floor(rssSamples.length / 3));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    commits,
    commitsPerSecond: commits / (elapsed / 1000),
    refreshFailures: commitFailures,
    meanCommitMs: commitWaitMs / Math.max(1, commits),
    meanRefreshBackpressureMs: refreshWaitMs / Math.max(1, commits),
    catchUpMs: Number.isNaN(catchUpMs) ? performance.now() - tLast : catchUpMs,
    agentsBehind: behind,
    hubRssFirstThirdMiB: avg(rssSamples.slice(0, third)) / MiB,
    hubRssLastThirdMiB: avg(rssSamples.slice(-third)) / MiB,
    hubPeakRssMiB: Math.max(...rssSamples) / MiB,
    hubHeapBeforeMiB: memBefore.heapUsed / MiB,
    hubHeapAfterMiB: memAfter.heapUsed / MiB,
    hubHeapGrowthMiB: (memAfter.heapUsed - memBefore.heapUsed) / MiB,
  };
}

export async function churnScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const reps: Record<string, number>[] = [];
  for (let i = 0; i < ctx.repeat; i++) {
    const r = await churnOnce(ctx, i + 1);
    ctx.log(
      `  churn ${i + 1}: ${r.commits} commits (${r.commitsPerSecond!.toFixed(1)}/s), caught up ${r.catchUpMs!.toFixed(0)} ms after the last, ` +
        `${r.agentsBehind} behind; hub heap ${r.hubHeapBeforeMiB!.toFixed(1)} → ${r.hubHeapAfterMiB!.toFixed(1)} MiB`,
    );
    reps.push(r);
  }
  return {
    scenario: 'churn',
    reps,
    figures: figureRows('churn', reps, [
      {
        key: 'commitsPerSecond',
        label: `commits per second (${ctx.churnSeconds} s)`,
        unit: '/s',
        target: '10',
        meets: (v) => v >= 9.5,
      },
      { key: 'meanCommitMs', label: 'time to write one commit (fast-import checkpoint)', unit: 'ms' },
      { key: 'catchUpMs', label: 'last commit → all agents current', unit: 'ms' },
      {
        key: 'agentsBehind',
        label: 'agents behind at the end',
        unit: '',
        target: '0',
        meets: (v) => v === 0,
        reduce: 'max',
      },
      { key: 'hubRssFirstThirdMiB', label: 'hub RSS, first third of the window', unit: 'MiB' },
      { key: 'hubRssLastThirdMiB', label: 'hub RSS, last third of the window', unit: 'MiB' },
      { key: 'hubPeakRssMiB', label: 'hub peak RSS', unit: 'MiB' },
      { key: 'hubHeapGrowthMiB', label: 'hub heap after GC, end − start', unit: 'MiB' },
    ]),
    notes: [],
  };
}
