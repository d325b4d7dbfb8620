import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ApplyMetrics } from '../apply/apply-metrics.ts';
import type { LinkMetrics } from '../link/link-host.ts';

/**
 * The agent's Prometheus metrics, in their own registry (no process-global state):
 * connection status, generations, apply/prune/drift counters, apply latency, blob traffic.
 */
export class AgentMetrics implements ApplyMetrics, LinkMetrics {
  readonly registry = new Registry();
  private readonly connectedGauge: Gauge;
  private readonly leaderGauge: Gauge;
  private readonly reconnects: Counter;
  private readonly heldGeneration: Gauge;
  private readonly appliedGeneration: Gauge;
  private readonly applies: Counter<'outcome'>;
  private readonly prunes: Counter;
  private readonly drifts: Counter;
  private readonly applySeconds: Histogram;
  private readonly blobs: Counter;
  private readonly blobBytes: Counter;

  constructor(cluster: string) {
    this.registry.setDefaultLabels({ cluster });
    const r = [this.registry];
    this.connectedGauge = new Gauge({
      name: 'outpost_agent_connected',
      help: '1 while the stream to the hub is up',
      registers: r,
    });
    this.leaderGauge = new Gauge({
      name: 'outpost_agent_leader',
      help: '1 while this pod holds the lease',
      registers: r,
    });
    this.reconnects = new Counter({
      name: 'outpost_agent_reconnects_total',
      help: 'Streams to the hub that ended and were redialled',
      registers: r,
    });
    this.heldGeneration = new Gauge({
      name: 'outpost_agent_generation_held',
      help: 'Newest generation held (persisted)',
      registers: r,
    });
    this.appliedGeneration = new Gauge({
      name: 'outpost_agent_generation_applied',
      help: 'Newest generation applied',
      registers: r,
    });
    this.applies = new Counter({
      name: 'outpost_agent_applies_total',
      help: 'Objects applied',
      labelNames: ['outcome'],
      registers: r,
    });
    this.prunes = new Counter({ name: 'outpost_agent_prunes_total', help: 'Objects pruned', registers: r });
    this.drifts = new Counter({
      name: 'outpost_agent_drift_total',
      help: 'Drift detected on managed objects',
      registers: r,
    });
    this.applySeconds = new Histogram({
      name: 'outpost_agent_apply_duration_seconds',
      help: 'Latency of one object apply',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: r,
    });
    this.blobs = new Counter({
      name: 'outpost_agent_blobs_received_total',
      help: 'Blobs received from the hub',
      registers: r,
    });
    this.blobBytes = new Counter({
      name: 'outpost_agent_blob_bytes_received_total',
      help: 'Blob bytes received from the hub',
      registers: r,
    });
  }

  observeApply(seconds: number, outcome: 'ok' | 'error'): void {
    this.applies.inc({ outcome });
    this.applySeconds.observe(seconds);
  }

  countPrune(): void {
    this.prunes.inc();
  }

  countDrift(): void {
    this.drifts.inc();
  }

  connected(up: boolean): void {
    this.connectedGauge.set(up ? 1 : 0);
  }

  leader(up: boolean): void {
    this.leaderGauge.set(up ? 1 : 0);
  }

  reconnect(): void {
    this.reconnects.inc();
  }

  blobsReceived(count: number, bytes: number): void {
    this.blobs.inc(count);
    this.blobBytes.inc(bytes);
  }

  generations(held: number, applied: number): void {
    this.heldGeneration.set(held);
    this.appliedGeneration.set(applied);
  }
}
