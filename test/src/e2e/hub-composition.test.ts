/**
 * The hub's composition root end to end: ApplicationSets and a plain Application from
 * files, a real git server over smart HTTP, rendering, the fleet on a file store and the
 * gRPC stream. A commit that affects one cluster bumps only that cluster's generation; a
 * broken ApplicationSet is reported and does not stop the others.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLogger } from '@outpost/shared';
import { Hub, StaticClusterDirectory, TokenAgentAuthenticator } from '@outpost/principal';
import { afterEach, describe, expect, it } from 'vitest';
import { startGitServer, tempDir } from '../fixtures/index.ts';
import { HubTestClient } from './hub-test-client.ts';

const hubs: Hub[] = [];
const clients: HubTestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const h of hubs.splice(0)) await h.stop();
});

function cm(name: string, value: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${value}"\n`;
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('hub composition', () => {
  it('hub composition – appsets and plain apps become per-cluster assignments; a commit bumps only the clusters it affects', async () => {
    const git = await startGitServer();
    const repo = await git.createRepo('apps', {
      'web/cm.yaml': cm('web', 'v1'),
      'api/cm.yaml': cm('api', 'v1'),
    });
    const dir = await tempDir({ prefix: 'outpost-hub-comp-' });
    const appsets = join(dir, 'desired.yaml');
    await writeFile(
      appsets,
      `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: web }
spec:
  generators:
    - list: { elements: [ { cluster: edge-1 }, { cluster: edge-2 } ] }
  template:
    metadata: { name: 'web-{{cluster}}' }
    spec:
      project: default
      source: { repoURL: '${repo.url}', targetRevision: main, path: web }
      destination: { name: '{{cluster}}', namespace: web }
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: [CreateNamespace=true] }
---
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: broken }
spec:
  generators:
    - git: { repoURL: '${git.repoUrl('missing')}', revision: main, files: [ { path: 'x.json' } ] }
  template:
    metadata: { name: 'never' }
    spec:
      source: { repoURL: '${repo.url}', path: web }
      destination: { name: edge-1 }
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: api }
spec:
  source: { repoURL: '${repo.url}', targetRevision: main, path: api }
  destination: { name: edge-2, namespace: api }
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: ghost }
spec:
  source: { repoURL: '${repo.url}', targetRevision: main, path: does-not-exist }
  destination: { name: edge-1, namespace: ghost }
`,
    );
    const hub = await Hub.create({
      dataDir: join(dir, 'data'),
      grpcListen: '127.0.0.1:0',
      appsetFiles: [appsets],
      repoPollInterval: '1h',
      clusters: new StaticClusterDirectory([
        { name: 'edge-1', server: 'https://edge-1' },
        { name: 'edge-2', server: 'https://edge-2' },
      ]),
      authenticator: new TokenAgentAuthenticator({
        'edge-1': 't-edge-1-xxxxxxxx',
        'edge-2': 't-edge-2-xxxxxxxx',
      }),
      tlsHosts: ['127.0.0.1'],
      logger: silentLogger(),
    });
    hubs.push(hub);
    await hub.start();

    const one = hub.fleet.current('edge-1')!;
    const two = hub.fleet.current('edge-2')!;
    expect(one.generation).toBe(1);
    expect(one.apps.map((a) => [a.name, a.appset, a.objects.length])).toEqual([
      ['ghost', '', 0],
      ['web-edge-1', 'web', 1],
    ]);
    expect(one.apps[0]!.error).toMatch(/does-not-exist/);
    expect(Object.keys(hub.status().renderErrors)).toEqual(['/ghost@edge-1']);
    expect(one.apps[1]!.syncPolicy).toEqual({
      automated: true,
      prune: true,
      selfHeal: true,
      syncOptions: ['CreateNamespace=true'],
    });
    expect(two.apps.map((a) => a.name)).toEqual(['api', 'web-edge-2']);
    expect(two.apps[0]!.objects[0]).toMatchObject({ kind: 'ConfigMap', name: 'api', namespace: 'api' });
    const broken = hub.status().appsets.find((a) => a.name === 'broken')!;
    expect(broken.errors.join('\n')).toMatch(/missing/);
    expect(hub.status().appsets.find((a) => a.name === 'web')!.errors).toEqual([]);

    const agent1 = new HubTestClient({
      address: `127.0.0.1:${hub.server.port}`,
      caPem: hub.pki.ca.certPem,
      token: 't-edge-1-xxxxxxxx',
    });
    clients.push(agent1);
    agent1.send(HubTestClient.hello('edge-1', { heldGeneration: 1 }));
    await agent1.next('welcome');

    await repo.commit({ 'api/cm.yaml': cm('api', 'v2') });
    await hub.refreshRepos([repo.url]);
    await until(() => hub.fleet.current('edge-2')?.generation === 2, 'edge-2 generation 2');
    await hub.reconcile({ all: false });
    expect(hub.fleet.current('edge-1')!.generation).toBe(1);
    agent1.send({ kind: 'ping', ping: { nonce: 1, sentUnixMs: 0 } });
    await agent1.next('pong');
    expect(agent1.received.map((m) => m.kind)).toEqual(['welcome', 'pong']);

    await repo.commit({ 'web/cm.yaml': cm('web', 'v2') });
    await hub.refreshRepos([repo.url]);
    const pushed = await agent1.next('assignment');
    expect(pushed.assignment.generation).toBe(2);
    expect(hub.fleet.current('edge-2')!.generation).toBe(3);
  });

  it('hub composition – a cluster registered and an ApplicationSet applied to the store while running are assigned', async () => {
    const git = await startGitServer();
    const repo = await git.createRepo('apps', { 'guestbook/cm.yaml': cm('guestbook', 'v1') });
    const dir = await tempDir({ prefix: 'outpost-hub-store-' });
    const hub = await Hub.create({
      dataDir: join(dir, 'data'),
      grpcListen: '127.0.0.1:0',
      repoPollInterval: '1h',
      tlsHosts: ['127.0.0.1'],
      logger: silentLogger(),
    });
    hubs.push(hub);
    await hub.start();
    expect(hub.fleet.status().clusters).toEqual([]);
    await hub.registry.clusters.register(
      { name: 'edge-9', server: 'https://edge-9', labels: { tier: 'edge' }, tokenTtlMs: 60_000 },
      'test',
    );
    await until(() => hub.fleet.current('edge-9')?.generation === 1, 'edge-9 assigned (empty)');
    expect(hub.fleet.current('edge-9')!.apps).toEqual([]);
    await hub.registry.appsets.apply(
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        metadata: { name: 'guestbook' },
        spec: {
          generators: [{ clusters: { selector: { matchLabels: { tier: 'edge' } } } }],
          template: {
            metadata: { name: 'guestbook-{{name}}' },
            spec: {
              project: 'default',
              source: { repoURL: repo.url, targetRevision: 'main', path: 'guestbook' },
              destination: { name: '{{name}}', namespace: 'guestbook' },
            },
          },
        },
      },
      'test',
    );
    await until(() => hub.fleet.current('edge-9')?.generation === 2, 'edge-9 gets the stored appset');
    expect(hub.fleet.current('edge-9')!.apps.map((a) => [a.name, a.appset, a.objects.length])).toEqual([
      ['guestbook-edge-9', 'guestbook', 1],
    ]);
    expect(hub.status().appsets).toMatchObject([
      { name: 'guestbook', origin: 'store', applications: 1, errors: [] },
    ]);
  });
});
