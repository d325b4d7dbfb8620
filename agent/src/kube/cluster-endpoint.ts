import { readFile } from 'node:fs/promises';

/** How the agent proves who it is to its API server, per request. */
export interface RequestAuth {
  /** Headers to add to the next request (e.g. `Authorization`); may refresh a token first. */
  headers(): Promise<Record<string, string>>;
}

/** TLS settings for the API server connection. */
export interface EndpointTls {
  /** CA bundle (PEM) the server's certificate must chain to; default the system roots. */
  caPem?: string;
  /** Client certificate and key (PEM) for mTLS authentication. */
  certPem?: string;
  keyPem?: string;
  /** Accept any server certificate (kubeconfig `insecure-skip-tls-verify`). */
  insecureSkipTlsVerify?: boolean;
  /** SNI and verification name when it differs from the server URL's host. */
  serverName?: string;
}

/**
 * Where and how the agent reaches its cluster's API server: everything a request needs,
 * loaded once from a kubeconfig file or the pod's service account.
 */
export interface ClusterEndpoint {
  /** Base URL, e.g. `https://10.96.0.1:443`, without a trailing slash. */
  server: string;
  tls: EndpointTls;
  auth: RequestAuth;
  /** The default namespace of the context or service account, when known. */
  namespace?: string;
  /** Where it came from, for messages (`in-cluster`, or the kubeconfig path and context). */
  source: string;
}

/** No credentials beyond TLS (client certificates or an unauthenticated server). */
export const noAuth: RequestAuth = { headers: async () => ({}) };

/** A fixed bearer token. */
export function bearerAuth(token: string): RequestAuth {
  const headers = { Authorization: `Bearer ${token}` };
  return { headers: async () => headers };
}

/** HTTP basic authentication (kubeconfig `username`/`password`). */
export function basicAuth(username: string, password: string): RequestAuth {
  const headers = { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
  return { headers: async () => headers };
}

/**
 * A bearer token read from a file and read again once it is `maxAgeMs` old, as projected
 * service-account tokens are rotated by the kubelet (client-go re-reads every minute too).
 * A failed re-read keeps the last token until it is rejected.
 */
export function tokenFileAuth(path: string, maxAgeMs = 60_000, now: () => number = Date.now): RequestAuth {
  let token: string | undefined;
  let readAt = 0;
  return {
    async headers() {
      if (token === undefined || now() - readAt >= maxAgeMs) {
        try {
          token = (await readFile(path, 'utf8')).trim();
          readAt = now();
        } catch (err) {
          if (token === undefined)
            throw new Error(`cannot read token file ${path}: ${(err as Error).message}`, { cause: err });
        }
      }
      return { Authorization: `Bearer ${token}` };
    },
  };
}
