/**
 * The hub's pipeline feeds the /metrics duration histograms: a reconcile against a real git
 * server over smart HTTP records ApplicationSet resolutions, renders and Git fetches, and a
 * repository that cannot be fetched counts as a fetch failure.
 */
import { join } from 'node:path';
import { Hub } from '@outpost/principal';
import { silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
// principal/src/index.ts does not export the HTTP API (the CLI starts it).
import { startHubHttpApi } from '../../../principal/src/server/http/index.ts';
import { onCleanup, startGitServer, tempDir } from '../fixtures/index.ts';

const cm = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "v1"\n`;

describe('hub pipeline metrics', () => {
  it(
    'after a reconcile against a git repository, /metrics counts generator, render and git fetch durations',
    { timeout: 60_000 },
    async () => {
      const git = await startGitServer();
      const repo = await git.createRepo('apps', { 'web/cm.yaml': cm('web') });
      const dir = await tempDir({ prefix: 'outpost-hub-metrics-' });
      const hub = await Hub.create({
        dataDir: join(dir, 'data'),
        grpcListen: '127.0.0.1:0',
        repoPollInterval: '1h',
        tlsHosts: ['127.0.0.1'],
        logger: silentLogger(),
      });
      const { api } = await startHubHttpApi(hub, { listen: '127.0.0.1:0', logger: silentLogger() });
      onCleanup(async () => {
        await api.stop();
        await hub.stop();
      });
      await hub.start();
      const scrape = async () => {
        const text = await (await fetch(`${api.url}/metrics`)).text();
        return (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
      };
      const before = await scrape();
      expect(before('outpost_generator_duration_seconds_count')).toBe(0);
      expect(before('outpost_render_duration_seconds_count')).toBe(0);
      expect(before('outpost_git_fetch_duration_seconds_count')).toBe(0);

      await hub.registry.clusters.register({ name: 'edge-1', tokenTtlMs: 60_000 }, 'test');
      const appset = (name: string, repoURL: string) => ({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        metadata: { name },
        spec: {
          generators: [{ list: { elements: [{ cluster: 'edge-1' }] } }],
          template: {
            metadata: { name: `${name}-{{cluster}}` },
            spec: {
              project: 'default',
              source: { repoURL, targetRevision: 'main', path: 'web' },
              destination: { name: '{{cluster}}', namespace: name },
            },
          },
        },
      });
      await hub.registry.appsets.apply(appset('web', repo.url), 'test');
      await hub.registry.appsets.apply(appset('gone', git.repoUrl('missing')), 'test');
      await hub.reconcile();
      expect(
        hub.fleet
          .current('edge-1')
          ?.apps.map((a) => a.name)
          .sort(),
      ).toEqual(['gone-edge-1', 'web-edge-1']);

      const after = await scrape();
      expect(after('outpost_generator_duration_seconds_count')).toBeGreaterThanOrEqual(2);
      expect(after('outpost_render_duration_seconds_count')).toBeGreaterThanOrEqual(2);
      expect(after('outpost_git_fetch_duration_seconds_count')).toBeGreaterThanOrEqual(2);
      expect(after('outpost_git_fetch_failures_total')).toBeGreaterThanOrEqual(1);
    },
  );
});
