/**
 * Client configuration for a double: a kubeconfig file (for kubectl and any client) and a
 * ready @kubernetes/client-node `KubeConfig`.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';

/** The token the double's kubeconfigs carry (the double accepts any credentials). */
export const DOUBLE_TOKEN = 'kube-double-token';

/**
 * The kubeconfig document for a server URL (which may carry a path prefix). TLS checks are
 * off: the double speaks plain HTTP, which client-node accepts only with skip-TLS-verify.
 */
export function kubeconfigDocument(server: string, name = 'kube-double'): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: `${name}-admin`, user: { token: DOUBLE_TOKEN } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  };
}

/**
 * Writes a kubeconfig for `server` to `path` (default: a new temp dir's `kubeconfig`) and
 * returns the path.
 */
export async function writeKubeconfigFile(
  server: string,
  name = 'kube-double',
  path?: string,
): Promise<string> {
  const target = path ?? join(await mkdtemp(join(tmpdir(), 'kube-double-')), 'kubeconfig');
  await writeFile(target, stringify(kubeconfigDocument(server, name)), { mode: 0o600 });
  return target;
}

/** A client-node KubeConfig pointing at `server`. */
export function makeKubeConfig(server: string, name = 'kube-double'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name, server, skipTLSVerify: true }],
    users: [{ name: `${name}-admin`, token: DOUBLE_TOKEN }],
    contexts: [{ name, cluster: name, user: `${name}-admin`, namespace: 'default' }],
    currentContext: name,
  });
  return kc;
}
