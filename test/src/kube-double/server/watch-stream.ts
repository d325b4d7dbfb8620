/**
 * WATCH over HTTP: newline-delimited JSON events `{type, object}` from a resourceVersion,
 * initial ADDED events (no resourceVersion, `0`, or `sendInitialEvents=true` followed by a
 * BOOKMARK annotated `k8s.io/initial-events-end`), periodic BOOKMARKs when allowed, a 410
 * Expired ERROR event (with HTTP 200) when the history no longer reaches back, and a silent
 * end at `timeoutSeconds`.
 */
import type { ServerResponse } from 'node:http';
import { compileFilter, toTable, wantsTable } from '../core/list-query.ts';
import { ResourceExpiredError } from '../core/object-store.ts';
import type { StoreEvent } from '../core/object-store.ts';
import { meta } from '../core/objects.ts';
import type { JsonObject } from '../core/objects.ts';
import { apiVersionOf, resourceKey } from '../core/resource-catalog.ts';
import type { ResourceType } from '../core/resource-catalog.ts';
import type { KubeCluster } from '../kube-cluster.ts';

/** Query parameters of a watch. */
export interface WatchQuery {
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
}

/** Serves one watch on `res` until the timeout, the client leaving, or a 410. */
export function serveWatch(
  cluster: KubeCluster,
  r: ResourceType,
  namespace: string | undefined,
  q: WatchQuery,
  accept: string | undefined,
  res: ServerResponse,
): void {
  const match = compileFilter(q, r.kind);
  const key = resourceKey(r);
  const table = wantsTable(accept);
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  const write = (type: string, object: JsonObject) => {
    const payload = table && type !== 'BOOKMARK' && type !== 'ERROR' ? tableOf(cluster, r, object) : object;
    res.write(`${JSON.stringify({ type, object: payload })}\n`);
  };
  const bookmark = (annotations?: Record<string, string>) => {
    const m: JsonObject = { resourceVersion: String(cluster.store.resourceVersion), creationTimestamp: null };
    if (annotations) m['annotations'] = annotations;
    write('BOOKMARK', { kind: r.kind, apiVersion: apiVersionOf(r), metadata: m });
  };
  const inScope = (o: JsonObject) => namespace === undefined || meta(o)['namespace'] === namespace;
  const selected = (o: JsonObject | undefined) => o !== undefined && inScope(o) && match(o);
  const onEvent = (e: StoreEvent) => {
    if (e.resource !== key) return;
    const now = selected(e.object);
    if (e.type !== 'MODIFIED') {
      if (now) write(e.type, cluster.api.present(r, e.object));
      return;
    }
    // An object entering or leaving a selected set is ADDED or DELETED for this watch, as the
    // real watch cache reports it.
    const before = selected(e.previous);
    if (now) write(before ? 'MODIFIED' : 'ADDED', cluster.api.present(r, e.object));
    else if (before) write('DELETED', cluster.api.present(r, e.object));
  };

  let unsubscribe: () => void = () => undefined;
  const rv = q.resourceVersion;
  const initial = q.sendInitialEvents === true || rv === undefined || rv === '' || rv === '0';
  try {
    if (initial) {
      const from = cluster.store.resourceVersion;
      for (const o of cluster.store.list(key, namespace))
        if (match(o)) write('ADDED', cluster.api.present(r, o));
      if (q.sendInitialEvents && q.allowWatchBookmarks) {
        const blueprint = JSON.stringify({
          kind: `${r.kind}List`,
          apiVersion: apiVersionOf(r),
          metadata: {},
          items: null,
        });
        bookmark({
          'k8s.io/initial-events-end': 'true',
          'kubernetes.io/initial-events-list-blueprint': btoa(`${blueprint}\n`),
        });
      }
      unsubscribe = cluster.store.watchFrom(from, onEvent);
    } else {
      unsubscribe = cluster.store.watchFrom(Number(rv), onEvent);
    }
  } catch (e) {
    if (!(e instanceof ResourceExpiredError)) throw e;
    write('ERROR', {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: e.message,
      reason: 'Expired',
      code: 410,
    });
    res.end();
    return;
  }

  const timers: ReturnType<typeof setTimeout>[] = [];
  const stop = () => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
  };
  if (q.allowWatchBookmarks) {
    timers.push(setInterval(() => bookmark(), cluster.options.bookmarkIntervalMs));
  }
  const timeoutMs = q.timeoutSeconds !== undefined ? q.timeoutSeconds * 1000 : cluster.options.watchTimeoutMs;
  timers.push(
    setTimeout(() => {
      if (q.allowWatchBookmarks) bookmark();
      stop();
      res.end();
    }, timeoutMs),
  );
  res.on('close', stop);
}

function tableOf(cluster: KubeCluster, r: ResourceType, object: JsonObject): JsonObject {
  const t = toTable(r.kind, [object], String(meta(object)['resourceVersion'] ?? ''), cluster.options.now());
  return t;
}
