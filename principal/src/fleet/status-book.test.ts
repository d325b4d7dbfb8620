import { silentLogger, type AppStatus } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory-store.ts';
import { getJson } from '../store/store.ts';
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
});
