import { silentLogger, statusDelta, type AppStatus, type ResourceStatus } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory-store.ts';
import { getJson, putJson } from '../store/store.ts';
import { StatusBook, type ClusterStatus } from './status-book.ts';

function app(name: string, health: string, at: number): AppStatus {
  return {
    name,
    generation: 1,
    sync: 'Synced',
    health,
    message: '',
    lastError: '',
    resources: [],
    drift: [],
    observedUnixMs: at,
  };
}

describe('status book', () => {
  it('status book – the latest status per app wins and an older report does not overwrite it', async () => {
    const store = new MemoryStore();
    const book = new StatusBook({ store, logger: silentLogger() });
    const changes: string[] = [];
    book.onChange((c) => changes.push(`${c.cluster}:${c.kind}`));
    book.report('edge', {
      seq: 1,
      apps: [app('web', 'Progressing', 10), app('db', 'Healthy', 10)],
      cluster: undefined,
    });
    book.report('edge', {
      seq: 2,
      apps: [app('web', 'Healthy', 20)],
      cluster: { kubernetesVersion: 'v1', appliedGeneration: 3, leader: 'p' },
    });
    book.report('edge', { seq: 3, apps: [app('web', 'Degraded', 15)], cluster: undefined });
    const s = book.get('edge')!;
    expect(s.apps.web!.health).toBe('Healthy');
    expect(s.apps.db!.health).toBe('Healthy');
    expect(s.facts?.appliedGeneration).toBe(3);
    expect(changes).toEqual(['edge:status', 'edge:status', 'edge:status']);
    await book.flush();
    const saved = await getJson<ClusterStatus>(store, 'status', 'edge');
    expect(saved?.value.apps.web?.health).toBe('Healthy');
  });

  it('status book – a delta merges into the stored resources by key, keeping the unchanged ones', async () => {
    const store = new MemoryStore();
    const book = new StatusBook({ store, logger: silentLogger() });
    const base = withResources(app('web', 'Healthy', 10), 200);
    expect(book.report('edge', { seq: 1, apps: [base], cluster: undefined })).toEqual([]);
    const next = {
      ...withResources(app('web', 'Degraded', 20), 200),
      resources: base.resources
        .filter((r) => r.name !== 'cm-3')
        .map((r) => (r.name === 'cm-7' ? { ...r, health: 'Degraded' } : r)),
    };
    const delta = statusDelta(base, next);
    expect(delta.resources).toHaveLength(1);
    expect(book.report('edge', { seq: 2, apps: [delta], cluster: undefined })).toEqual([]);
    const web = book.get('edge')!.apps.web!;
    expect(web).toEqual(next);
    expect(web.resources).toHaveLength(199);
    expect(web.resources.find((r) => r.name === 'cm-7')?.health).toBe('Degraded');
    expect(web.resourcesDelta).toBeUndefined();
    await book.flush();
    const saved = await getJson<ClusterStatus>(store, 'status', 'edge');
    expect(saved?.value.apps.web?.resources).toHaveLength(199);
  });

  it('status book – clusters reporting the same resources share them, and a delta to one leaves the other as it was', () => {
    const book = new StatusBook({ logger: silentLogger() });
    const base = withResources(app('web', 'Healthy', 10), 20);
    book.report('edge-1', { seq: 1, apps: [structuredClone(base)], cluster: undefined });
    book.report('edge-2', { seq: 1, apps: [structuredClone(base)], cluster: undefined });
    const one = book.get('edge-1')!.apps.web!;
    expect(book.get('edge-2')!.apps.web!.resources).toBe(one.resources);
    const changed = {
      ...base,
      observedUnixMs: 20,
      resources: base.resources.map((r) => (r.name === 'cm-3' ? { ...r, health: 'Degraded' } : r)),
    };
    expect(book.report('edge-2', { seq: 2, apps: [statusDelta(base, changed)], cluster: undefined })).toEqual(
      [],
    );
    expect(book.get('edge-2')!.apps.web!.resources.find((r) => r.name === 'cm-3')?.health).toBe('Degraded');
    expect(book.get('edge-1')!.apps.web).toBe(one);
    expect(one.resources.every((r) => r.health === 'Healthy')).toBe(true);
    expect(book.get('edge-2')!.apps.web!.resources[4]).toBe(one.resources[4]);
  });

  it('status book – a delta for an app without a whole status, or older than the stored one, leaves the entry and asks for a whole report', () => {
    const book = new StatusBook({ logger: silentLogger() });
    const base = withResources(app('web', 'Healthy', 10), 20);
    const changed = {
      ...base,
      observedUnixMs: 30,
      resources: [{ ...base.resources[0]!, health: 'Missing' }, ...base.resources.slice(1)],
    };
    const delta = statusDelta(base, changed);
    expect(
      book.report('edge', { seq: 1, apps: [delta, app('db', 'Healthy', 10)], cluster: undefined }),
    ).toEqual(['web']);
    expect(book.get('edge')!.apps.web).toBeUndefined();
    expect(book.get('edge')!.apps.db!.health).toBe('Healthy');
    const newer = withResources(app('web', 'Healthy', 50), 20);
    book.report('edge', { seq: 2, apps: [newer], cluster: undefined });
    expect(book.report('edge', { seq: 3, apps: [delta], cluster: undefined })).toEqual(['web']);
    expect(book.get('edge')!.apps.web).toEqual(newer);
  });

  it('status book – changes within the persist interval cost one write per cluster, with the newest state', async () => {
    const store = new MemoryStore();
    const puts: string[] = [];
    const counting = Object.assign(Object.create(store) as MemoryStore, {
      put: (bucket: Parameters<MemoryStore['put']>[0], key: string, value: Uint8Array) => {
        puts.push(`${bucket}/${key}`);
        return store.put(bucket, key, value);
      },
    });
    const book = new StatusBook({ store: counting, logger: silentLogger(), persistIntervalMs: 20 });
    for (const cluster of ['edge-1', 'edge-2']) {
      book.connection(cluster, {
        connected: true,
        instanceId: 'i',
        agentVersion: 'v',
        kubernetesVersion: 'k',
        peer: 'p',
        sinceMs: 1,
        heldGeneration: 1,
        appliedGeneration: 1,
      });
      book.ack(cluster, { generation: 2, held: true, applied: false });
      book.report(cluster, { seq: 1, apps: [app('web', 'Healthy', 10)], cluster: undefined });
      book.ack(cluster, { generation: 2, held: true, applied: true });
    }
    expect(puts).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(puts.sort()).toEqual(['status/edge-1', 'status/edge-2']);
    const saved = await getJson<ClusterStatus>(store, 'status', 'edge-2');
    expect(saved?.value.connection?.appliedGeneration).toBe(2);
    expect(saved?.value.apps.web?.health).toBe('Healthy');
    book.report('edge-1', { seq: 2, apps: [app('web', 'Degraded', 20)], cluster: undefined });
    await book.flush();
    expect(puts).toHaveLength(3);
    expect((await getJson<ClusterStatus>(store, 'status', 'edge-1'))?.value.apps.web?.health).toBe(
      'Degraded',
    );
  });

  it('status book – a new book loads the last-known statuses of registered clusters as disconnected, drops unregistered ones and skips an unreadable one', async () => {
    const store = new MemoryStore();
    const before = new StatusBook({ store, logger: silentLogger() });
    for (const cluster of ['edge-a', 'edge-gone']) {
      before.connection(cluster, {
        connected: true,
        instanceId: `${cluster}-1`,
        agentVersion: '1.0.0',
        kubernetesVersion: 'v1.31.0',
        peer: '10.0.0.1',
        sinceMs: 5,
        heldGeneration: 4,
        appliedGeneration: 4,
      });
      before.report(cluster, { seq: 1, apps: [app('web', 'Healthy', 10)], cluster: undefined });
    }
    await before.flush();
    await putJson(store, 'status', 'edge-torn', { apps: 'nope' });
    // A silent logger that keeps its warnings (the book logs through a child of it).
    const warnings: string[] = [];
    const logger = silentLogger();
    logger.warn = ((_: unknown, msg: string) => warnings.push(msg)) as unknown as typeof logger.warn;
    logger.child = (() => logger) as unknown as typeof logger.child;
    const after = new StatusBook({ store, logger });
    const loaded = await after.load((c) => c !== 'edge-gone');
    expect(loaded).toBe(1);
    const a = after.get('edge-a')!;
    expect(a.apps.web).toMatchObject({ health: 'Healthy', observedUnixMs: 10 });
    expect(a.connection).toMatchObject({ connected: false, instanceId: 'edge-a-1', appliedGeneration: 4 });
    expect(after.get('edge-gone')).toBeUndefined();
    expect(await store.keys('status')).not.toContain('edge-gone');
    expect(after.get('edge-torn')).toBeUndefined();
    expect(warnings).toEqual(['ignoring an unreadable persisted status']);
    // The agent's next report replaces the loaded status, as any newer report does.
    after.report('edge-a', { seq: 1, apps: [app('web', 'Degraded', 20)], cluster: undefined });
    expect(after.get('edge-a')!.apps.web!.health).toBe('Degraded');
  });
});

function withResources(status: AppStatus, n: number): AppStatus {
  const resources: ResourceStatus[] = Array.from({ length: n }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: 'ns',
    name: `cm-${i}`,
    sync: 'Synced',
    health: 'Healthy',
    message: '',
  }));
  return { ...status, resources };
}
