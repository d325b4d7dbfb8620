import { silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import type { Application, ClusterInfo } from '../appsets/application.ts';
import { MemoryStore } from '../store/memory-store.ts';
import type { RenderedApp } from './core/rendered-app.ts';
import { blobKey } from './blob-store.ts';
import { Fleet } from './fleet.ts';

const clusters: ClusterInfo[] = [
  { name: 'a', server: 'https://a' },
  { name: 'b', server: 'https://b' },
];

function rendered(name: string, cluster: string, contents: string[]): RenderedApp {
  const app: Application = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: { destination: { name: cluster } },
  };
  return {
    app,
    appset: '',
    revision: 'r',
    error: '',
    objects: contents.map((c) => ({
      digest: `sha256:${c}`,
      canonical: `{"c":"${c}"}`,
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'n',
      name: c,
    })),
  };
}

async function blobKeys(store: MemoryStore): Promise<string[]> {
  return store.keys('blobs');
}

describe('fleet', () => {
  it('fleet – a shared blob is stored once and survives until no cluster references it', async () => {
    const store = new MemoryStore();
    const fleet = await Fleet.create({ store, logger: silentLogger() });
    const r1 = await fleet.reconcile(clusters, [
      rendered('x', 'a', ['shared', 'one']),
      rendered('y', 'b', ['shared']),
    ]);
    expect(r1.changed).toEqual([
      { cluster: 'a', generation: 1 },
      { cluster: 'b', generation: 1 },
    ]);
    expect(r1.blobsWritten).toBe(2);
    expect(await blobKeys(store)).toEqual([blobKey('sha256:one'), blobKey('sha256:shared')]);
    await fleet.reconcile(clusters, [rendered('x', 'a', ['two']), rendered('y', 'b', ['shared'])]);
    await fleet.reconcile(clusters, [rendered('x', 'a', ['three']), rendered('y', 'b', ['shared'])]);
    expect(await blobKeys(store)).toEqual([
      blobKey('sha256:shared'),
      blobKey('sha256:three'),
      blobKey('sha256:two'),
    ]);
    await fleet.reconcile(clusters, [rendered('x', 'a', ['three'])]);
    await fleet.acknowledgeHeld('b', 3);
    expect(await blobKeys(store)).toEqual([blobKey('sha256:three'), blobKey('sha256:two')]);
  });

  it('fleet – a commit that does not touch a cluster leaves its generation and record alone', async () => {
    const store = new MemoryStore();
    const fleet = await Fleet.create({ store, logger: silentLogger() });
    await fleet.reconcile(clusters, [rendered('x', 'a', ['1']), rendered('y', 'b', ['2'])]);
    const revB = (await store.get('assignments', 'b'))!.revision;
    const seen: string[] = [];
    fleet.onAssignment((r) => seen.push(`${r.cluster}@${r.generation}`));
    const r = await fleet.reconcile(clusters, [rendered('x', 'a', ['1b']), rendered('y', 'b', ['2'])]);
    expect(r.changed).toEqual([{ cluster: 'a', generation: 2 }]);
    expect(seen).toEqual(['a@2']);
    expect((await store.get('assignments', 'b'))!.revision).toBe(revB);
    expect(fleet.current('b')!.generation).toBe(1);
  });

  it('fleet – only digests of the cluster current or in-flight previous assignment are servable', async () => {
    const fleet = await Fleet.create({ store: new MemoryStore(), logger: silentLogger() });
    await fleet.reconcile(clusters, [rendered('x', 'a', ['1']), rendered('y', 'b', ['2'])]);
    expect(fleet.mayServe('a', 'sha256:1')).toBe(true);
    expect(fleet.mayServe('a', 'sha256:2')).toBe(false);
    await fleet.reconcile(clusters, [rendered('x', 'a', ['3']), rendered('y', 'b', ['2'])]);
    expect(fleet.mayServe('a', 'sha256:1')).toBe(true);
    await fleet.acknowledgeHeld('a', 2);
    expect(fleet.mayServe('a', 'sha256:1')).toBe(false);
    expect(fleet.mayServe('a', 'sha256:3')).toBe(true);
    expect(new TextDecoder().decode(await fleet.readBlob('sha256:3'))).toBe('{"c":"3"}');
  });

  it('fleet – a restarted fleet resumes generations and sweeps orphaned blobs', async () => {
    const store = new MemoryStore();
    const first = await Fleet.create({ store, logger: silentLogger() });
    await first.reconcile(clusters, [rendered('x', 'a', ['1'])]);
    await store.put('blobs', blobKey('sha256:orphan'), new TextEncoder().encode('{}'));
    const second = await Fleet.create({ store, logger: silentLogger() });
    expect(await blobKeys(store)).toEqual([blobKey('sha256:1')]);
    expect(second.current('a')!.generation).toBe(1);
    const r = await second.reconcile(clusters, [rendered('x', 'a', ['1'])]);
    expect(r.changed).toEqual([]);
    const r2 = await second.reconcile(clusters, [rendered('x', 'a', ['9'])]);
    expect(r2.changed).toEqual([{ cluster: 'a', generation: 2 }]);
  });

  it('fleet – an app aimed at an unknown cluster is a problem in status, the others are assigned', async () => {
    const fleet = await Fleet.create({ store: new MemoryStore(), logger: silentLogger() });
    await fleet.reconcile(clusters, [rendered('x', 'ghost', ['1']), rendered('y', 'a', ['2'])]);
    expect(fleet.status().problems).toEqual([
      { app: 'x', appset: '', cluster: '', message: 'destination name ghost is not a registered cluster' },
    ]);
    expect(fleet.current('a')!.apps.map((a) => a.name)).toEqual(['y']);
  });
});
