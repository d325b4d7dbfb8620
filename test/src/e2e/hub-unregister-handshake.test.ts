/**
 * Unregistering a cluster revokes it at once, also for a stream that authenticated just
 * before and has not sent its Hello yet: that stream must not become live afterwards (the
 * hub's disconnect found no live stream to close, so the handshake itself has to refuse).
 */
import { join } from 'node:path';
import { enrollAgent } from '@outpost/agent';
import { Hub } from '@outpost/principal';
import type { AgentAuthCall } from '@outpost/principal';
import { silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { onCleanup, tempDir } from '../fixtures/index.ts';
import { HubTestClient } from './hub-test-client.ts';

describe('hub: unregister during a handshake', () => {
  it(
    'a stream authenticated before unregister is refused at Hello with CLUSTER_REVOKED and never goes live',
    { timeout: 60_000 },
    async () => {
      const dir = await tempDir({ prefix: 'outpost-hub-unregister-' });
      // The hub's own mTLS authenticator, watched: the test knows when a verdict is in.
      const verdicts: Promise<{ cluster: string }>[] = [];
      const hub: Hub = await Hub.create({
        dataDir: join(dir, 'data'),
        grpcListen: '127.0.0.1:0',
        repoPollInterval: '1h',
        tlsHosts: ['127.0.0.1'],
        logger: silentLogger(),
        authenticator: {
          authenticate: (call: AgentAuthCall) => {
            const verdict = hub.identity.mtls.authenticate(call);
            verdicts.push(verdict);
            return verdict;
          },
        },
      });
      onCleanup(() => hub.stop());
      await hub.start();
      const { token } = await hub.registry.clusters.register({ name: 'edge-r', tokenTtlMs: 60_000 }, 'test');
      const address = `127.0.0.1:${hub.server.port}`;
      const id = await enrollAgent({
        hub: address,
        cluster: 'edge-r',
        token,
        caFingerprint: hub.pki.caFingerprint,
      });
      const open = () =>
        new HubTestClient({ address, caPem: id.caPem, keyPem: id.keyPem, certPem: id.certPem });

      // Control: the same identity goes live.
      const before = open();
      onCleanup(() => before.close());
      before.send(HubTestClient.hello('edge-r'));
      await before.next('welcome');
      before.close();
      await expect.poll(() => hub.server.streams()[0]?.connected).toBe(false);

      const client = open();
      onCleanup(() => client.close());
      await expect.poll(() => verdicts.length).toBe(2);
      await expect(verdicts[1]).resolves.toEqual({ cluster: 'edge-r' });
      await hub.registry.clusters.unregister('edge-r', 'test');
      client.send(HubTestClient.hello('edge-r'));
      const refused = await client.next('refusal');
      expect(refused.refusal.code).toBe('CLUSTER_REVOKED');
      expect(client.received.map((m) => m.kind)).toEqual(['refusal']);
      await client.closedByHub();
      expect(hub.server.streams().find((s) => s.cluster === 'edge-r')?.connected).toBe(false);
      expect(hub.statusBook.snapshot().find((s) => s.cluster === 'edge-r')?.connection?.connected).not.toBe(
        true,
      );
    },
  );
});
