import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import { tokenFileAuth } from './cluster-endpoint.ts';
import type { ClusterEndpoint } from './cluster-endpoint.ts';
import { kubeconfigEndpoint } from './kubeconfig-file.ts';

/** Where the agent finds its cluster. */
export interface KubeConfigSource {
  /** A kubeconfig file; without it the agent uses the in-cluster service account. */
  kubeconfig?: string;
  /** A context of the kubeconfig; default its current context. */
  context?: string;
}

/** Where a pod's service account credentials are mounted. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Loads the agent's cluster endpoint: `--kubeconfig`/`--context` from outside the cluster,
 * else the pod's service account (in-cluster config).
 * @throws OutpostError CONFIG_INVALID when neither is available or the context is unknown.
 */
export function loadClusterEndpoint(
  source: KubeConfigSource,
  env: NodeJS.ProcessEnv = process.env,
  serviceAccountDir = SERVICE_ACCOUNT_DIR,
): ClusterEndpoint {
  if (source.kubeconfig) return kubeconfigEndpoint(source.kubeconfig, source.context);
  if (env.KUBERNETES_SERVICE_HOST) return inClusterEndpoint(env, serviceAccountDir);
  throw new OutpostError(ErrorCodes.CONFIG_INVALID, 'no kubeconfig given and not running in a cluster', {
    hint: 'pass --kubeconfig FILE (and --context NAME), or run the agent in a pod with a service account',
  });
}

/**
 * The pod's own service account: the API server at `KUBERNETES_SERVICE_HOST:PORT`, verified
 * with the mounted `ca.crt`, authenticated with the mounted (rotated) token.
 */
export function inClusterEndpoint(env: NodeJS.ProcessEnv, dir = SERVICE_ACCOUNT_DIR): ClusterEndpoint {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  const caFile = join(dir, 'ca.crt');
  let caPem: string;
  try {
    caPem = readFileSync(caFile, 'utf8');
  } catch (err) {
    throw new OutpostError(
      ErrorCodes.CONFIG_INVALID,
      `in-cluster config: cannot read ${caFile}: ${(err as Error).message}`,
      { hint: 'mount the service account token (automountServiceAccountToken: true)' },
    );
  }
  let namespace: string | undefined;
  try {
    namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim() || undefined;
  } catch {
    namespace = undefined;
  }
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    tls: { caPem },
    auth: tokenFileAuth(join(dir, 'token')),
    ...(namespace ? { namespace } : {}),
    source: 'in-cluster',
  };
}
