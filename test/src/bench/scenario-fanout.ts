/**
 * Fan-out: a commit changes one object (the `marker` ConfigMap of the app every fleet
 * cluster runs) → per cluster, the time from the hub noticing the commit to the agent's
 * apply reaching its cluster's API server (p50, p99, max); the hub's CPU seconds and peak
 * RSS over the fan-out; bytes the hub sent per cluster against the object's size.
 */
import { BENCH_NAMESPACE, configMapYaml, MARKER, REV_KEY } from './fleet-files.ts';
import { markerLatencies } from './fleet-progress.ts';
import { ProcWindow, readProcStats } from './proc-stats.ts';
import { figureRows, MiB, type ScenarioContext, type ScenarioResult } from './scenario.ts';
import { median, summarize } from './stats.ts';

async function fanoutOnce(ctx: ScenarioContext, rep: number): Promise<Record<string, number>> {
  const { fleet } = ctx;
  const hub = fleet.hub!;
  await fleet.waitSynced(120_000);
  const before = await fleet.counters();
  const value = `fanout-${rep}-${Date.now()}`;
  await fleet.armPushes();
  await fleet.armMarker({ id: value, namespace: BENCH_NAMESPACE, name: MARKER, key: REV_KEY, value });
  await fleet.commit({ [`shared/${MARKER}.yaml`]: configMapYaml(MARKER, value) }, `fan-out ${rep}`);
  let noticedAtMs = 0;
  const off = hub.peer.onNotice<{ atMs: number }>('noticed', (n) => (noticedAtMs ||= n.atMs));
  const window = new ProcWindow(hub.pid, 50);
  const workerCpu = () => fleet.workers.reduce((sum, w) => sum + readProcStats(w.ready.pid).cpuSeconds, 0);
  const workerCpuBefore = workerCpu();
  await fleet.refresh();
  // Each worker answers once all its clusters have the marker: no polling that would cost the
  // workers CPU while they fan out (the times are taken in the workers, from store events).
  const parts = await Promise.all(
    fleet.workers.map((w) =>
      w.call<Record<string, number>>('await-marker', { id: value, timeoutMs: 300_000 }),
    ),
  );
  const seen = Object.assign({}, ...parts) as Record<string, number>;
  const usage = window.stop();
  const workerCpuSeconds = workerCpu() - workerCpuBefore;
  off();
  if (!noticedAtMs) throw new Error('the hub never announced the commit');
  const lat = summarize(markerLatencies(fleet.clusters, seen, noticedAtMs));
  const pushTimes = markerLatencies(fleet.clusters, await fleet.collectPushes(), noticedAtMs);
  const pushed = summarize(pushTimes);
  const pass = await hub.call<{ atMs: number; durationMs: number } | null>('last-reconcile');
  const hubPassMs = pass ? pass.atMs + pass.durationMs - noticedAtMs : Number.NaN;
  await fleet.waitSynced(120_000);
  const after = await fleet.counters();
  const bytes: number[] = [];
  const blobBytes: number[] = [];
  const blobs: number[] = [];
  for (const c of fleet.clusters) {
    const a = after.clusters[c];
    const b = before.clusters[c] ?? [0, 0, 0, 0, 0];
    if (!a) continue;
    bytes.push(a[0] - b[0]);
    blobs.push(a[1] - b[1]);
    blobBytes.push(a[2] - b[2]);
  }
  const perCluster = median(bytes);
  const objectBytes = median(blobBytes) / Math.max(1, median(blobs));
  return {
    hubPassMs,
    pushFirstMs: Math.min(...pushTimes),
    pushP50Ms: pushed.p50,
    pushP99Ms: pushed.p99,
    p50Ms: lat.p50,
    p99Ms: lat.p99,
    maxMs: lat.max,
    hubCpuSeconds: usage.cpuSeconds,
    workerCpuSeconds,
    workerCpuPerClusterMs: (workerCpuSeconds * 1000) / fleet.clusters.length,
    hubPeakRssMiB: usage.peakRssBytes / MiB,
    bytesPerCluster: perCluster,
    blobBytesPerCluster: median(blobBytes),
    otherBytesPerCluster: median(bytes.map((b, i) => b - blobBytes[i]!)),
    blobsPerCluster: median(blobs),
    objectBytes,
    bytesToObject: perCluster / objectBytes,
  };
}

export async function fanoutScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const reps: Record<string, number>[] = [];
  for (let i = 0; i < ctx.repeat; i++) {
    const r = await fanoutOnce(ctx, i + 1);
    ctx.log(
      `  fan-out ${i + 1}: first push ${r.pushFirstMs} ms, pushed to all after ${r.pushP99Ms} ms (p99), pass done ${r.hubPassMs!.toFixed(0)} ms; applied p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms, ` +
        `hub CPU ${r.hubCpuSeconds!.toFixed(2)} s, workers CPU ${r.workerCpuSeconds!.toFixed(2)} s, ${r.bytesPerCluster} B/cluster for a ${r.objectBytes} B object`,
    );
    reps.push(r);
  }
  const n = ctx.fleet.clusters.length;
  return {
    scenario: 'fan-out',
    reps,
    figures: figureRows('fan-out', reps, [
      { key: 'pushFirstMs', label: 'noticed → first assignment on the stream', unit: 'ms' },
      { key: 'pushP50Ms', label: 'noticed → assignment on the stream, p50', unit: 'ms' },
      { key: 'pushP99Ms', label: 'noticed → assignment on the stream, p99', unit: 'ms' },
      { key: 'hubPassMs', label: 'noticed → hub reconcile pass done', unit: 'ms' },
      { key: 'p50Ms', label: `apply latency p50 (${n} clusters)`, unit: 'ms' },
      {
        key: 'p99Ms',
        label: `apply latency p99 (${n} clusters)`,
        unit: 'ms',
        target: '< 2000 ms',
        meets: (v) => v < 2000,
      },
      { key: 'maxMs', label: 'apply latency max', unit: 'ms' },
      { key: 'hubCpuSeconds', label: 'hub CPU', unit: 's' },
      { key: 'workerCpuSeconds', label: 'agent workers CPU (agents + simulated clusters)', unit: 's' },
      { key: 'workerCpuPerClusterMs', label: 'agent workers CPU per cluster', unit: 'ms' },
      { key: 'hubPeakRssMiB', label: 'hub peak RSS', unit: 'MiB' },
      { key: 'objectBytes', label: 'changed object (canonical JSON)', unit: 'B' },
      { key: 'bytesPerCluster', label: 'hub bytes sent per cluster', unit: 'B' },
      {
        key: 'bytesToObject',
        label: 'bytes sent / object size',
        unit: '×',
        target: '≤ 2',
        meets: (v) => v <= 2,
      },
    ]),
    notes: [
      'latency: hub announces the fetched commit → the agent’s server-side apply of the changed object reaches its cluster (store event of the API double)',
      'agent workers CPU: every fleet worker process (its agents and their simulated API servers) from the refresh until the last marker',
      'bytes: gRPC message bytes the hub sent on the cluster’s stream (assignment chunk + blob + acks), without TLS/HTTP2 framing',
    ],
  };
}
