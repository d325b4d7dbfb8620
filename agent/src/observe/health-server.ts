import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { ErrorCodes, OutpostError } from '@outpost/shared';

/** What the endpoints serve. */
export interface HealthSources {
  /** Ready: the leader is connected to the hub (or enforcing its persisted state), or a standby is ready to take over. */
  ready(): { ready: boolean; reason: string };
  /** A JSON status snapshot for `/status`. */
  status(): unknown;
  registry: Registry;
}

/**
 * The agent's HTTP endpoints on `--http-listen`: `/healthz` (the process is alive),
 * `/readyz` (see {@link HealthSources.ready}), `/metrics` (Prometheus) and `/status`
 * (JSON snapshot of the agent's lifecycle, link and apps).
 */
export class HealthServer {
  private readonly server: Server;

  private constructor(server: Server) {
    this.server = server;
  }

  /** Listens on `listen` (`host:port`; port 0 picks a free port). */
  static async start(listen: string, sources: HealthSources): Promise<HealthServer> {
    const m = /^(.*):(\d+)$/.exec(listen);
    if (!m)
      throw new OutpostError(ErrorCodes.CONFIG_INVALID, `invalid --http-listen "${listen}"`, {
        hint: 'use HOST:PORT, e.g. 0.0.0.0:8081',
      });
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const reply = (code: number, type: string, body: string) => {
        res.writeHead(code, { 'content-type': type });
        res.end(body);
      };
      if (path === '/healthz') return reply(200, 'text/plain', 'ok\n');
      if (path === '/readyz') {
        const r = sources.ready();
        return reply(r.ready ? 200 : 503, 'text/plain', `${r.reason}\n`);
      }
      if (path === '/status') return reply(200, 'application/json', JSON.stringify(sources.status()));
      if (path === '/metrics') {
        sources.registry.metrics().then(
          (text) => reply(200, sources.registry.contentType, text),
          (err: Error) => reply(500, 'text/plain', err.message),
        );
        return;
      }
      reply(404, 'text/plain', 'not found\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(Number(m[2]), m[1]!.replace(/^\[|\]$/g, '') || undefined, () => resolve());
    });
    return new HealthServer(server);
  }

  /** The bound address, e.g. `127.0.0.1:40123`. */
  address(): string {
    const a = this.server.address() as AddressInfo;
    return a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
