import type { AppStatus } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import type { ClusterRecord } from '../../registry/cluster-record.ts';
import type { FleetSnapshot, ReportedStatus } from './fleet-view.ts';
import { appViews, clusterViews, fleetSummary } from './fleet-view.ts';

const NOW = Date.parse('2026-02-01T12:00:00Z');
const rec = (name: string, labels: Record<string, string> = {}): ClusterRecord => ({
  name,
  server: `outpost://${name}`,
  labels,
  annotations: {},
  createdAt: '2026-01-01T00:00:00.000Z',
});
const app = (name: string, sync: string, health: string, drift = 0): AppStatus => ({
  name,
  generation: 2,
  sync,
  health,
  message: '',
  lastError: '',
  resources: [],
  drift: Array.from({ length: drift }, () => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: 'x',
    name: 'y',
    paths: ['/data/a'],
    deleted: false,
    atUnixMs: NOW - 1000,
    reverted: false,
  })),
  observedUnixMs: NOW - 500,
});
const reported = (
  cluster: string,
  connected: boolean,
  applied: number,
  apps: AppStatus[],
): ReportedStatus => ({
  cluster,
  connection: {
    connected,
    agentVersion: '0.1.0',
    kubernetesVersion: 'v1.32.0',
    sinceMs: NOW - 60_000,
    heldGeneration: applied,
    appliedGeneration: applied,
  },
  facts: { kubernetesVersion: 'v1.32.0', appliedGeneration: applied },
  apps: Object.fromEntries(apps.map((a) => [a.name, a])),
  updatedAtMs: NOW - 1000,
});

function snapshot(): FleetSnapshot {
  return {
    clusters: [rec('berlin', { region: 'eu' }), rec('tokyo', { region: 'ap' }), rec('lima')],
    desired: new Map([
      [
        'berlin',
        {
          cluster: 'berlin',
          generation: 2,
          apps: [{ name: 'web', appset: 'web-set' }],
          updatedAtMs: NOW - 5000,
        },
      ],
      [
        'tokyo',
        {
          cluster: 'tokyo',
          generation: 3,
          apps: [
            { name: 'web', appset: 'web-set' },
            { name: 'db', appset: 'db-set' },
          ],
          updatedAtMs: NOW - 4000,
        },
      ],
    ]),
    reported: new Map([
      ['berlin', reported('berlin', true, 2, [app('web', 'Synced', 'Healthy')])],
      ['tokyo', reported('tokyo', false, 2, [app('web', 'OutOfSync', 'Healthy', 2)])],
    ]),
    nowMs: NOW,
  };
}

describe('fleet views', () => {
  it('a cluster is synced only when it applied the desired generation and every app is Synced', () => {
    const views = clusterViews(snapshot());
    expect(views.map((v) => [v.name, v.connected, v.synced, v.generation])).toEqual([
      ['berlin', true, true, { desired: 2, held: 2, applied: 2 }],
      ['tokyo', false, false, { desired: 3, held: 2, applied: 2 }],
      ['lima', false, false, { desired: 0, held: 0, applied: 0 }],
    ]);
    expect(views[1]!.drift).toBe(2);
    expect(views[0]!.lastSeen).toBe(new Date(NOW).toISOString());
    expect(views[2]!.lastSeen).toBeNull();
  });

  it('a desired app the agent has not reported shows as Unknown with its appset', () => {
    expect(appViews(snapshot(), 'tokyo').map((a) => [a.name, a.appset, a.sync, a.health])).toEqual([
      ['db', 'db-set', 'Unknown', 'Unknown'],
      ['web', 'web-set', 'OutOfSync', 'Healthy'],
    ]);
  });

  it('the summary counts clusters by connection, apps by state, drift and the last change', () => {
    expect(fleetSummary(snapshot())).toEqual({
      clusters: { total: 3, connected: 1, disconnected: 1, neverConnected: 1, synced: 1 },
      apps: {
        total: 3,
        bySync: { Synced: 1, Unknown: 1, OutOfSync: 1 },
        byHealth: { Healthy: 2, Unknown: 1 },
      },
      drift: 2,
      lastChange: new Date(NOW - 1000).toISOString(),
    });
  });
});
