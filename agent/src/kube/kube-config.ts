import { KubeConfig } from '@kubernetes/client-node';
import { ErrorCodes, OutpostError } from '@outpost/shared';

/** Where the agent finds its cluster. */
export interface KubeConfigSource {
  /** A kubeconfig file; without it the agent uses the in-cluster service account. */
  kubeconfig?: string;
  /** A context of the kubeconfig; default its current context. */
  context?: string;
}

/**
 * Loads the agent's cluster credentials: `--kubeconfig`/`--context` from outside the
 * cluster, else the pod's service account (in-cluster config).
 * @throws OutpostError CONFIG_INVALID when neither is available or the context is unknown.
 */
export function loadKubeConfig(source: KubeConfigSource, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const kc = new KubeConfig();
  if (source.kubeconfig) {
    try {
      kc.loadFromFile(source.kubeconfig);
    } catch (err) {
      throw new OutpostError(
        ErrorCodes.CONFIG_INVALID,
        `cannot read kubeconfig ${source.kubeconfig}: ${(err as Error).message}`,
        {
          location: { file: source.kubeconfig },
        },
      );
    }
  } else if (env.KUBERNETES_SERVICE_HOST) {
    kc.loadFromCluster();
  } else {
    throw new OutpostError(ErrorCodes.CONFIG_INVALID, 'no kubeconfig given and not running in a cluster', {
      hint: 'pass --kubeconfig FILE (and --context NAME), or run the agent in a pod with a service account',
    });
  }
  if (source.context) {
    if (!kc.getContextObject(source.context)) {
      throw new OutpostError(
        ErrorCodes.CONFIG_INVALID,
        `context "${source.context}" not found in ${source.kubeconfig ?? 'kubeconfig'}`,
        {
          hint: `known contexts: ${
            kc
              .getContexts()
              .map((c) => c.name)
              .join(', ') || 'none'
          }`,
        },
      );
    }
    kc.setCurrentContext(source.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new OutpostError(ErrorCodes.CONFIG_INVALID, 'the kubeconfig has no current cluster', {
      hint: 'pass --context NAME',
    });
  }
  return kc;
}
