/**
 * `outpost agent` keeps the enrolled identity in a Secret shared by the DaemonSet's pods: the
 * second pod reuses the identity the first one enrolled instead of spending the one-time token
 * again (which the hub refuses with ENROLL_TOKEN_SPENT).
 */
import { join } from 'node:path';
import { EnrolledCredentials, agentCredentials } from '@outpost/agent';
import type { AgentFlags } from '@outpost/agent';
import { silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { identitySetup } from './identity-setup.ts';

describe('ops: outpost agent shares its identity through a Secret', () => {
  it(
    'a second agent with --identity-secret reuses the first one’s identity instead of enrolling again',
    { timeout: 60_000 },
    async () => {
      const { dir, hub, double, kube, token } = await identitySetup('edge-pods', 'outpost-ops-agent-secret-');
      const kubeconfig = await double.writeKubeconfig(join(dir, 'kubeconfig'));
      const pod = (n: number, identitySecret: string): AgentFlags => ({
        hub: `https://127.0.0.1:${hub.server.port}`,
        cluster: 'edge-pods',
        bootstrapToken: token,
        caFingerprint: hub.pki.caFingerprint,
        kubeconfig,
        stateDir: join(dir, `pod-${n}`),
        namespace: 'outpost-system',
        qps: '20',
        burst: '40',
        leaderElection: true,
        identitySecret,
      });

      const first = await agentCredentials(pod(1, 'edge-identity'), silentLogger());
      const second = await agentCredentials(pod(2, 'edge-identity'), silentLogger());
      expect(first).toBeInstanceOf(EnrolledCredentials);
      expect(second).toBeInstanceOf(EnrolledCredentials);
      expect(hub.identity.enroll.counters.enrollments).toBe(1);
      expect((second as EnrolledCredentials).status()).toEqual((first as EnrolledCredentials).status());
      const secret = await kube.get({
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: 'outpost-system',
        name: 'edge-identity',
      });
      expect(Object.keys((secret?.data ?? {}) as object)).toContain('tls.crt');

      // Without the shared Secret (the state dir only), a third pod finds the token spent.
      await expect(agentCredentials(pod(3, 'none'), silentLogger())).rejects.toMatchObject({
        code: 'ENROLL_TOKEN_SPENT',
      });
      expect(hub.identity.enroll.counters.enrollments).toBe(1);
    },
  );
});
