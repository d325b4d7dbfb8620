import { Backoff, sleep } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import type { KubeObject } from '../state/desired-state.ts';
import type { ClusterEndpoint } from './cluster-endpoint.ts';
import { KubeApiError, isNotFound, isRetryableKubeError } from './kube-api-error.ts';
import type { ApplyOptions, KubeClient, ObjectRef, ResourceInfo, WatchEvent } from './kube-client.ts';
import { KubeHttp } from './kube-http.ts';
import { RateLimiter } from './rate-limiter.ts';

/** Options of {@link RestKubeClient}. */
export interface RestKubeClientOptions {
  /** Sustained requests per second to the API server. Default 20; 0 = unlimited. */
  qps?: number;
  /** Requests allowed at once above the sustained rate. Default 40. */
  burst?: number;
  /** Attempts per call on 429/5xx/transport errors before giving up. Default 5. */
  maxAttempts?: number;
  /** First retry delay ceiling in ms (full jitter, doubling). Default 200. */
  retryInitialMs?: number;
  /** Largest retry delay ceiling in ms. Default 5 000. */
  retryMaxMs?: number;
  /** Pooled connections for calls (watches have their own). Default 8. */
  maxSockets?: number;
}

/** Server-side watch timeout range (seconds), spread like client-go's reflectors: 5–10 min. */
const WATCH_TIMEOUT_MIN_S = 300;
const WATCH_TIMEOUT_SPREAD_S = 300;

interface ApiResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

/**
 * The {@link KubeClient} over plain REST ({@link KubeHttp}): the endpoint (kubeconfig
 * file and context, or the in-cluster service account) gives TLS and authentication; the
 * agent controls content types (`application/apply-patch+yaml` for server-side apply),
 * rate limiting, retries and watch restarts. See docs/decisions/agent-kube-transport.md
 * for why this is not @kubernetes/client-node's generated client.
 */
export class RestKubeClient implements KubeClient {
  private readonly http: KubeHttp;
  private readonly limiter: RateLimiter;
  private readonly log: Logger;
  private readonly maxAttempts: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly discovery = new Map<string, Promise<ApiResourceList>>();

  constructor(endpoint: ClusterEndpoint, log: Logger, options: RestKubeClientOptions = {}) {
    this.http = new KubeHttp(endpoint, { ...(options.maxSockets ? { maxSockets: options.maxSockets } : {}) });
    this.log = log;
    this.limiter = new RateLimiter(options.qps ?? 20, options.burst ?? 40);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryInitialMs = options.retryInitialMs ?? 200;
    this.retryMaxMs = options.retryMaxMs ?? 5_000;
  }

