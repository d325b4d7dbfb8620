/**
 * The hub answers a BlobRequest in Blobs messages under its write budget (14 KiB), so no
 * message it sizes itself makes Node's TLS socket keep a larger write buffer for the life of
 * the connection (docs/decisions/hub-connection-memory.md). Real gRPC over TLS, real fleet.
 */
import { describe, expect, it } from 'vitest';
import { onCleanup } from '../fixtures/index.ts';
import { HubTestClient } from './hub-test-client.ts';
import {
  configMap,
  renderedApp as app,
  startTokenHub as startHub,
  tokenHubClusters as clusters,
  tokenHubTokens as tokens,
} from './token-hub.ts';

describe('hub write budget', () => {
  it('hub write budget – 20 KiB of blobs arrive in Blobs messages of at most 14 KiB, every blob once and in order', async () => {
    const hub = await startHub();
    const filler = 'x'.repeat(900);
    const objects = Array.from({ length: 20 }, (_, i) => configMap(`cm-${i}`, { i: String(i), filler }));
    await hub.fleet.reconcile(clusters, [app('big', 'edge-1', objects)]);
    const c = new HubTestClient({ address: hub.address, caPem: hub.caPem, token: tokens['edge-1'] });
    onCleanup(() => c.close());
    c.send(HubTestClient.hello('edge-1'));
    const { assignment } = await c.next('assignment');
    const digests = assignment.apps[0]!.objects.map((o) => o.digest);
    c.send({ kind: 'blobRequest', blobRequest: { digests } });
    const got: string[] = [];
    const sizes: number[] = [];
    while (got.length < digests.length) {
      const { blobs } = await c.next('blobs');
      expect(blobs.refused).toEqual([]);
      got.push(...blobs.blobs.map((b) => b.digest));
      sizes.push(blobs.blobs.reduce((n, b) => n + b.content.byteLength + b.digest.length + 8, 0));
    }
    expect(got).toEqual(digests);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(14 * 1024);
    const s = hub.server.streams().find((x) => x.cluster === 'edge-1')!;
    expect(s.counters.blobsSent).toBe(20);
  });
});
