/**
 * Enrolling against a hub that is not reachable yet: the agent keeps trying with backoff and
 * the same key, and enrolls once the hub is up; past its retry window it gives up with
 * HUB_UNREACHABLE. (That the hub serves a repeated request for the same key again is
 * `enroll-handlers.test.ts`.)
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { enrollAgent } from '@outpost/agent';
import { Hub } from '@outpost/principal';
import { OutpostError, silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { onCleanup, tempDir } from '../fixtures/index.ts';

/** A TCP port nothing listens on (bound, read, released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('enrolling while the hub is unreachable', () => {
  it(
    'retries with backoff until the hub is up, then enrolls with the key it started with',
    { timeout: 60_000 },
    async () => {
      const port = await freePort();
      const dir = await tempDir({ prefix: 'outpost-enroll-retry-' });
      const hub = await Hub.create({
        dataDir: join(dir, 'hub'),
        grpcListen: `127.0.0.1:${port}`,
        logger: silentLogger(),
      });
      onCleanup(() => hub.stop());
      const { token } = await hub.registry.clusters.register(
        { name: 'edge-late', tokenTtlMs: 60_000 },
        'test',
      );
      const retries: number[] = [];
      const enrolling = enrollAgent({
        hub: `127.0.0.1:${port}`,
        cluster: 'edge-late',
        token,
        caFingerprint: hub.pki.caFingerprint,
        retryForMs: 30_000,
        onRetry: (error, waitMs) => {
          expect(error.code).toBe('HUB_UNREACHABLE');
          retries.push(waitMs);
        },
      });
      await new Promise((r) => setTimeout(r, 2_500));
      expect(retries.length).toBeGreaterThan(0);
      await hub.start();
      const identity = await enrolling;
      const cert = new X509Certificate(identity.certPem);
      expect(cert.subject).toBe('CN=edge-late');
      expect(cert.checkPrivateKey(createPrivateKey(identity.keyPem))).toBe(true);
      expect((await hub.registry.clusters.get('edge-late'))?.enrolledAt).toBeDefined();
    },
  );

  it(
    'gives up with HUB_UNREACHABLE, naming the hub, once its retry window is over',
    { timeout: 30_000 },
    async () => {
      const port = await freePort();
      const started = Date.now();
      const error = await enrollAgent({
        hub: `127.0.0.1:${port}`,
        cluster: 'edge-none',
        token: 'opb_x',
        caFingerprint: `sha256:${'0'.repeat(64)}`,
        retryForMs: 3_000,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutpostError);
      expect(error).toMatchObject({ code: 'HUB_UNREACHABLE' });
      expect((error as Error).message).toContain(`127.0.0.1:${port}`);
      expect(Date.now() - started).toBeLessThan(15_000);
    },
  );
});
