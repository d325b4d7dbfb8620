/**
 * The status API's views, computed from snapshots of the registry (clusters), the fleet
 * (desired generations and app placement) and the status book (what agents report). Pure:
 * no I/O, so every view is tested with plain data.
 */
import type { AppStatus, DriftEvent, ResourceStatus } from '@outpost/shared';
import type { ClusterRecord } from '../../registry/cluster-record.ts';

/** The agent connection facts the views use (HUB's `AgentConnection`, structurally). */
export interface ConnectionFacts {
  connected: boolean;
  agentVersion: string;
  kubernetesVersion: string;
  sinceMs: number;
  heldGeneration: number;
  appliedGeneration: number;
}

/** One cluster's reported status (HUB's `ClusterStatus`, structurally). */
export interface ReportedStatus {
  cluster: string;
  connection: ConnectionFacts | undefined;
  facts: { kubernetesVersion: string; appliedGeneration: number } | undefined;
  apps: Record<string, AppStatus>;
  updatedAtMs: number;
}

/** One cluster's desired state: generation and the apps placed on it with their appset. */
export interface DesiredState {
  cluster: string;
  generation: number;
  apps: Array<{ name: string; appset: string; error?: string }>;
  updatedAtMs: number;
}

/** Everything the views are computed from, taken at one moment. */
export interface FleetSnapshot {
  clusters: readonly ClusterRecord[];
  reported: ReadonlyMap<string, ReportedStatus>;
  desired: ReadonlyMap<string, DesiredState>;
  nowMs: number;
}

export interface ClusterView {
  name: string;
  server: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createdAt: string;
  enrolledAt: string | null;
  certificateNotAfter: string | null;
  connected: boolean;
  /** ISO time the agent was last heard from (now, when connected); null if never. */
  lastSeen: string | null;
  agentVersion: string | null;
  kubernetesVersion: string | null;
  generation: { desired: number; held: number; applied: number };
  apps: { total: number; synced: number; healthy: number };
  drift: number;
  /** Every desired app reported Synced and the agent applied the desired generation. */
  synced: boolean;
  healthy: boolean;
}

export interface AppView {
  cluster: string;
  name: string;
  appset: string;
  sync: string;
  health: string;
  message: string;
  lastError: string;
  generation: number;
  observedAt: string | null;
  resources: ResourceStatus[];
  drift: DriftEvent[];
}

export interface FleetSummary {
  clusters: {
    total: number;
    connected: number;
    disconnected: number;
    neverConnected: number;
    synced: number;
  };
  apps: { total: number; bySync: Record<string, number>; byHealth: Record<string, number> };
  drift: number;
  lastChange: string | null;
}

const iso = (ms: number | undefined): string | null => (ms ? new Date(ms).toISOString() : null);

/** Applications of one cluster: every desired app, with its reported status or `Unknown`. */
export function appViews(snapshot: FleetSnapshot, cluster: string): AppView[] {
  const desired = snapshot.desired.get(cluster);
  const reported = snapshot.reported.get(cluster)?.apps ?? {};
  const names = new Set([...(desired?.apps.map((a) => a.name) ?? []), ...Object.keys(reported)]);
  const appsetOf = new Map(desired?.apps.map((a) => [a.name, a]) ?? []);
  return [...names].sort().map((name) => {
    const r = reported[name];
    const d = appsetOf.get(name);
    return {
      cluster,
      name,
      appset: d?.appset ?? '',
      sync: r?.sync || 'Unknown',
      health: r?.health || (d ? 'Unknown' : 'Missing'),
      message: r?.message ?? '',
      lastError: d?.error || r?.lastError || '',
      generation: r?.generation ?? 0,
      observedAt: iso(r?.observedUnixMs),
      resources: r?.resources ?? [],
      drift: r?.drift ?? [],
    };
  });
}

/** One row per registered cluster. */
export function clusterViews(snapshot: FleetSnapshot): ClusterView[] {
  return snapshot.clusters.map((rec) => {
    const rep = snapshot.reported.get(rec.name);
    const conn = rep?.connection;
    const desired = snapshot.desired.get(rec.name)?.generation ?? 0;
    const applied = Math.max(conn?.appliedGeneration ?? 0, rep?.facts?.appliedGeneration ?? 0);
    const apps = appViews(snapshot, rec.name);
    const synced = apps.filter((a) => a.sync === 'Synced').length;
    const healthy = apps.filter((a) => a.health === 'Healthy').length;
    return {
      name: rec.name,
      server: rec.server,
      labels: rec.labels,
      annotations: rec.annotations,
      createdAt: rec.createdAt,
      enrolledAt: rec.enrolledAt ?? null,
      certificateNotAfter: rec.certificate?.notAfter ?? null,
      connected: conn?.connected ?? false,
      lastSeen: conn?.connected ? iso(snapshot.nowMs) : iso(rep?.updatedAtMs),
      agentVersion: conn?.agentVersion || null,
      kubernetesVersion: rep?.facts?.kubernetesVersion || conn?.kubernetesVersion || null,
      generation: { desired, held: conn?.heldGeneration ?? 0, applied },
      apps: { total: apps.length, synced, healthy },
      drift: apps.reduce((n, a) => n + a.drift.filter((d) => !d.reverted).length, 0),
      synced: applied >= desired && desired > 0 && synced === apps.length,
      healthy: healthy === apps.length,
    };
  });
}

/** The fleet summary: clusters by connection state, apps by sync and health, drift, last change. */
export function fleetSummary(snapshot: FleetSnapshot): FleetSummary {
  const clusters = clusterViews(snapshot);
  const apps = clusters.flatMap((c) => appViews(snapshot, c.name));
  const count = (values: string[]) =>
    values.reduce<Record<string, number>>((acc, v) => ((acc[v] = (acc[v] ?? 0) + 1), acc), {});
  const changes = [
    ...[...snapshot.reported.values()].map((r) => r.updatedAtMs),
    ...[...snapshot.desired.values()].map((d) => d.updatedAtMs),
  ];
  return {
    clusters: {
      total: clusters.length,
      connected: clusters.filter((c) => c.connected).length,
      disconnected: clusters.filter((c) => !c.connected && c.lastSeen !== null).length,
      neverConnected: clusters.filter((c) => !c.connected && c.lastSeen === null).length,
      synced: clusters.filter((c) => c.synced).length,
    },
    apps: {
      total: apps.length,
      bySync: count(apps.map((a) => a.sync)),
      byHealth: count(apps.map((a) => a.health)),
    },
    drift: clusters.reduce((n, c) => n + c.drift, 0),
    lastChange: iso(changes.length ? Math.max(...changes) : undefined),
  };
}
