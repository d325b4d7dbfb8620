/**
 * The DaemonSet's pods share one identity through a Secret: two pods enrolling at once with
 * the one-time token end up with the same certificate (the loser waits for the winner's
 * Secret), and a renewal by one pod is adopted by the other instead of renewing again.
 */
import { join } from 'node:path';
import { EnrolledCredentials, secretIdentityStore } from '@outpost/agent';
import { silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { identitySetup } from './identity-setup.ts';

describe('ops: shared agent identity', () => {
  it(
    'two pods enrolling with one token share the certificate; a renewal is done once',
    { timeout: 60_000 },
    async () => {
      const { dir, hub, kube, token } = await identitySetup('edge-ds', 'outpost-ops-identity-');
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
