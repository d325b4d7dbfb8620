import { once } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCodes, LogFields, OutpostError } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import { authorize } from './api-auth.ts';
import type { HttpApiSources } from './api-sources.ts';
import type { HubMetrics } from './hub-metrics.ts';
import { httpStatusOf, sendError, sendJson } from './http-io.ts';
import type { Route } from './route.ts';
import { adminRoutes } from './routes-admin.ts';
import { statusRoutes } from './routes-status.ts';
import { serveWatch } from './sse-watch.ts';

export interface HttpApiOptions {
  /** `host:port`; port 0 picks a free one. Default `0.0.0.0:8080`. */
  listen?: string;
  /** Shared secret for Git webhooks; without it the webhook refuses every call. */
  webhookSecret?: string;
  metrics: HubMetrics;
  logger: Logger;
}

/**
 * The hub's HTTP server (plain `node:http`): the JSON status and admin API under `/api/v1`,
 * SSE `watch`, the Git webhook, `/metrics`, `/healthz` and `/readyz`.
 */
export class HttpApi {
  readonly #sources: HttpApiSources;
  readonly #options: HttpApiOptions;
  readonly #logger: Logger;
  readonly #routes: Route[];
  readonly #shutdown = new AbortController();
  #server: Server | undefined;

  constructor(sources: HttpApiSources, options: HttpApiOptions) {
    this.#sources = sources;
    this.#options = options;
    this.#logger = options.logger.child({ [LogFields.component]: 'http' });
    this.#routes = [
      ...this.#builtinRoutes(),
      ...statusRoutes(sources),
      ...adminRoutes(sources, {
        webhookSecret: options.webhookSecret,
        metrics: options.metrics,
        logger: this.#logger,
      }),
    ];
  }

  /** Listens; returns the base URL (`http://host:port`). */
  async start(): Promise<string> {
    const listen = this.#options.listen ?? '0.0.0.0:8080';
    const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(listen);
    if (!m) throw new OutpostError(ErrorCodes.CONFIG_INVALID, `--http-listen "${listen}" is not HOST:PORT`);
    const server = createServer((req, res) => void this.#handle(req, res));
    server.listen(Number(m[2]), m[1] || '0.0.0.0');
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([e]) => {
        throw new OutpostError(
          ErrorCodes.CONFIG_INVALID,
          `cannot listen on ${listen}: ${(e as Error).message}`,
        );
      }),
    ]);
    this.#server = server;
    const url = this.url;
    this.#logger.info({ url }, 'HTTP API listening');
    return url;
  }

  /** The base URL; a wildcard bind is reported as 127.0.0.1. */
  get url(): string {
    const a = this.#server?.address() as AddressInfo | undefined;
    if (!a) return '';
    const host = a.address === '0.0.0.0' || a.address === '::' ? '127.0.0.1' : a.address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${a.port}`;
  }

  async stop(): Promise<void> {
    this.#shutdown.abort();
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub');
    let route: Route | undefined;
    let params: Record<string, string> = {};
    let pathMatched = false;
    for (const r of this.#routes) {
      const m = r.path.exec(url.pathname);
      if (!m) continue;
      pathMatched = true;
      if (r.method === req.method) {
        route = r;
        params = Object.fromEntries(
          Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
        );
        break;
      }
    }
    try {
      if (!route) {
        const msg = pathMatched
          ? `${req.method} is not allowed on ${url.pathname}`
          : `no endpoint ${url.pathname}`;
        throw new OutpostError(ErrorCodes.API_NOT_FOUND, msg, {
          hint: 'the API lives under /api/v1 (see docs/cli.md)',
        });
      }
      const principal = await authorize(req, route.access, this.#sources.registry.apiTokens);
      const result = await route.handle({ req, res, params, query: url.searchParams, principal });
      if (result) sendJson(res, result.status ?? 200, result.body);
      this.#options.metrics.countRequest(route.name, res.statusCode);
    } catch (e) {
      const status = httpStatusOf(e);
      if (status >= 500) this.#logger.error({ err: e, path: url.pathname }, 'HTTP API request failed');
      sendError(res, e);
      this.#options.metrics.countRequest(route?.name ?? 'unknown', status);
    }
  }

  #builtinRoutes(): Route[] {
    return [
      {
        name: 'healthz',
        method: 'GET',
        path: /^\/healthz$/,
        access: 'public',
        handle: async () => ({ body: { status: 'ok' } }),
      },
      {
        name: 'readyz',
        method: 'GET',
        path: /^\/readyz$/,
        access: 'public',
        handle: async () => {
          const reasons: string[] = await this.#sources.ping().then(
            () => [],
            (e: Error) => [`store unreachable: ${e.message}`],
          );
          reasons.push(...((await this.#sources.notReady?.()) ?? []));
          return { status: reasons.length ? 503 : 200, body: { ready: reasons.length === 0, reasons } };
        },
      },
      {
        name: 'metrics',
        method: 'GET',
        path: /^\/metrics$/,
        access: 'public',
        handle: async ({ res }) => {
          const { contentType, text } = await this.#options.metrics.expose();
          res.writeHead(200, { 'content-type': contentType });
          res.end(text);
          return undefined;
        },
      },
      {
        name: 'watch',
        method: 'GET',
        path: /^\/api\/v1\/watch$/,
        access: 'read',
        handle: async ({ res }) => {
          await serveWatch(res, this.#sources, this.#shutdown.signal);
          return undefined;
        },
      },
    ];
  }
}
