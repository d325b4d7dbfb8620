import { agentContainerCommand, agentContainerEnv } from '@outpost/agent';
import { VERSION } from '@outpost/shared';
import type { JoinInfo } from '../server/http/routes-admin.ts';

/** The agent's namespace, service account and image in generated manifests. */
export const AgentInstall = {
  namespace: 'outpost-system',
  name: 'outpost-agent',
  image: `ghcr.io/outpost-gitops/outpost:${VERSION}`,
  stateDir: '/var/lib/outpost',
} as const;

/** Quotes a shell word when needed. */
function sh(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The complete `outpost agent` invocation that enrolls this cluster: hub address, cluster,
 * one-time token and the pinned CA fingerprint. An operator may add `--kubeconfig FILE`,
 * `--context NAME`, `--state-dir DIR`.
 */
export function joinCommand(join: JoinInfo): string {
  return [
    'outpost',
    'agent',
    '--hub',
    join.grpcAddress,
    '--cluster',
    join.cluster,
    '--bootstrap-token',
    join.token,
    '--ca-fingerprint',
    join.caFingerprint,
  ]
    .map(sh)
    .join(' ');
}

/**
 * The agent's Kubernetes manifests for one cluster: Namespace, ServiceAccount, RBAC (apply any
 * kind cluster-wide, Leases for leader election in its namespace), a Secret with the join
 * material (token, hub CA, fingerprint), and the DaemonSet that reads it from the environment.
 */
export function agentManifests(join: JoinInfo): object[] {
  const { namespace, name, image, stateDir } = AgentInstall;
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'outpost' };
  const meta = (extra: object = {}) => ({ name, namespace, labels, ...extra });
  const fromSecret = (key: string) => ({ secretKeyRef: { name: `${name}-join`, key } });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta() },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, labels },
      rules: [
        {
          apiGroups: ['*'],
          resources: ['*'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        },
        { nonResourceURLs: ['/version', '/api', '/apis', '/apis/*'], verbs: ['get'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta({ name: `${name}-leader-election` }),
      rules: [
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta({ name: `${name}-leader-election` }),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${name}-leader-election` },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta({ name: `${name}-join` }),
      type: 'Opaque',
      stringData: {
        hub: join.grpcAddress,
        cluster: join.cluster,
        token: join.token,
        'ca.crt': join.caPem,
        'ca-fingerprint': join.caFingerprint,
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta(),
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            // The state dir is a hostPath (it survives pod restarts); make it the agent user's.
            initContainers: [
              {
                name: 'state-dir',
                image,
                command: ['sh', '-c', `chown 65532:65532 ${stateDir}`],
                securityContext: { runAsUser: 0, runAsNonRoot: false },
                volumeMounts: [{ name: 'state', mountPath: stateDir }],
              },
            ],
            containers: [
              {
                name: 'agent',
                image,
                command: agentContainerCommand(),
                env: [
                  { name: 'OUTPOST_HUB', valueFrom: fromSecret('hub') },
                  { name: 'OUTPOST_CLUSTER', valueFrom: fromSecret('cluster') },
                  { name: 'OUTPOST_BOOTSTRAP_TOKEN', valueFrom: fromSecret('token') },
                  { name: 'OUTPOST_CA_FINGERPRINT', valueFrom: fromSecret('ca-fingerprint') },
                  { name: 'OUTPOST_STATE_DIR', value: stateDir },
                  {
                    name: 'OUTPOST_NAMESPACE',
                    valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
                  },
                  { name: 'OUTPOST_HTTP_LISTEN', value: '0.0.0.0:8081' },
                  { name: 'OUTPOST_INSTANCE_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  ...agentContainerEnv(),
                ],
                ports: [{ name: 'http', containerPort: 8081 }],
                livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 20 },
                readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 10 },
                resources: { requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '256Mi' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  runAsUser: 65532,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [{ name: 'state', mountPath: stateDir }],
              },
            ],
            volumes: [
              { name: 'state', hostPath: { path: `${stateDir}/${join.cluster}`, type: 'DirectoryOrCreate' } },
            ],
          },
        },
      },
    },
  ];
}
