import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { ErrorCode, ErrorLocation } from '@outpost/shared';
import type { ClusterRecord } from '../../registry/cluster-record.ts';
import type { AppSetStatus } from './api-sources.ts';
import type { AppView, ClusterView, FleetSummary } from './fleet-view.ts';
import type { Page } from './list-query.ts';
import type { JoinInfo } from './routes-admin.ts';

/** Where the hub's HTTP API is and the bearer token to use. */
export interface HubConnection {
  server: string;
  token: string | undefined;
}

/** One server-sent event of `watch`. */
export interface WatchEvent {
  event: string;
  data: unknown;
}

/**
 * A typed client of the hub's `/api/v1` (what the CLI and tests use). Failures become the
 * hub's `OutpostError` (same code, location and hint); an unreachable hub is HUB_UNREACHABLE.
 */
export class HubApiClient {
  readonly #conn: HubConnection;

  constructor(conn: HubConnection) {
    this.#conn = { ...conn, server: conn.server.replace(/\/+$/, '') };
  }

  summary(): Promise<FleetSummary> {
    return this.#call('GET', '/api/v1/summary');
  }
  clusters(query: Record<string, string> = {}): Promise<Page<ClusterView>> {
    return this.#call('GET', `/api/v1/clusters${qs(query)}`);
  }
  cluster(name: string): Promise<ClusterView & { pendingTokens: Array<{ expiresAt: string }> }> {
    return this.#call('GET', `/api/v1/clusters/${encodeURIComponent(name)}`);
  }
  applications(query: Record<string, string> = {}): Promise<Page<AppView>> {
    return query.cluster
      ? this.#call(
          'GET',
          `/api/v1/clusters/${encodeURIComponent(query.cluster)}/applications${qs({ ...query, cluster: '' })}`,
        )
      : this.#call('GET', `/api/v1/applications${qs(query)}`);
  }
  appsets(): Promise<Page<AppSetStatus>> {
    return this.#call('GET', '/api/v1/applicationsets?limit=1000');
  }
  appset(name: string): Promise<AppSetStatus & { spec?: unknown; appliedAt?: string; appliedBy?: string }> {
    return this.#call('GET', `/api/v1/applicationsets/${encodeURIComponent(name)}`);
  }
  register(body: {
    name: string;
    server?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ttl?: string;
  }): Promise<{ record: ClusterRecord; join: JoinInfo }> {
    return this.#call('POST', '/api/v1/clusters', body);
  }
  updateCluster(
    name: string,
    patch: { labels?: Record<string, string | null>; annotations?: Record<string, string | null> },
  ): Promise<ClusterRecord> {
    return this.#call('PATCH', `/api/v1/clusters/${encodeURIComponent(name)}`, patch);
  }
  unregister(name: string): Promise<{ unregistered: string }> {
    return this.#call('DELETE', `/api/v1/clusters/${encodeURIComponent(name)}`);
  }
  rotateToken(name: string, ttl?: string): Promise<{ join: JoinInfo }> {
    return this.#call(
      'POST',
      `/api/v1/clusters/${encodeURIComponent(name)}/rotate-token`,
      ttl ? { ttl } : {},
    );
  }
  applyAppset(appset: unknown): Promise<{ name: string; created: boolean }> {
    return this.#call('POST', '/api/v1/applicationsets', appset);
  }
  deleteAppset(name: string): Promise<{ deleted: string }> {
    return this.#call('DELETE', `/api/v1/applicationsets/${encodeURIComponent(name)}`);
  }

  /** Streams `watch` events until `signal` aborts. */
  async *watch(signal: AbortSignal): AsyncGenerator<WatchEvent> {
    const res = await this.#fetch('GET', '/api/v1/watch', undefined, signal);
    if (!res.ok || !res.body) throw await toError(res);
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) yield { event, data: JSON.parse(data) };
        }
      }
    } catch (e) {
      if (!signal.aborted) throw e;
    }
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.#fetch(method, path, body);
    if (!res.ok) throw await toError(res);
    return (await res.json()) as T;
  }

  async #fetch(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.#conn.token) headers.authorization = `Bearer ${this.#conn.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(this.#conn.server + path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (cause) {
      throw new OutpostError(ErrorCodes.HUB_UNREACHABLE, `cannot reach the hub at ${this.#conn.server}`, {
        cause,
        hint: 'check --server / OUTPOST_SERVER and that `outpost principal` is running',
      });
    }
  }
}

async function toError(res: Response): Promise<OutpostError> {
  const body = (await res.json().catch(() => undefined)) as
    { error?: { code?: string; message?: string; location?: ErrorLocation; hint?: string } } | undefined;
  const e = body?.error;
  const code = (e?.code && e.code in ErrorCodes ? e.code : ErrorCodes.STORE_FAILED) as ErrorCode;
  return new OutpostError(code, e?.message ?? `the hub answered HTTP ${res.status}`, {
    ...(e?.location ? { location: e.location } : {}),
    ...(e?.hint ? { hint: e.hint } : {}),
  });
}

function qs(query: Record<string, string>): string {
  const entries = Object.entries(query).filter(([, v]) => v !== '' && v !== undefined);
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}
