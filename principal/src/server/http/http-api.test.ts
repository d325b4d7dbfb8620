import { createHmac } from 'node:crypto';
import { silentLogger } from '@outpost/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../registry/registry.ts';
import { MemoryStore } from '../../store/memory-store.ts';
import type { FleetChange } from './api-sources.ts';
import { HttpApi } from './http-api.ts';
import { HubMetrics } from './hub-metrics.ts';

const store = new MemoryStore();
const registry = createRegistry(store);
const listeners = new Set<(c: FleetChange) => void>();
const refreshed: string[][] = [];
let api: HttpApi;
let base: string;
let admin: string;
let readOnly: string;

beforeAll(async () => {
  admin = await registry.apiTokens.create('admin', 'admin');
  readOnly = await registry.apiTokens.create('grafana', 'read-only');
  api = new HttpApi(
    {
      registry,
      ping: () => store.ping(),
      join: { grpcAddress: '127.0.0.1:8443', caPem: 'CA', caFingerprint: 'sha256:ab' },
      onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
      refreshRepos: async (urls) => (refreshed.push(urls), urls.filter((u) => u.endsWith('/fleet/apps'))),
    },
    {
      listen: '127.0.0.1:0',
      webhookSecret: 'hook-secret',
      metrics: new HubMetrics({ registeredClusters: async () => (await registry.clusters.records()).length }),
      logger: silentLogger(),
    },
  );
  base = await api.start();
});
afterAll(() => api.stop());

const call = async (method: string, path: string, token?: string, body?: unknown) => {
  const res = await fetch(base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are read field by field
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('HTTP API', () => {
  it('an admin registers a cluster and gets the join material; the call is audit-logged', async () => {
    const res = await call('POST', '/api/v1/clusters', admin, {
      name: 'edge-1',
      labels: { region: 'eu' },
      ttl: '2h',
    });
    expect(res.status).toBe(201);
    expect(res.body.join).toMatchObject({
      cluster: 'edge-1',
      grpcAddress: '127.0.0.1:8443',
      caFingerprint: 'sha256:ab',
    });
    expect(res.body.join.token).toMatch(/^opb_/);
    expect(Date.parse(res.body.join.tokenExpiresAt) - Date.now()).toBeGreaterThan(3600_000 * 1.9);
    const audit = await call('GET', '/api/v1/audit', admin);
    expect(audit.body.items[0]).toMatchObject({
      actor: 'admin',
      action: 'cluster.register',
      target: 'cluster/edge-1',
    });
  });

  it('no token is 401, a read-only token may read but not change (403)', async () => {
    expect((await call('GET', '/api/v1/clusters')).status).toBe(401);
    const list = await call('GET', '/api/v1/clusters?selector=region%3Deu', readOnly);
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { name: string }) => c.name)).toEqual(['edge-1']);
    const denied = await call('DELETE', '/api/v1/clusters/edge-1', readOnly);
    expect(denied).toMatchObject({ status: 403, body: { error: { code: 'API_FORBIDDEN' } } });
  });

  it('errors are JSON with a stable code and the cluster named', async () => {
    const res = await call('GET', '/api/v1/clusters/nope', admin);
    expect(res).toMatchObject({
      status: 404,
      body: { error: { code: 'CLUSTER_NOT_FOUND', location: { cluster: 'nope' } } },
    });
    const dup = await call('POST', '/api/v1/clusters', admin, { name: 'edge-1' });
    expect(dup).toMatchObject({ status: 409, body: { error: { code: 'CLUSTER_EXISTS' } } });
  });

  it('labels are set and removed with PATCH', async () => {
    const res = await call('PATCH', '/api/v1/clusters/edge-1', admin, {
      labels: { region: null, tier: 'edge' },
    });
    expect(res.body.labels).toEqual({ tier: 'edge' });
  });

  it('a webhook with a bad signature is refused; a good one refreshes the named repository', async () => {
    const payload = JSON.stringify({ repository: { clone_url: 'https://git.example.org/fleet/apps.git' } });
    const send = (sig: string) =>
      fetch(`${base}/api/v1/webhook/git`, {
        method: 'POST',
        headers: { 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${sig}` },
        body: payload,
      });
    const bad = await send(createHmac('sha256', 'wrong').update(payload).digest('hex'));
    expect(bad.status).toBe(401);
    expect(refreshed).toHaveLength(0);
    const good = await send(createHmac('sha256', 'hook-secret').update(payload).digest('hex'));
    expect(good.status).toBe(202);
    expect(((await good.json()) as { refreshed: string[] }).refreshed).toEqual([
      'https://git.example.org/fleet/apps',
    ]);
  });

  it('healthz, readyz and metrics need no token; metrics have no per-cluster labels', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ ready: true, reasons: [] });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^outpost_clusters_registered 1$/m);
    expect(text).toMatch(/outpost_webhooks_total\{provider="github",result="refreshed"\} 1/);
    expect(text).not.toContain('edge-1');
  });

  it('watch streams a summary at once and another after a change', async () => {
    const ac = new AbortController();
    const res = await fetch(`${base}/api/v1/watch`, {
      headers: { authorization: `Bearer ${readOnly}` },
      signal: ac.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (re: RegExp) => {
      while (!re.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil(/event: summary/);
    for (const l of listeners) l({ kind: 'status', cluster: 'edge-1' });
    await readUntil(/event: change\ndata: \{"kinds":\["status"\],"clusters":\["edge-1"\]\}/);
    ac.abort();
  });

  it('unregister deletes the cluster', async () => {
    expect((await call('DELETE', '/api/v1/clusters/edge-1', admin)).status).toBe(200);
    expect((await call('GET', '/api/v1/clusters/edge-1', admin)).status).toBe(404);
  });
});
