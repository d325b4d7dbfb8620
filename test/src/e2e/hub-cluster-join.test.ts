/**
 * A cluster that joins the fleet gets its first generation with its apps already in it: the
 * hub never publishes an empty assignment for a cluster its ApplicationSets have not been
 * resolved against yet. A registration lands in the cluster list before its change event
 * is delivered (the registry writes, issues the token, audits, then announces), so a routine
 * pass (repository poll, webhook) can run in between; that pass must see the new cluster in
 * the appsets' cluster generators and in the fleet alike, or in neither.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLogger } from '@outpost/shared';
import { Hub } from '@outpost/principal';
import type { ClusterDirectory, ClusterInfo, HubOptions } from '@outpost/principal';
import { describe, expect, it } from 'vitest';
import { onCleanup, startGitServer, tempDir } from '../fixtures/index.ts';
import { baseAppset, configMap } from './ops-harness.ts';

/** A directory whose changes are visible to `list()` before listeners hear of them. */
class AnnouncedLaterDirectory implements ClusterDirectory {
  private clusters: ClusterInfo[];
  private readonly listeners = new Set<() => void>();

  constructor(clusters: ClusterInfo[]) {
    this.clusters = clusters;
  }

  async list(): Promise<readonly ClusterInfo[]> {
    return this.clusters;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes the set without telling anyone yet. */
  replace(clusters: ClusterInfo[]): void {
    this.clusters = clusters;
  }

  announce(): void {
    for (const l of this.listeners) l();
  }
}

/** A started hub with the `base` ApplicationSet: `base/` to every cluster (clusters generator). */
async function hubWithClusterAppset(options: Partial<HubOptions>): Promise<Hub> {
  const git = await startGitServer();
  const repo = await git.createRepo('fleet', { 'base/cm.yaml': configMap('base', 'v1') });
  const dir = await tempDir({ prefix: 'outpost-hub-join-' });
  const appset = join(dir, 'base.yaml');
  await writeFile(appset, baseAppset(repo.url));
  const hub = await Hub.create({
    dataDir: join(dir, 'hub'),
    grpcListen: '127.0.0.1:0',
    appsetFiles: [appset],
    logger: silentLogger(),
    ...options,
  });
  await hub.start();
  onCleanup(() => hub.stop());
  return hub;
}

/** Every generation the fleet publishes, per cluster, as `generation:app,app`. */
function publishedGenerations(hub: Hub): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  hub.fleet.onAssignment((r) => {
    const list = seen.get(r.cluster) ?? [];
    list.push(`${r.generation}:${r.apps.map((a) => a.name).join(',')}`);
    seen.set(r.cluster, list);
  });
  return seen;
}

describe('hub: a cluster joining the fleet', () => {
  it('hub cluster join – a routine pass between a registration and its announcement gives the new cluster its apps in generation 1', async () => {
    const edge1 = { name: 'edge-1', server: 'https://edge-1' };
    const edge2 = { name: 'edge-2', server: 'https://edge-2' };
    const clusters = new AnnouncedLaterDirectory([edge1]);
    const hub = await hubWithClusterAppset({ clusters, repoPollInterval: '1h' });
    const seen = publishedGenerations(hub);

    clusters.replace([edge1, edge2]);
    await hub.reconcile({ all: false });
    clusters.announce();
    await hub.reconcile({ all: false });

    expect(seen.get('edge-2')).toEqual(['1:base-edge-2']);
    expect(seen.get('edge-1')).toBeUndefined();
    expect(hub.status().fleet.problems).toEqual([]);
  });

  it('hub cluster join – a routine pass after a cluster left, before it is announced, places no app on the missing cluster', async () => {
    const edge1 = { name: 'edge-1', server: 'https://edge-1' };
    const edge2 = { name: 'edge-2', server: 'https://edge-2' };
    const clusters = new AnnouncedLaterDirectory([edge1, edge2]);
    const hub = await hubWithClusterAppset({ clusters, repoPollInterval: '1h' });

    clusters.replace([edge1]);
    await hub.reconcile({ all: false });

    expect(hub.status().fleet.problems).toEqual([]);
    expect(hub.fleet.current('edge-1')?.apps.map((a) => a.name)).toEqual(['base-edge-1']);
  });

  it('hub cluster join – clusters registered while the hub polls every 100 ms each get one generation, with their app', async () => {
    const hub = await hubWithClusterAppset({ repoPollInterval: 100 });
    const seen = publishedGenerations(hub);
    const names = Array.from({ length: 20 }, (_, i) => `edge-${i}`);
    for (const name of names) {
      await hub.registry.clusters.register({ name, tokenTtlMs: 60_000 }, 'test');
      await new Promise((r) => setTimeout(r, 37));
    }
    await hub.reconcile();

    expect(Object.fromEntries(names.map((n) => [n, seen.get(n)]))).toEqual(
      Object.fromEntries(names.map((n) => [n, [`1:base-${n}`]])),
    );
  });
});
