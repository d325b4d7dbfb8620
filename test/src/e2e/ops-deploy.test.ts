/**
 * The kustomize bases render with the real `kubectl kustomize`, and what they render is what
 * an install needs: kinds, probes, the PVC for the hub's data dir, RBAC that covers Leases,
 * and a DaemonSet that mounts the agent's state dir and reads the join Secret.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { agentContainerCommand } from '@outpost/agent';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');

type Doc = {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Array<{ apiGroups?: string[]; resources?: string[]; verbs: string[] }>;
  spec?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- rendered manifests
};

async function kustomize(dir: string): Promise<Doc[]> {
  const { stdout } = await run('kubectl', ['kustomize', resolve(ROOT, dir)], { timeout: 60_000 });
  return parseAllDocuments(stdout).map((d) => d.toJSON() as Doc);
}

const byKind = (docs: Doc[], kind: string) => docs.filter((d) => d.kind === kind);

describe('ops: deploy manifests', () => {
  it('deploy/agent renders a DaemonSet mounting its state dir, with Lease RBAC and probes', async () => {
    const docs = await kustomize('deploy/agent');
    expect(docs.map((d) => d.kind).sort()).toEqual(
      [
        'ClusterRole',
        'ClusterRoleBinding',
        'DaemonSet',
        'Namespace',
        'Role',
        'RoleBinding',
        'ServiceAccount',
      ].sort(),
    );
    expect(
      docs
        .filter((d) => d.kind !== 'Namespace' && !d.kind.startsWith('Cluster'))
        .every((d) => d.metadata.namespace === 'outpost-system'),
    ).toBe(true);
    const role = byKind(docs, 'Role')[0]!;
    expect(role.rules).toContainEqual(
      expect.objectContaining({
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        verbs: expect.arrayContaining(['get', 'create', 'update']),
      }),
    );
    const ds = byKind(docs, 'DaemonSet')[0]!;
    const pod = ds.spec!.template.spec;
    const agent = pod.containers[0];
    expect(agent.image).toBe('ghcr.io/outpost-gitops/outpost:0.1.0');
    // The same program and flags as the generated manifests and the benchmark.
    expect(agent.command).toEqual(agentContainerCommand());
    const stateEnv = agent.env.find((e: { name: string }) => e.name === 'OUTPOST_STATE_DIR').value;
    expect(agent.volumeMounts).toContainEqual({ name: 'state', mountPath: stateEnv });
    expect(pod.volumes).toContainEqual(
      expect.objectContaining({ name: 'state', hostPath: expect.any(Object) }),
    );
    expect(agent.livenessProbe.httpGet.path).toBe('/healthz');
    expect(agent.readinessProbe.httpGet.path).toBe('/readyz');
    expect(agent.resources.limits.memory).toBeDefined();
    const secretKeys = agent.env.filter(
      (e: { valueFrom?: { secretKeyRef?: unknown } }) => e.valueFrom?.secretKeyRef,
    );
    expect(secretKeys.map((e: { name: string }) => e.name).sort()).toEqual([
      'OUTPOST_BOOTSTRAP_TOKEN',
      'OUTPOST_CA_FINGERPRINT',
      'OUTPOST_CLUSTER',
      'OUTPOST_HUB',
    ]);
    expect(pod.serviceAccountName).toBe(byKind(docs, 'ServiceAccount')[0]!.metadata.name);
  });

  it('deploy/principal renders a Deployment on a PVC with gRPC and HTTP services, probes and a NetworkPolicy', async () => {
    const docs = await kustomize('deploy/principal');
    expect(docs.map((d) => d.kind).sort()).toEqual(
      [
        'Deployment',
        'Namespace',
        'NetworkPolicy',
        'PersistentVolumeClaim',
        'Service',
        'ServiceAccount',
      ].sort(),
    );
    const pod = byKind(docs, 'Deployment')[0]!.spec!.template.spec;
    const c = pod.containers[0];
    const dataDir = c.env.find((e: { name: string }) => e.name === 'OUTPOST_DATA_DIR').value;
    const pvc = byKind(docs, 'PersistentVolumeClaim')[0]!.metadata.name;
    const volume = pod.volumes.find(
      (v: { persistentVolumeClaim?: { claimName: string } }) => v.persistentVolumeClaim?.claimName === pvc,
    );
    expect(c.volumeMounts).toContainEqual({ name: volume.name, mountPath: dataDir });
    expect(byKind(docs, 'Service')[0]!.spec!.ports.map((p: { name: string }) => p.name)).toEqual([
      'grpc',
      'http',
    ]);
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
  });
});
