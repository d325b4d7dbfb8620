import type { KubeClient } from '../kube/kube-client.ts';
import type { KubeObject } from '../state/desired-state.ts';
import type { AgentIdentity } from './enroll-files.ts';
import { readIdentity, writeIdentity } from './enroll-files.ts';

/**
 * Where an agent keeps its identity (key, certificate, pinned CA). The state dir suits one
 * agent per cluster; the DaemonSet's pods share one identity through a Secret, so whichever pod
 * enrolls first (the token works once) gives every other pod the same certificate.
 */
export interface IdentityStore {
  read(): Promise<AgentIdentity | undefined>;
  write(identity: AgentIdentity): Promise<void>;
  /** Where, for messages. */
  readonly where: string;
}

/** The identity in `<state-dir>/identity/`. */
export function fileIdentityStore(stateDir: string): IdentityStore {
  return { read: () => readIdentity(stateDir), write: (id) => writeIdentity(stateDir, id), where: stateDir };
}

const FIELD_MANAGER = 'outpost-agent';
const KEYS = {
  cluster: 'cluster',
  key: 'tls.key',
  cert: 'tls.crt',
  ca: 'ca.crt',
  token: 'token-sha256',
} as const;

/**
 * The identity in a `kubernetes.io/tls`-style Secret of the agent's namespace. Writes use the
 * Secret's resourceVersion, so two pods cannot overwrite each other unnoticed.
 */
export function secretIdentityStore(
  kube: Pick<KubeClient, 'get' | 'create' | 'update'>,
  namespace: string,
  name = 'outpost-agent-identity',
): IdentityStore {
  const ref = { apiVersion: 'v1', kind: 'Secret', namespace, name };
  const decode = (data: Record<string, string>, k: string) =>
    Buffer.from(data[k] ?? '', 'base64').toString('utf8');
  return {
    where: `secret ${namespace}/${name}`,
    async read() {
      const s = await kube.get(ref);
      const data = (s?.data ?? {}) as Record<string, string>;
      if (!s || !data[KEYS.cert] || !data[KEYS.key]) return undefined;
      return {
        cluster: decode(data, KEYS.cluster).trim(),
        keyPem: decode(data, KEYS.key),
        certPem: decode(data, KEYS.cert),
        caPem: decode(data, KEYS.ca),
        ...(data[KEYS.token] ? { tokenSha256: decode(data, KEYS.token).trim() } : {}),
      };
    },
    async write(id) {
      const encode = (v: string) => Buffer.from(v, 'utf8').toString('base64');
      const data = {
        [KEYS.cluster]: encode(id.cluster),
        [KEYS.key]: encode(id.keyPem),
        [KEYS.cert]: encode(id.certPem),
        [KEYS.ca]: encode(id.caPem),
        ...(id.tokenSha256 ? { [KEYS.token]: encode(id.tokenSha256) } : {}),
      };
      const existing = await kube.get(ref);
      const obj: KubeObject = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name,
          namespace,
          labels: { 'app.kubernetes.io/name': 'outpost-agent', 'app.kubernetes.io/part-of': 'outpost' },
          ...(existing
            ? { resourceVersion: (existing.metadata as { resourceVersion?: string }).resourceVersion }
            : {}),
        },
        type: 'Opaque',
        data,
      };
      if (existing) await kube.update(obj, FIELD_MANAGER);
      else await kube.create(obj, FIELD_MANAGER);
    },
  };
}