  async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    let list = await this.discover(apiVersion, false);
    let r = list?.resources.find((x) => x.kind === kind && !x.name.includes('/'));
    if (!r) {
      // A CRD created moments ago: look again, bypassing the cache.
      list = await this.discover(apiVersion, true);
      r = list?.resources.find((x) => x.kind === kind && !x.name.includes('/'));
    }
    if (!r) throw new KubeApiError(404, 'NotFound', `the server does not serve ${kind} in ${apiVersion}`);
    return { apiVersion, kind, plural: r.name, namespaced: r.namespaced };
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    try {
      return (await this.call(
        'GET',
        await this.objectPath(ref),
        undefined,
        `get ${describe(ref)}`,
      )) as KubeObject;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async apply(obj: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    const query = new URLSearchParams({ fieldManager: options.fieldManager });
    if (options.force) query.set('force', 'true');
    if (options.dryRun) query.set('dryRun', 'All');
    const path = `${await this.objectPath(refOf(obj))}?${query}`;
    return (await this.call(
      'PATCH',
      path,
      obj,
      `apply ${describe(refOf(obj))}`,
      'application/apply-patch+yaml',
    )) as KubeObject;
  }

  async replace(obj: KubeObject, fieldManager: string): Promise<KubeObject> {
    const ref = refOf(obj);
    const query = `?fieldManager=${encodeURIComponent(fieldManager)}`;
    const live = await this.get(ref);
    if (!live) {
      return (await this.call(
        'POST',
        `${await this.collectionPath(ref)}${query}`,
        obj,
        `create ${describe(ref)}`,
      )) as KubeObject;
    }
    const body = { ...obj, metadata: { ...obj.metadata, resourceVersion: live.metadata.resourceVersion } };
    return (await this.call(
      'PUT',
      `${await this.objectPath(ref)}${query}`,
      body,
      `replace ${describe(ref)}`,
    )) as KubeObject;
  }

  async create(obj: KubeObject, fieldManager: string): Promise<KubeObject> {
    const ref = refOf(obj);
    const path = `${await this.collectionPath(ref)}?fieldManager=${encodeURIComponent(fieldManager)}`;
    return (await this.call('POST', path, obj, `create ${describe(ref)}`)) as KubeObject;
  }

  async update(obj: KubeObject, fieldManager: string): Promise<KubeObject> {
    const ref = refOf(obj);
    const path = `${await this.objectPath(ref)}?fieldManager=${encodeURIComponent(fieldManager)}`;
    return (await this.call('PUT', path, obj, `update ${describe(ref)}`)) as KubeObject;
  }

  async delete(ref: ObjectRef): Promise<void> {
    try {
      await this.call(
        'DELETE',
        await this.objectPath(ref),
        { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
        `delete ${describe(ref)}`,
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async list(
    apiVersion: string,
    kind: string,
    options: { namespace?: string; labelSelector?: string } = {},
  ): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const info = await this.resource(apiVersion, kind);
    const base = apiBase(apiVersion);
    const path =
      info.namespaced && options.namespace
        ? `${base}/namespaces/${options.namespace}/${info.plural}`
        : `${base}/${info.plural}`;
    const query = options.labelSelector ? `?labelSelector=${encodeURIComponent(options.labelSelector)}` : '';
    const res = (await this.call('GET', `${path}${query}`, undefined, `list ${kind}`)) as {
      items?: KubeObject[];
      metadata?: { resourceVersion?: string };
    };
    const items = (res.items ?? []).map((o) => ({
      ...o,
      apiVersion: o.apiVersion ?? apiVersion,
      kind: o.kind ?? kind,
    }));
    return { items, resourceVersion: res.metadata?.resourceVersion ?? '' };
  }

  async watch(
    apiVersion: string,
    kind: string,
    options: { labelSelector?: string; resourceVersion: string },
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const info = await this.resource(apiVersion, kind);
    await this.limiter.acquire(signal);
    const timeoutSeconds = WATCH_TIMEOUT_MIN_S + Math.floor(Math.random() * WATCH_TIMEOUT_SPREAD_S);
    const query = new URLSearchParams({
      watch: 'true',
      resourceVersion: options.resourceVersion,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(timeoutSeconds),
    });
    if (options.labelSelector) query.set('labelSelector', options.labelSelector);
    const what = `watch ${kind}`;
    let failure: KubeApiError | undefined;
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.http.stream(
        `${apiBase(apiVersion)}/${info.plural}?${query}`,
        (line) => {
          if (failure) return;
          const event = parseWatchLine(line);
          if (event.type === 'ERROR') {
            const s = event.object as { code?: number; reason?: string; message?: string };
            failure = new KubeApiError(
              s.code ?? 500,
              s.reason ?? '',
              `${what}: ${s.message ?? 'error event'}`,
            );
            stop.abort();
            return;
          }
          onEvent(event as WatchEvent);
        },
        stop.signal,
        // Quiet for longer than the server's own timeout: the connection is gone.
        (timeoutSeconds + 30) * 1000,
        what,
      );
    } catch (err) {
      throw toKubeError(err, what);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (failure) throw failure;
  }

  /** Closes pooled connections; calls after this open new ones. */
  close(): void {
    this.http.close();
  }

  async serverVersion(): Promise<string> {
    const v = (await this.call('GET', '/version', undefined, 'get server version')) as {
      gitVersion?: string;
    };
    return v.gitVersion ?? '';
  }

  private discover(apiVersion: string, refresh: boolean): Promise<ApiResourceList | undefined> {
    const cached = this.discovery.get(apiVersion);
    if (cached && !refresh) return cached.catch(() => undefined);
    const p = this.call(
      'GET',
      apiBase(apiVersion),
      undefined,
      `discover ${apiVersion}`,
    ) as Promise<ApiResourceList>;
    this.discovery.set(apiVersion, p);
    p.catch(() => this.discovery.delete(apiVersion));
    return p.catch((err) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
  }

  private async objectPath(ref: ObjectRef): Promise<string> {
    return `${await this.collectionPath(ref)}/${encodeURIComponent(ref.name)}`;
  }

  private async collectionPath(ref: ObjectRef): Promise<string> {
    const info = await this.resource(ref.apiVersion, ref.kind);
    const base = apiBase(ref.apiVersion);
    if (!info.namespaced) return `${base}/${info.plural}`;
    return `${base}/namespaces/${encodeURIComponent(ref.namespace || 'default')}/${info.plural}`;
  }

  /** One REST call: rate limited, retried with full-jitter backoff on 429/5xx/transport errors. */
  private async call(
    method: string,
    path: string,
    body: unknown,
    what: string,
    contentType = 'application/json',
  ): Promise<unknown> {
    const backoff = new Backoff({ initialMs: this.retryInitialMs, maxMs: this.retryMaxMs });
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send(method, path, body, what, contentType);
      } catch (err) {
        if (attempt >= this.maxAttempts || !isRetryableKubeError(err)) throw toKubeError(err, what);
        const delay = Math.max(backoff.next(), err instanceof KubeApiError ? (err.retryAfterMs ?? 0) : 0);
        this.log.debug({ what, attempt, delay, err: (err as Error).message }, 'retrying API call');
        await sleep(delay);
      }
    }
  }

  private async send(
    method: string,
    path: string,
    body: unknown,
    what: string,
    contentType: string,
  ): Promise<unknown> {
    await this.limiter.acquire();
    const res = await this.http.request(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      contentType,
    );
    if (res.status >= 400) throw KubeApiError.fromResponse(res.status, res.text, what, res.retryAfter);
    return res.text ? JSON.parse(res.text) : {};
  }
}

/** One line of a watch stream; a line that is not an event becomes an `ERROR` event. */
function parseWatchLine(line: string): { type: string; object: unknown } {
  try {
    return JSON.parse(line) as { type: string; object: unknown };
  } catch {
    return { type: 'ERROR', object: { code: 500, message: `malformed watch event: ${line.slice(0, 200)}` } };
  }
}

function apiBase(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

function refOf(obj: KubeObject): ObjectRef {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
  };
}

function describe(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function toKubeError(err: unknown, what: string): Error {
  if (err instanceof KubeApiError) return err;
  const e = err as { statusCode?: number; message?: string };
  if (typeof e.statusCode === 'number')
    return new KubeApiError(e.statusCode, '', `${what}: ${e.message ?? 'failed'}`);
  return new KubeApiError(0, 'Transport', `${what}: ${e.message ?? String(err)}`);
}
