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

  it('fleet – an acknowledgement is not written; after a restart the acknowledged previous generation is gone and its content is stored again when it comes back', async () => {
    const store = new MemoryStore();
    const first = await Fleet.create({ store, logger: silentLogger() });
    await first.reconcile(clusters, [rendered('x', 'a', ['old', 'kept'])]);
    await first.reconcile(clusters, [rendered('x', 'a', ['new', 'kept'])]);
    const written = (await store.get('assignments', 'a'))!.revision;
    await first.acknowledgeHeld('a', 2);
    expect((await store.get('assignments', 'a'))!.revision).toBe(written);
    expect(await blobKeys(store)).toEqual([blobKey('sha256:kept'), blobKey('sha256:new')]);
    const second = await Fleet.create({ store, logger: silentLogger() });
    expect(second.current('a')!.previous).toBeUndefined();
    expect(second.mayServe('a', 'sha256:old')).toBe(false);
    const back = await second.reconcile(clusters, [rendered('x', 'a', ['old', 'kept'])]);
    expect(back.changed).toEqual([{ cluster: 'a', generation: 3 }]);
    expect(back.blobsWritten).toBe(1);
    expect(new TextDecoder().decode(await second.readBlob('sha256:old'))).toBe('{"c":"old"}');
  });

  it('fleet – a restarted fleet keeps serving a previous generation that was not acknowledged', async () => {
    const store = new MemoryStore();
    const first = await Fleet.create({ store, logger: silentLogger() });
    await first.reconcile(clusters, [rendered('x', 'a', ['old'])]);
    await first.reconcile(clusters, [rendered('x', 'a', ['new'])]);
    const second = await Fleet.create({ store, logger: silentLogger() });
    expect(second.current('a')!.previous?.generation).toBe(1);
    expect(second.mayServe('a', 'sha256:old')).toBe(true);
    expect(await blobKeys(store)).toEqual([blobKey('sha256:new'), blobKey('sha256:old')]);
  });

  it('fleet – each cluster hears of its generation only once its record is durable, and a cluster whose write fails is not told', async () => {
    const store = new MemoryStore();
    const durable = new Set<string>();
    const failing = Object.assign(Object.create(store) as MemoryStore, {
      put: (bucket: Parameters<MemoryStore['put']>[0], key: string, value: Uint8Array) =>
        bucket === 'assignments' && key === 'c7'
          ? Promise.reject(new Error('disk full'))
          : store.put(bucket, key, value).then((revision) => {
              durable.add(`${bucket}/${key}`);
              return revision;
            }),
    });
    const many: ClusterInfo[] = Array.from({ length: 20 }, (_, i) => ({
      name: `c${i}`,
      server: `https://c${i}`,
    }));
    const fleet = await Fleet.create({ store: failing, logger: silentLogger(), publishBatch: 3 });
    const told: string[] = [];
    const durableWhenTold: boolean[] = [];
    fleet.onAssignment((r) => {
      told.push(r.cluster);
      durableWhenTold.push(durable.has(`assignments/${r.cluster}`));
    });
    const apps = many.map((c) => rendered(`app-${c.name}`, c.name, ['shared']));
    await expect(fleet.reconcile(many, apps)).rejects.toThrow(/cannot persist the assignment of cluster c7/);
    expect(told.sort()).toEqual(
      many
        .map((c) => c.name)
        .filter((n) => n !== 'c7')
        .sort(),
    );
    expect(durableWhenTold).toHaveLength(19);
    expect(durableWhenTold.every(Boolean)).toBe(true);
    expect(fleet.current('c7')).toBeUndefined();
    expect(fleet.mayServe('c3', 'sha256:shared')).toBe(true);
  });
});
