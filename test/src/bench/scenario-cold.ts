/**
 * Cold start: a fresh hub (the enrolled registry only: no Git cache, no assignments) starts,
 * then N agents with empty state and empty clusters connect → time until every agent has
 * applied its assignment. The hub's own start (store, PKI, Git clone, ApplicationSets,
 * render, assignments for every cluster) is reported apart.
 */
import { figureRows, MiB, type ScenarioContext, type ScenarioResult } from './scenario.ts';

/** One cold start; also used to bring the fleet up when the scenario is not measured. */
export async function coldStartOnce(ctx: ScenarioContext): Promise<Record<string, number>> {
  const { fleet } = ctx;
  if (fleet.workers.length > 0) await fleet.stopAgents();
  await fleet.hub?.stop();
  if (fleet.workers.length > 0) await fleet.resetAgents();
  const hub = await fleet.startFreshHub();
  ctx.baseline.hubRssBytes = hub.rssBytes;
  const t0 = performance.now();
  await fleet.startAgents();
  await fleet.waitSynced(600_000);
  return {
    hubReadyMs: hub.readyMs,
    syncedMs: performance.now() - t0,
    hubRssBeforeAgentsMiB: hub.rssBytes / MiB,
  };
}

export async function coldStartScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const reps: Record<string, number>[] = [];
  for (let i = 0; i < ctx.repeat; i++) {
    const r = await coldStartOnce(ctx);
    ctx.log(
      `  cold start ${i + 1}: hub ready ${r.hubReadyMs!.toFixed(0)} ms, all synced ${r.syncedMs!.toFixed(0)} ms`,
    );
    reps.push(r);
  }
  return {
    scenario: 'cold start',
    reps,
    figures: figureRows('cold start', reps, [
      { key: 'hubReadyMs', label: 'hub start to ready (first reconcile done)', unit: 'ms' },
      { key: 'syncedMs', label: 'agents start to all synced', unit: 'ms' },
      { key: 'hubRssBeforeAgentsMiB', label: 'hub RSS before agents', unit: 'MiB' },
    ]),
    notes: [],
  };
}
