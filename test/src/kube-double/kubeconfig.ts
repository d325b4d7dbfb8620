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
 * The kubeconfig document for a server URL (which may carry a path prefix). With `caPem` (an
 * HTTPS double) the CA is embedded; for plain HTTP, TLS checks are off, which client-node
 * requires before it talks HTTP at all.
 */
export function kubeconfigDocument(
  server: string,
  name = 'kube-double',
  caPem?: string,
): Record<string, unknown> {
  const cluster = caPem
    ? { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') }
    : { server, 'insecure-skip-tls-verify': true };
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name: `${name}-admin`, user: { token: DOUBLE_TOKEN } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  };
}

/**
 * Writes a kubeconfig for `server` to `path` (default: a new temp dir's `kubeconfig`) and
 * returns the path. `caPem`: the CA to trust for an HTTPS double.
 */
export async function writeKubeconfigFile(
  server: string,
  name = 'kube-double',
  path?: string,
  caPem?: string,
): Promise<string> {
  const target = path ?? join(await mkdtemp(join(tmpdir(), 'kube-double-')), 'kubeconfig');
  await writeFile(target, stringify(kubeconfigDocument(server, name, caPem)), { mode: 0o600 });
  return target;
}

/** A client-node KubeConfig pointing at `server` (trusting `caPem` for HTTPS). */
export function makeKubeConfig(server: string, name = 'kube-double', caPem?: string): KubeConfig {
  const kc = new KubeConfig();
  const cluster = caPem
    ? { name, server, skipTLSVerify: false, caData: Buffer.from(caPem).toString('base64') }
    : { name, server, skipTLSVerify: true };
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: `${name}-admin`, token: DOUBLE_TOKEN }],
    contexts: [{ name, cluster: name, user: `${name}-admin`, namespace: 'default' }],
    currentContext: name,
  });
  return kc;
}
