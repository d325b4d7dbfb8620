/**
 * `outpost agent` keeps the enrolled identity in a Secret shared by the DaemonSet's pods: the
 * second pod reuses the identity the first one enrolled instead of spending the one-time token
 * again (which the hub refuses with ENROLL_TOKEN_SPENT).
 */
import { join } from 'node:path';
import { EnrolledCredentials, RestKubeClient, agentCredentials } from '@outpost/agent';
import type { AgentFlags } from '@outpost/agent';
import { Hub } from '@outpost/principal';
import { silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
// principal/src/index.ts does not export the CLI's agent credentials (the CLI is its only user).
import { onCleanup, tempDir } from '../fixtures/index.ts';
import { endpointOf } from '../fleet-runner/index.ts';
import { KubeDouble } from '../kube-double/index.ts';

describe('ops: outpost agent shares its identity through a Secret', () => {
  it(
    'a second agent with --identity-secret reuses the first one’s identity instead of enrolling again',
    { timeout: 60_000 },
    async () => {
      const dir = await tempDir({ prefix: 'outpost-ops-agent-secret-' });
      const hub = await Hub.create({
        dataDir: join(dir, 'hub'),
        grpcListen: '127.0.0.1:0',
        logger: silentLogger(),
      });
      await hub.start();
      onCleanup(() => hub.stop());
      const double = await KubeDouble.start({ name: 'edge-pods' });
      onCleanup(() => double.close());
      const kubeconfig = await double.writeKubeconfig(join(dir, 'kubeconfig'));
      const kube = new RestKubeClient(endpointOf(double.kubeConfig()), silentLogger());
      await kube.create(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'outpost-system' } },
        'test',
      );
      const { token } = await hub.registry.clusters.register(
        { name: 'edge-pods', tokenTtlMs: 600_000 },
        'test',
      );
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
