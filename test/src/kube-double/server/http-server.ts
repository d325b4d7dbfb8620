/**
 * Node `http`/`https` servers for doubles: `startHttpServer` binds a loopback port and routes
 * each request to the cluster a resolver names (with any path prefix removed).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { KubeCluster } from '../kube-cluster.ts';
import { handleApiRequest } from './api-handler.ts';

/** Finds the cluster for a request path and the path inside that cluster. */
export type ClusterResolver = (path: string) => { cluster: KubeCluster; path: string } | undefined;

/** A serving certificate and key (PEM) for HTTPS. */
export interface ServingTls {
  certPem: string;
  keyPem: string;
}

/** A started server. */
export interface RunningServer {
  server: Server;
  /** `http://127.0.0.1:<port>` (or `https://`). */
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts an HTTP server (HTTPS with `tls`) on `host:port` (port 0: a free one). */
export async function startHttpServer(
  resolve: ClusterResolver,
  host = '127.0.0.1',
  port = 0,
  tls?: ServingTls,
): Promise<RunningServer> {
  // `host:port` the server listens on (discovery reports it); known once listening.
  let serverAddress = '';
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://double');
    const target = resolve(url.pathname);
    if (!target) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
      return;
    }
    void handleApiRequest(target.cluster, req, res, target.path, url.searchParams, serverAddress);
  };
  const server: Server = tls
    ? createTlsServer({ cert: tls.certPem, key: tls.keyPem }, handler)
    : createServer(handler);
  // Idle keep-alive connections stay open as long as kube-apiserver keeps them (its
  // IdleTimeout, 90 s), so a client that calls every few seconds reuses its connection.
  server.keepAliveTimeout = 90_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  const addr = server.address() as AddressInfo;
  serverAddress = `${addr.address}:${addr.port}`;
  return {
    server,
    baseUrl: `${tls ? 'https' : 'http'}://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
