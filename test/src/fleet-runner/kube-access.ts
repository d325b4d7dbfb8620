import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseKubeconfig } from '@outpost/agent';
import type { ClusterEndpoint } from '@outpost/agent';
import { stringify } from 'yaml';
import { DOUBLE_TOKEN } from '../kube-double/index.ts';

/**
 * The agent's endpoint for a simulated cluster served over plain HTTP, read through the
 * agent's own kubeconfig loader. The entry also says `insecure-skip-tls-verify` because
 * client-node (and kubectl) only dial `http://` servers with it.
 */
export function doubleKubeConfig(server: string, name = 'spoke'): ClusterEndpoint {
  return parseKubeconfig(stringify(kubeconfigDoc(server, name)), `kubeconfig-${name}`);
}

/** An endpoint from a client-node `KubeConfig` (its current context), e.g. a double's over HTTPS. */
export function endpointOf(kc: { exportConfig(): string }, name = 'kubeconfig'): ClusterEndpoint {
  return parseKubeconfig(kc.exportConfig(), name);
}

/** Writes the kubeconfig of {@link doubleKubeConfig} into `dir` and returns its path. */
export async function writeDoubleKubeconfig(dir: string, server: string, name = 'spoke'): Promise<string> {
  const path = join(dir, `kubeconfig-${name}`);
  await writeFile(path, stringify(kubeconfigDoc(server, name)), { mode: 0o600 });
  return path;
}

function kubeconfigDoc(server: string, name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: `${name}-admin`, user: { token: DOUBLE_TOKEN } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } }],
    'current-context': name,
  };
}
