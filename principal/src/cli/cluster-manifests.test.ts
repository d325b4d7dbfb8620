import { describe, expect, it } from 'vitest';
import { AGENT_NODE_ENV, AGENT_NODE_FLAGS } from '@outpost/agent';
import { agentManifests, joinCommand } from './cluster-manifests.ts';

const join = {
  cluster: 'edge-berlin',
  token: 'opb_abc-DEF_123',
  tokenExpiresAt: '2026-01-01T01:00:00.000Z',
  grpcAddress: 'hub.example.org:8443',
  caFingerprint: `sha256:${'a'.repeat(64)}`,
  caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
};

describe('join command and agent manifests', () => {
  it('the join command is a complete `outpost agent` invocation pinning the CA', () => {
    expect(joinCommand(join)).toBe(
      `outpost agent --hub hub.example.org:8443 --cluster edge-berlin --bootstrap-token opb_abc-DEF_123 --ca-fingerprint sha256:${'a'.repeat(64)}`,
    );
  });

  it('the manifests hold Namespace, ServiceAccount, RBAC with Leases, the join Secret and the DaemonSet reading it', () => {
    const docs = agentManifests(join) as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- manifests
    expect(docs.map((d) => d.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Role',
      'RoleBinding',
      'Secret',
      'DaemonSet',
    ]);
    const secret = docs.find((d) => d.kind === 'Secret')!;
    expect(secret.stringData).toMatchObject({
      token: join.token,
      'ca.crt': join.caPem,
      cluster: 'edge-berlin',
    });
    expect(docs.find((d) => d.kind === 'Role')!.rules[0].resources).toEqual(['leases']);
    const env = docs.find((d) => d.kind === 'DaemonSet')!.spec.template.spec.containers[0].env as Array<{
      name: string;
      valueFrom?: { secretKeyRef?: { name: string; key: string } };
    }>;
    for (const e of env.filter((x) => x.valueFrom?.secretKeyRef)) {
      expect(Object.keys(secret.stringData)).toContain(e.valueFrom!.secretKeyRef!.key);
      expect(e.valueFrom!.secretKeyRef!.name).toBe(secret.metadata.name);
    }
    // The bundled agent program with its memory flags and allocator settings, not the hub's CLI.
    const container = docs.find((d) => d.kind === 'DaemonSet')!.spec.template.spec.containers[0];
    expect(container.command).toEqual(['node', ...AGENT_NODE_FLAGS, '/app/agent/dist/outpost-agent.cjs']);
    expect(AGENT_NODE_FLAGS).toContain('--jitless');
    expect(Object.keys(AGENT_NODE_ENV)).toContain('MALLOC_ARENA_MAX');
    for (const [name, value] of Object.entries(AGENT_NODE_ENV)) expect(env).toContainEqual({ name, value });
  });
});
