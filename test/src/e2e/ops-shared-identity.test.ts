/**
 * The DaemonSet's pods share one identity through a Secret: two pods enrolling at once with
 * the one-time token end up with the same certificate (the loser waits for the winner's
 * Secret), and a renewal by one pod is adopted by the other instead of renewing again.
 */
import { join } from 'node:path';
import { EnrolledCredentials, RestKubeClient, secretIdentityStore } from '@outpost/agent';
import { Hub } from '@outpost/principal';
import { silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { onCleanup, tempDir } from '../fixtures/index.ts';
import { endpointOf } from '../fleet-runner/index.ts';
import { KubeDouble } from '../kube-double/index.ts';

describe('ops: shared agent identity', () => {
  it(
    'two pods enrolling with one token share the certificate; a renewal is done once',
    { timeout: 60_000 },
    async () => {
      const dir = await tempDir({ prefix: 'outpost-ops-identity-' });
      const hub = await Hub.create({
        dataDir: join(dir, 'hub'),
        grpcListen: '127.0.0.1:0',
        logger: silentLogger(),
      });
      await hub.start();
      onCleanup(() => hub.stop());
      const double = await KubeDouble.start({ name: 'edge-ds' });
      onCleanup(() => double.close());
      const { token } = await hub.registry.clusters.register(
        { name: 'edge-ds', tokenTtlMs: 600_000 },
        'test',
      );
      const kube = new RestKubeClient(endpointOf(double.kubeConfig()), silentLogger());
      await kube.create(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'outpost-system' } },
        'test',
      );
      const enroll = {
        hub: `127.0.0.1:${hub.server.port}`,
        cluster: 'edge-ds',
        token,
        caFingerprint: hub.pki.caFingerprint,
      };
      const pod = (n: number) =>
        EnrolledCredentials.ensure(join(dir, `pod-${n}`), enroll, silentLogger(), {
          store: secretIdentityStore(kube, 'outpost-system'),
        });
      const [a, b] = await Promise.all([pod(1), pod(2)]);
      expect(a.status().notAfter).toBe(b.status().notAfter);
      expect(hub.identity.enroll.counters.enrollments).toBe(1);
      const secret = await kube.get({
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: 'outpost-system',
        name: 'outpost-agent-identity',
      });
      expect(Object.keys((secret?.data ?? {}) as object).sort()).toEqual([
        'ca.crt',
        'cluster',
        'tls.crt',
        'tls.key',
        'token-sha256',
      ]);

      await a.renewNow(enroll.hub);
      await b.renewNow(enroll.hub);
      expect(hub.identity.enroll.counters.renewals).toBe(1);
      expect(b.status().notAfter).toBe(a.status().notAfter);
    },
  );
});
