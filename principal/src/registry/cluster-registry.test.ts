import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory-store.ts';
import { createRegistry } from './registry.ts';

const HOUR = 3600_000;

function setup(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  const clock = { advance: (ms: number) => (now += ms) };
  const store = new MemoryStore();
  return { store, clock, registry: createRegistry(store, () => new Date(now)) };
}

describe('cluster registry', () => {
  it('register stores the record with sorted labels and a 256-bit token kept only as its hash', async () => {
    const { store, registry } = setup();
    const reg = await registry.clusters.register(
      { name: 'edge-berlin', labels: { region: 'eu', env: 'prod' }, tokenTtlMs: HOUR },
      'admin',
    );
    expect(reg.record).toMatchObject({ name: 'edge-berlin', server: 'outpost://edge-berlin' });
    expect(Object.keys(reg.record.labels)).toEqual(['env', 'region']);
    expect(Buffer.from(reg.token.slice(4), 'base64url')).toHaveLength(32);
    const stored = await Promise.all(
      (await store.keys('tokens')).map(async (k) =>
        new TextDecoder().decode((await store.get('tokens', k))!.value),
      ),
    );
    expect(stored.join('\n')).not.toContain(reg.token);
    expect(await registry.clusters.list()).toEqual([
      {
        name: 'edge-berlin',
        server: 'outpost://edge-berlin',
        labels: { env: 'prod', region: 'eu' },
        annotations: {},
      },
    ]);
  });

  it('registering a taken name fails with CLUSTER_EXISTS naming the cluster', async () => {
    const { registry } = setup();
    await registry.clusters.register({ name: 'a', tokenTtlMs: HOUR }, 'admin');
    await expect(registry.clusters.register({ name: 'a', tokenTtlMs: HOUR }, 'admin')).rejects.toMatchObject({
      code: 'CLUSTER_EXISTS',
      location: { cluster: 'a' },
    });
  });

  it('an invalid cluster name is refused with a hint', async () => {
    const { registry } = setup();
    await expect(
      registry.clusters.register({ name: 'Edge_1', tokenTtlMs: HOUR }, 'admin'),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      hint: expect.stringContaining('lowercase'),
    });
  });

  it('labels Kubernetes would reject are refused on register and on update', async () => {
    const { registry } = setup();
    await expect(
      registry.clusters.register({ name: 'a', labels: { 'bad key': 'x' }, tokenTtlMs: HOUR }, 'admin'),
    ).rejects.toThrow(/"bad key" is not a valid label key/);
    await registry.clusters.register({ name: 'a', tokenTtlMs: HOUR }, 'admin');
    await expect(registry.clusters.updateMetadata('a', { labels: { tier: 'a b' } }, 'admin')).rejects.toThrow(
      /not a valid value for label tier/,
    );
  });

  it('a bootstrap token enrolls one key: the same key again is a retry, another key is ENROLL_TOKEN_SPENT', async () => {
    const { registry } = setup();
    const { token } = await registry.clusters.register({ name: 'a', tokenTtlMs: HOUR }, 'admin');
    await registry.bootstrapTokens.check('a', token);
    await registry.bootstrapTokens.spend('a', token, 'key-1');
    await registry.bootstrapTokens.spend('a', token, 'key-1');
    await expect(registry.bootstrapTokens.spend('a', token, 'key-2')).rejects.toMatchObject({
      code: 'ENROLL_TOKEN_SPENT',
      hint: expect.stringMatching(/rotate-token/),
    });
  });

  it('two keys spending one token at once: exactly one wins', async () => {
    const { registry } = setup();
    const { token } = await registry.clusters.register({ name: 'a', tokenTtlMs: HOUR }, 'admin');
    const results = await Promise.allSettled(
      ['key-1', 'key-2', 'key-3'].map((k) => registry.bootstrapTokens.spend('a', token, k)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code: string }).code),
    ).toEqual(['ENROLL_TOKEN_SPENT', 'ENROLL_TOKEN_SPENT']);
  });

  it('an expired token is ENROLL_TOKEN_EXPIRED, a token of another cluster is ENROLL_TOKEN_INVALID', async () => {
    const { registry, clock } = setup();
    const a = await registry.clusters.register({ name: 'a', tokenTtlMs: HOUR }, 'admin');
    await registry.clusters.register({ name: 'b', tokenTtlMs: HOUR }, 'admin');
    await expect(registry.bootstrapTokens.spend('b', a.token, 'k')).rejects.toMatchObject({
      code: 'ENROLL_TOKEN_INVALID',
    });
    clock.advance(HOUR + 1);
    await expect(registry.bootstrapTokens.check('a', a.token)).rejects.toMatchObject({
      code: 'ENROLL_TOKEN_EXPIRED',
    });
    await expect(registry.bootstrapTokens.spend('a', a.token, 'k')).rejects.toMatchObject({
      code: 'ENROLL_TOKEN_EXPIRED',
    });
  });

  it('rotate-token makes the earlier token invalid and the new one usable', async () => {
    const { registry } = setup();
    const first = await registry.clusters.register({ name: 'a', tokenTtlMs: HOUR }, 'admin');
    const second = await registry.clusters.rotateToken('a', HOUR, 'admin');
    await expect(registry.bootstrapTokens.spend('a', first.token, 'k')).rejects.toMatchObject({
      code: 'ENROLL_TOKEN_INVALID',
    });
    await registry.bootstrapTokens.spend('a', second.token, 'k');
  });

  it('label sets and removes labels and is audit-logged with its actor', async () => {
    const { registry } = setup();
    await registry.clusters.register(
      { name: 'a', labels: { tier: 'edge', old: 'x' }, tokenTtlMs: HOUR },
      'admin',
    );
    const rec = await registry.clusters.updateMetadata('a', { labels: { old: null, zone: 'z1' } }, 'ops-bot');
    expect(rec.labels).toEqual({ tier: 'edge', zone: 'z1' });
    const audit = await registry.audit.list();
    expect(audit.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['ops-bot', 'cluster.label', 'cluster/a'],
      ['admin', 'cluster.register', 'cluster/a'],
    ]);
  });

  it('after renewal both certificates are accepted; after unregister neither is, and listeners hear of it', async () => {
    const { registry } = setup();
    const events: string[] = [];
    registry.clusters.onChange((e) => events.push(`${e.type}:${e.cluster}`));
    await registry.clusters.register({ name: 'a', tokenTtlMs: HOUR }, 'admin');
    const notAfter = new Date(Date.parse('2026-01-02T00:00:00Z')).toISOString();
    await registry.clusters.recordCertificate(
      'a',
      { fingerprint: 'sha256:1', serial: '1', notAfter },
      'enroll',
    );
    await registry.clusters.recordCertificate(
      'a',
      { fingerprint: 'sha256:2', serial: '2', notAfter },
      'renew',
    );
    expect(await registry.clusters.acceptedCertificate('a', 'sha256:1')).toBeDefined();
    expect(await registry.clusters.acceptedCertificate('a', 'sha256:2')).toBeDefined();
    expect(await registry.clusters.acceptedCertificate('a', 'sha256:3')).toBeUndefined();
    await registry.clusters.unregister('a', 'admin');
    expect(await registry.clusters.acceptedCertificate('a', 'sha256:2')).toBeUndefined();
    expect(events).toEqual(['registered:a', 'enrolled:a', 'updated:a', 'unregistered:a']);
    await expect(registry.clusters.unregister('a', 'admin')).rejects.toMatchObject({
      code: 'CLUSTER_NOT_FOUND',
    });
  });

  it('an expired certificate is no longer accepted', async () => {
    const { registry, clock } = setup();
    await registry.clusters.register({ name: 'a', tokenTtlMs: HOUR }, 'admin');
    const notAfter = new Date(Date.parse('2026-01-01T02:00:00Z')).toISOString();
    await registry.clusters.recordCertificate(
      'a',
      { fingerprint: 'sha256:1', serial: '1', notAfter },
      'enroll',
    );
    clock.advance(2 * HOUR);
    expect(await registry.clusters.acceptedCertificate('a', 'sha256:1')).toBeUndefined();
  });

  it('a hub reads the cluster records from the store once, not on every list or connect', async () => {
    const store = new MemoryStore();
    await createRegistry(store).clusters.register({ name: 'a', tokenTtlMs: HOUR }, 'admin');
    let gets = 0;
    const counting = Object.assign(Object.create(store) as MemoryStore, {
      get: (...args: Parameters<MemoryStore['get']>) => (gets++, store.get(...args)),
    });
    const registry = createRegistry(counting);
    for (let i = 0; i < 5; i++) {
      await registry.clusters.list();
      await registry.clusters.acceptedCertificate('a', 'sha256:x');
    }
    expect(gets).toBe(1);
    await registry.clusters.updateMetadata('a', { labels: { x: 'y' } }, 'admin');
    expect((await registry.clusters.list())[0]!.labels).toEqual({ x: 'y' });
  });
});
