import type { AppStatus, DriftEvent, ResourceStatus } from '@outpost/shared';
import { objectHealth, rollUpHealth } from '../health/index.ts';
import type { HealthResult } from '../health/index.ts';
import type { AppSyncResult } from '../apply/app-syncer.ts';
import type { DesiredApp, KubeObject } from '../state/desired-state.ts';

/** What the status of one app is made of. */
export interface AppStatusInputs {
  app: DesiredApp;
  generation: number;
  /** The last sync of this app, if it ran in this process. */
  sync: AppSyncResult | undefined;
  /** Live copy of an applied object (from the watches). */
  live(desired: KubeObject): KubeObject | undefined;
  /** The unresolved drift of an applied object. */
  currentDrift(desired: KubeObject): DriftEvent | undefined;
  recentDrift: DriftEvent[];
  now: number;
}

/**
 * Builds an app's status: per object its sync state (Synced unless its apply failed, it
 * drifted, or it waits for pruning) and health (the shared health rules over the live
 * object), rolled up into the app's sync and health, with the last error quoted as the
 * API server gave it.
 */
export function buildAppStatus(inputs: AppStatusInputs): AppStatus {
  const { app, sync } = inputs;
  const resources: ResourceStatus[] = [];
  const healths: (HealthResult | undefined)[] = [];
  for (const o of sync?.objects ?? []) {
    const live = o.live ? (inputs.live(o.desired) ?? o.live) : undefined;
    const drift = inputs.currentDrift(o.desired);
    const h = o.error
      ? undefined
      : drift?.deleted
        ? objectHealth(undefined)
        : objectHealth(live as Record<string, unknown> | undefined);
    healths.push(h);
    resources.push({
      apiVersion: o.ref.apiVersion,
      kind: o.ref.kind,
      namespace: o.ref.namespace ?? '',
      name: o.ref.name,
      sync: o.error || drift ? 'OutOfSync' : 'Synced',
      health: h?.status ?? '',
      message: o.error ?? (drift ? describeDrift(drift) : (h?.message ?? '')),
    });
  }
  for (const r of sync?.keptExtra ?? []) {
    resources.push({
      apiVersion: r.apiVersion,
      kind: r.kind,
      namespace: r.namespace ?? '',
      name: r.name,
      sync: 'OutOfSync',
      health: '',
      message: 'requires pruning',
    });
  }
  const error = sync?.error ?? app.error;
  const synced = !!sync && sync.ok && resources.every((r) => r.sync === 'Synced');
  const applied = (sync?.objects ?? []).length;
  const health = rollUpHealth(healths);
  return {
    name: app.name,
    generation: inputs.generation,
    sync: !sync && !error ? 'Unknown' : synced ? 'Synced' : 'OutOfSync',
    health: error && applied === 0 ? 'Unknown' : health.status,
    message: error ?? health.message ?? '',
    lastError: error ?? '',
    resources,
    drift: inputs.recentDrift,
    observedUnixMs: inputs.now,
  };
}

function describeDrift(d: DriftEvent): string {
  if (d.deleted) return d.reverted ? 'deleted on the cluster; re-created' : 'deleted on the cluster';
  return `${d.reverted ? 'reverted drift' : 'drift'} at ${d.paths.join(', ')}`;
}
