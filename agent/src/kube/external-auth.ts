import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { RequestAuth } from './cluster-endpoint.ts';

interface ClientNodeConfig {
  loadFromFile(file: string): void;
  setCurrentContext(context: string): void;
  applyToHTTPSOptions(opts: { headers?: Record<string, unknown>; auth?: string }): Promise<void>;
}

/**
 * Credentials from a kubeconfig `exec` plugin or `auth-provider` (cloud login helpers),
 * delegated to @kubernetes/client-node, which runs the plugin and caches its token.
 * The library is imported on the first request only: an agent on a service account or
 * static credentials never loads it (it costs about 85 MiB of RSS).
 */
export function externalAuth(file: string, context: string): RequestAuth {
  let config: Promise<ClientNodeConfig> | undefined;
  const load = async (): Promise<ClientNodeConfig> => {
    // client-node's HTTP stack needs WebAssembly, which `node --jitless` (the DaemonSet's
    // memory setting) turns off: say so instead of failing deep inside the library.
    if (!('WebAssembly' in globalThis)) {
      throw new OutpostError(
        ErrorCodes.CONFIG_INVALID,
        `kubeconfig ${file} (context ${context}) uses exec/auth-provider credentials, which need Node without --jitless`,
        { hint: 'run the agent without --jitless, or give it a token, token file or client certificate' },
      );
    }
    const { KubeConfig } = (await import('@kubernetes/client-node')) as unknown as {
      KubeConfig: new () => ClientNodeConfig;
    };
    const kc = new KubeConfig();
    kc.loadFromFile(file);
    kc.setCurrentContext(context);
    return kc;
  };
  return {
    async headers() {
      config ??= load();
      const kc = await config.catch((err: unknown) => {
        config = undefined;
        throw err;
      });
      const opts: { headers: Record<string, unknown>; auth?: string } = { headers: {} };
      await kc.applyToHTTPSOptions(opts);
      const out: Record<string, string> = {};
      const authorization = opts.headers.Authorization ?? opts.headers.authorization;
      if (typeof authorization === 'string') out.Authorization = authorization;
      else if (opts.auth) out.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
      return out;
    },
  };
}
