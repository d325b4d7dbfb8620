import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { DOUBLE_TOKEN } from '../kube-double/index.ts';

/**
 * Client configuration for a simulated cluster served over plain HTTP. client-node only
 * dials `http://` servers when the cluster entry says `insecure-skip-tls-verify`, so the
 * agent's kubeconfig sets it (the double has no TLS to verify).
 */
export function doubleKubeConfig(server: string, name = 'spoke'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(stringify(kubeconfigDoc(server, name)));
  return kc;
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
