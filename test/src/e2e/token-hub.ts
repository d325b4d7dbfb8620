/**
 * The hub's agent-facing side on its own, for tests of the Connect stream: the real fleet and
 * status book on a file store in a temp dir, served by the real `HubGrpcServer` over TLS (a
 * throwaway CA per test file) and authenticating agents by bearer token. Everything it starts
 * is stopped when the test that started it finishes.
 */
import {
  createCertificateAuthority,
  digestObject,
  issueServingCertificate,
  silentLogger,
} from '@outpost/shared';
import type { KeyAndCertificate } from '@outpost/shared';
import { FileStore, Fleet, HubGrpcServer, StatusBook, TokenAgentAuthenticator } from '@outpost/principal';
import type { ClusterInfo, HubGrpcServerOptions, RenderedApp } from '@outpost/principal';
import { onCleanup, tempDir } from '../fixtures/index.ts';

/** The two clusters the token hub knows. */
export const tokenHubClusters: ClusterInfo[] = [
  { name: 'edge-1', server: 'https://edge-1' },
  { name: 'edge-2', server: 'https://edge-2' },
];

/** The bearer token of each of {@link tokenHubClusters}. */
export const tokenHubTokens = { 'edge-1': 'token-edge-1-secret', 'edge-2': 'token-edge-2-secret' };

/** A running token-authenticated hub; see {@link startTokenHub}. */
export interface TokenHub {
  server: HubGrpcServer;
  fleet: Fleet;
  status: StatusBook;
  store: FileStore;
  /** `127.0.0.1:PORT` of the gRPC server. */
  address: string;
  /** The CA that signed the server's certificate: what a client must trust. */
  caPem: string;
}

interface Pki {
  ca: KeyAndCertificate;
  serving: KeyAndCertificate;
}

let pki: Promise<Pki> | undefined;

/** One CA and serving certificate for 127.0.0.1/localhost per test file (vitest isolates modules per file). */
function testPki(): Promise<Pki> {
  pki ??= (async () => {
    const ca = await createCertificateAuthority();
    const serving = await issueServingCertificate(ca, { hosts: ['127.0.0.1', 'localhost'] });
    return { ca, serving };
  })();
  return pki;
}

/**
 * Starts a hub gRPC server on 127.0.0.1:0 with `limits` (server defaults otherwise) that admits
 * the agents of {@link tokenHubTokens}. Stopped, with its fleet idle, status flushed and store
 * closed, at the end of the current test.
 */
export async function startTokenHub(limits: HubGrpcServerOptions['limits'] = {}): Promise<TokenHub> {
  const { ca, serving } = await testPki();
  const store = await FileStore.open({ dir: await tempDir({ prefix: 'outpost-hub-' }) });
  const logger = silentLogger();
  const fleet = await Fleet.create({ store, logger });
  const status = new StatusBook({ store, logger });
  const server = new HubGrpcServer({
    fleet,
    status,
    authenticator: new TokenAgentAuthenticator(tokenHubTokens),
    tls: { keyPem: serving.keyPem, certPem: serving.certPem, caPem: ca.certPem },
    listen: '127.0.0.1:0',
    limits,
    logger,
  });
  const port = await server.start();
  onCleanup(async () => {
    await server.stop();
    await fleet.idle();
    await status.flush();
    await store.close();
  });
  return { server, fleet, status, store, address: `127.0.0.1:${port}`, caPem: ca.certPem };
}

/** How {@link renderedApp} fills the Application's destination and sync policy. */
export interface RenderedAppOptions {
  /** spec.destination.namespace; default `demo`. */
  namespace?: string;
  /** spec.syncPolicy.automated.selfHeal; default unset. */
  selfHeal?: boolean;
}

/**
 * An automated, pruning Application for `cluster` rendered to `objects`, as the render stage
 * hands it to the fleet (objects by digest).
 */
export function renderedApp(
  name: string,
  cluster: string,
  objects: Record<string, unknown>[],
  options: RenderedAppOptions = {},
): RenderedApp {
  const automated =
    options.selfHeal === undefined ? { prune: true } : { prune: true, selfHeal: options.selfHeal };
  return {
    app: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name },
      spec: {
        destination: { name: cluster, namespace: options.namespace ?? 'demo' },
        syncPolicy: { automated },
      },
    },
    appset: '',
    revision: 'f'.repeat(40),
    error: '',
    objects: objects.map((o) => {
      const meta = o.metadata as { name: string; namespace?: string };
      return {
        ...digestObject(o),
        apiVersion: String(o.apiVersion),
        kind: String(o.kind),
        namespace: meta.namespace ?? '',
        name: meta.name,
      };
    }),
  };
}

/** A ConfigMap manifest in `namespace` (default `demo`). */
export function configMap(name: string, data: Record<string, string>, namespace = 'demo') {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}
