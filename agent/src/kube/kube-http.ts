import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createSecureContext } from 'node:tls';
import { VERSION } from '@outpost/shared';
import type { ClusterEndpoint } from './cluster-endpoint.ts';
import { KubeApiError } from './kube-api-error.ts';

/** A complete answer of the API server. */
export interface KubeResponse {
  status: number;
  text: string;
  retryAfter: string | undefined;
}

/** Options of {@link KubeHttp}. */
export interface KubeHttpOptions {
  /** Pooled connections for ordinary calls (watches have their own). Default 8. */
  maxSockets?: number;
  /**
   * Idle connections kept open for calls between bursts (a sync opens up to `maxSockets`).
   * Default 2: each idle TLS connection holds its own buffers and TLS state.
   */
  maxFreeSockets?: number;
  /** A call that sees no bytes for this long fails (retryable). Default 60 s. */
  requestTimeoutMs?: number;
}

/**
 * HTTP/1.1 to one API server over node:http(s) with keep-alive pools: one for calls, one
 * for long-lived watches, so that watches never starve calls. TLS (CA, client certificate,
 * SNI, skip-verify) and per-request authentication come from the {@link ClusterEndpoint};
 * a path prefix of the server URL (proxies, multi-cluster gateways) is kept.
 */
export class KubeHttp {
  private readonly endpoint: ClusterEndpoint;
  private readonly secure: boolean;
  private readonly host: string;
  private readonly port: number;
  private readonly prefix: string;
  private readonly calls: HttpAgent;
  private readonly watches: HttpAgent;
  private readonly send: typeof httpRequest;
  private readonly requestTimeoutMs: number;
  private readonly userAgent = `outpost-agent/${VERSION}`;

  constructor(endpoint: ClusterEndpoint, options: KubeHttpOptions = {}) {
    const url = new URL(endpoint.server);
    this.endpoint = endpoint;
    this.secure = url.protocol === 'https:';
    this.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = Number(url.port) || (this.secure ? 443 : 80);
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    const pool = {
      keepAlive: true,
      maxSockets: options.maxSockets ?? 8,
      maxFreeSockets: options.maxFreeSockets ?? 2,
      scheduling: 'lifo' as const,
    };
    if (this.secure) {
      const { caPem, certPem, keyPem, insecureSkipTlsVerify, serverName } = endpoint.tls;
      // One TLS context (CA store, client certificate) for every connection of both pools,
      // rather than one built per connection.
      const secureContext = createSecureContext({
        ...(caPem ? { ca: caPem } : {}),
        ...(certPem ? { cert: certPem } : {}),
        ...(keyPem ? { key: keyPem } : {}),
      });
      const tls = {
        secureContext,
        ...(serverName ? { servername: serverName } : {}),
        rejectUnauthorized: !insecureSkipTlsVerify,
      };
      this.calls = new HttpsAgent({ ...pool, ...tls });
      this.watches = new HttpsAgent({ keepAlive: true, ...tls });
      this.send = httpsRequest;
    } else {
      this.calls = new HttpAgent(pool);
      this.watches = new HttpAgent({ keepAlive: true });
      this.send = httpRequest;
    }
  }

  /** One call; resolves with any HTTP status (the caller decides), rejects on transport failure. */
  async request(method: string, path: string, body?: string, contentType?: string): Promise<KubeResponse> {
    const headers = await this.headers(body, contentType);
    return new Promise<KubeResponse>((resolve, reject) => {
      const req = this.open(method, path, headers, this.calls);
      req.setTimeout(this.requestTimeoutMs, () =>
        req.destroy(new Error(`no answer from ${this.endpoint.server} in ${this.requestTimeoutMs} ms`)),
      );
      req.on('error', reject);
      req.on('response', (res) => {
        readAll(res).then(
          (text) => resolve({ status: res.statusCode ?? 0, text, retryAfter: header(res, 'retry-after') }),
          reject,
        );
      });
      req.end(body);
    });
  }

  /**
   * A streaming GET (a watch): calls `onLine` for each line of the body until the server
   * ends it, `signal` aborts or no byte arrives for `idleTimeoutMs` (all three resolve).
   * @throws KubeApiError when the server answers with an error status.
   */
  async stream(
    path: string,
    onLine: (line: string) => void,
    signal: AbortSignal,
    idleTimeoutMs: number,
    what: string,
  ): Promise<void> {
    const headers = await this.headers();
    if (signal.aborted) return;
    await new Promise<void>((resolve, reject) => {
      const req = this.open('GET', path, headers, this.watches);
      const onAbort = () => req.destroy();
      let answered = false;
      let settled = false;
      const settle = (err?: unknown) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (err && !signal.aborted) reject(err);
        else resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      // A stream quiet for too long is ended like a server timeout: the caller watches again.
      let quiet = false;
      const fail = (err: unknown) => settle(signal.aborted || quiet ? undefined : err);
      req.setTimeout(idleTimeoutMs, () => {
        quiet = true;
        req.destroy();
      });
      req.on('error', fail);
      // Without an answer, a closed request is the end; with one, the response's events settle.
      req.on('close', () => answered || settle());
      req.on('response', (res) => {
        answered = true;
        if ((res.statusCode ?? 0) >= 400) {
          readAll(res).then(
            (text) =>
              settle(KubeApiError.fromResponse(res.statusCode ?? 0, text, what, header(res, 'retry-after'))),
            fail,
          );
          return;
        }
        res.setEncoding('utf8');
        let pending = '';
        res.on('data', (chunk: string) => {
          pending += chunk;
          let nl = pending.indexOf('\n');
          while (nl >= 0) {
            const line = pending.slice(0, nl).trim();
            pending = pending.slice(nl + 1);
            if (line) onLine(line);
            nl = pending.indexOf('\n');
          }
        });
        res.on('end', () => {
          const rest = pending.trim();
          if (rest) onLine(rest);
          settle();
        });
        res.on('error', fail);
        // Destroyed mid-body (idle timeout, abort): a normal end, the caller watches again.
        res.on('close', () => settle());
      });
      req.end();
    });
  }

  /** Closes pooled connections (open watches end through their signals). */
  close(): void {
    this.calls.destroy();
    this.watches.destroy();
  }

  private async headers(body?: string, contentType?: string): Promise<Record<string, string | number>> {
    const headers: Record<string, string | number> = {
      Accept: 'application/json',
      'User-Agent': this.userAgent,
      ...(await this.endpoint.auth.headers()),
    };
    if (body !== undefined) {
      headers['Content-Type'] = contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    return headers;
  }

  private open(
    method: string,
    path: string,
    headers: Record<string, string | number>,
    agent: HttpAgent,
  ): ClientRequest {
    const options: RequestOptions = {
      method,
      host: this.host,
      port: this.port,
      path: `${this.prefix}${path}`,
      headers,
      agent,
    };
    return this.send(options);
  }
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
