/**
 * A store that cannot list the stored ApplicationSets must not look like "there are none":
 * the hub keeps the last good set (its apps stay assigned, nothing is pruned) and shows the
 * error in its status; once the store answers again, changes flow as before.
 */
import { join } from 'node:path';
import { Hub, MemoryStore } from '@outpost/principal';
import type { Store, StoreBucket } from '@outpost/principal';
import { silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { onCleanup, startGitServer, tempDir } from '../fixtures/index.ts';

/** The hub's store, whose `appsets` bucket cannot be listed while `failing` is set. */
class AppsetsOutageStore extends MemoryStore {
  failing = false;
  override async keys(bucket: StoreBucket, prefix?: string): Promise<string[]> {
    if (this.failing && bucket === 'appsets') throw new Error('store unavailable: appsets bucket');
    return super.keys(bucket, prefix);
  }
}

const appset = (name: string, repoURL: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ApplicationSet',
  metadata: { name },
  spec: {
    generators: [{ list: { elements: [{ cluster: 'edge-1' }, { cluster: 'edge-2' }] } }],
    template: {
      metadata: { name: `${name}-{{cluster}}` },
      spec: {
        project: 'default',
        source: { repoURL, targetRevision: 'main', path: name },
        destination: { name: '{{cluster}}', namespace: name },
      },
    },
  },
});

describe('hub: stored ApplicationSets cannot be read', () => {
  it(
    'the hub keeps the last good stored ApplicationSets and reports the error instead of pruning their apps',
    { timeout: 60_000 },
    async () => {
      const git = await startGitServer();
      const repo = await git.createRepo('apps', {
        'web/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n',
        'api/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\n',
      });
      const dir = await tempDir({ prefix: 'outpost-hub-appsets-outage-' });
      const store = new AppsetsOutageStore();
      const hub = await Hub.create({
        dataDir: join(dir, 'data'),
        grpcListen: '127.0.0.1:0',
        repoPollInterval: '1h',
        tlsHosts: ['127.0.0.1'],
        store: store as Store,
        logger: silentLogger(),
      });
      onCleanup(() => hub.stop());
      await hub.start();
      for (const name of ['edge-1', 'edge-2'])
        await hub.registry.clusters.register({ name, tokenTtlMs: 60_000 }, 'test');
      await hub.registry.appsets.apply(appset('web', repo.url), 'test');
      await hub.reconcile();
      const apps = (cluster: string) => hub.fleet.current(cluster)?.apps.map((a) => a.name);
      expect(apps('edge-1')).toEqual(['web-edge-1']);
      const generation = hub.fleet.current('edge-1')!.generation;

      store.failing = true;
      await hub.reconcile({ all: true });
      expect(apps('edge-1')).toEqual(['web-edge-1']);
      expect(apps('edge-2')).toEqual(['web-edge-2']);
      expect(hub.fleet.current('edge-1')!.generation).toBe(generation);
      expect(hub.status().inputErrors).toEqual([
        expect.stringMatching(
          /stored ApplicationSets cannot be read; keeping the 1 read last: store unavailable/,
        ),
      ]);
      expect(hub.status().appsets).toMatchObject([{ name: 'web', applications: 2 }]);

      store.failing = false;
      await hub.registry.appsets.apply(appset('api', repo.url), 'test');
      await hub.reconcile();
      expect(apps('edge-1')).toEqual(['api-edge-1', 'web-edge-1']);
      expect(hub.status().inputErrors).toEqual([]);
    },
  );
});
