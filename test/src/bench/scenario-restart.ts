/**
 * Hub restart: kill -9 the hub with every agent connected and current, start it again on
 * the same data dir and port → time until every agent is reconnected and current; blobs the
 * new hub process sent (must be zero: nothing changed) and assignments it sent.
 */
import { figureRows, type ScenarioContext, type ScenarioResult } from './scenario.ts';

export async function restartScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { fleet } = ctx;
  const reps: Record<string, number>[] = [];
  for (let i = 0; i < ctx.repeat; i++) {
    await fleet.waitSynced(120_000);
    await fleet.hub!.kill9();
    const t0 = performance.now();
    const hub = await fleet.startHub();
    await fleet.waitSynced(300_000);
    const allCurrentMs = performance.now() - t0;
    const counters = await fleet.counters();
    let blobs = 0;
    let assignments = 0;
    let bytes = 0;
    for (const c of Object.values(counters.clusters)) {
      bytes += c[0];
      blobs += c[1];
      assignments += c[3];
    }
    const r = {
      hubReadyMs: hub.readyMs,
      allCurrentMs,
      blobsResent: blobs,
      assignmentsSent: assignments,
      bytesSent: bytes,
    };
    ctx.log(
      `  restart ${i + 1}: hub ready ${r.hubReadyMs.toFixed(0)} ms, all current ${allCurrentMs.toFixed(0)} ms, ` +
        `${blobs} blobs and ${assignments} assignments re-sent`,
    );
    reps.push(r);
  }
  return {
    scenario: 'hub restart',
    reps,
    figures: figureRows('hub restart', reps, [
      { key: 'hubReadyMs', label: 'kill -9 → hub ready', unit: 'ms' },
      {
        key: 'allCurrentMs',
        label: `kill -9 → all ${fleet.allClusters.length} agents reconnected and current`,
        unit: 'ms',
        target: '< 30000 ms',
        meets: (v) => v < 30_000,
      },
      {
        key: 'blobsResent',
        label: 'blobs re-sent',
        unit: '',
        target: '0',
        meets: (v) => v === 0,
        reduce: 'max',
      },
      { key: 'assignmentsSent', label: 'assignments re-sent', unit: '' },
      { key: 'bytesSent', label: 'hub bytes sent (all streams)', unit: 'B' },
    ]),
    notes: [],
  };
}
