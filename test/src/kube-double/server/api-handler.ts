/**
 * The thin HTTP layer of a simulated cluster: reads the request, applies injected faults and
 * the rate limit, routes to discovery, the verbs of ObjectApi or a watch, and writes JSON
 * answers (`kind: Status` on failure) with the real server's headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, methodNotAllowed, unknownResource, unsupportedMediaType } from '../core/api-errors.ts';
import {
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroupList,
  apiResourceList,
  apiVersions,
  discoveryEtag,
  versionInfo,
  wantsAggregated,
} from '../core/discovery.ts';
import { toTable, wantsTable } from '../core/list-query.ts';
import { PATCH_TYPES } from '../core/object-api.ts';
import type { WriteOptions, WriteResult } from '../core/object-api.ts';
import { isPlainObject } from '../core/objects.ts';
import type { JsonObject } from '../core/objects.ts';
import { apiVersionOf } from '../core/resource-catalog.ts';
import type { ResourceType } from '../core/resource-catalog.ts';
import type { KubeCluster } from '../kube-cluster.ts';
import { openApiGroupVersion, openApiRoot } from './openapi.ts';
import { parseApplyBody, parseJson, readBody } from './request-body.ts';
import { parseRoute } from './request-route.ts';
import type { ResourceRoute } from './request-route.ts';
import { serveScale } from './scale-subresource.ts';
import { serveWatch } from './watch-stream.ts';

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' };

function send(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { ...JSON_HEADERS, ...headers, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, e: ApiError): void {
  send(res, e.code, e.status, e.headers);
}

function pageNotFound(res: ServerResponse): void {
  const text = '404 page not found\n';
  res.writeHead(404, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

function verbOf(method: string, route: ResourceRoute, watch: boolean): string {
  switch (method) {
    case 'GET':
      return route.name === undefined ? (watch ? 'watch' : 'list') : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name === undefined ? 'deletecollection' : 'delete';
    default:
      return method.toLowerCase();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Serves one request for `cluster`; `path` has any host prefix already removed. */
export async function handleApiRequest(
  cluster: KubeCluster,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  serverAddress: string,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const accept = req.headers['accept'];
  const route = parseRoute(path);
  const watch = query.get('watch') === 'true' || query.get('watch') === '1';
  const verb = route.type === 'resource' ? verbOf(method, route, watch) : 'discovery';
  const resource = route.type === 'resource' ? route.plural : '';
  cluster.countRequest(verb, resource);
  try {
    const decision = cluster.faults.decide({
      method,
      verb,
      resource,
      group: route.type === 'resource' ? route.group : '',
      ...(route.type === 'resource' && route.subresource ? { subresource: route.subresource } : {}),
    });
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.error) throw decision.error;
    switch (route.type) {
      case 'version':
        return send(res, 200, versionInfo(cluster.options.gitVersion));
      case 'health':
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        return void res.end('ok');
      case 'api':
      case 'apis': {
        const core = route.type === 'api';
        if (wantsAggregated(accept)) {
          const text = JSON.stringify(aggregatedDiscovery(cluster.catalog, core));
          res.writeHead(200, {
            'Content-Type': AGGREGATED_CONTENT_TYPE,
            'Cache-Control': 'public',
            Etag: discoveryEtag(text),
            Vary: 'Accept',
            'Content-Length': Buffer.byteLength(text),
          });
          return void res.end(text);
        }
        return send(res, 200, core ? apiVersions(serverAddress) : apiGroupList(cluster.catalog));
      }
      case 'group': {
        const g = cluster.catalog.groups().find((x) => x.name === route.group);
        if (!g) return pageNotFound(res);
        const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
        return send(res, 200, {
          kind: 'APIGroup',
          apiVersion: 'v1',
          name: g.name,
          versions,
          preferredVersion: versions[0],
        });
      }
      case 'groupVersion':
        if (!cluster.catalog.servesGroupVersion(route.group, route.version)) return pageNotFound(res);
        return send(res, 200, apiResourceList(cluster.catalog, route.group, route.version));
      case 'openapi': {
        if (route.path === 'v3') return send(res, 200, openApiRoot(cluster.catalog));
        const doc = route.path.startsWith('v3/')
          ? openApiGroupVersion(cluster.catalog, route.path.slice(3))
          : undefined;
        return doc ? send(res, 200, doc) : pageNotFound(res);
      }
      case 'resource':
        return await handleResource(cluster, req, res, route, method, query, watch);
      default:
        return pageNotFound(res);
    }
  } catch (e) {
    if (e instanceof ApiError) {
      if (!res.headersSent) sendError(res, e);
      else res.end();
      return;
    }
    if (!res.headersSent)
      send(res, 500, new ApiError(500, 'InternalError', String((e as Error)?.message ?? e)).status);
    else res.end();
  }
}

function writeOptions(req: IncomingMessage, query: URLSearchParams, body?: JsonObject): WriteOptions {
  const opts: WriteOptions = {};
  const dryRun = query.getAll('dryRun');
  const bodyDry = body?.['dryRun'];
  if (dryRun.includes('All') || (Array.isArray(bodyDry) && bodyDry.includes('All'))) opts.dryRun = true;
  const fm = query.get('fieldManager');
  if (fm) opts.fieldManager = fm;
  const ua = req.headers['user-agent'];
  if (ua) opts.userAgent = ua;
  if (query.get('force') === 'true') opts.force = true;
  const validation = query.get('fieldValidation');
  if (validation) opts.fieldValidation = validation;
  return opts;
}

function sendWrite(res: ServerResponse, result: WriteResult): void {
  const headers: Record<string, string | string[]> = {};
  if (result.warnings.length > 0) {
    headers['Warning'] = result.warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  }
  send(res, result.code, result.body, headers);
}

async function handleResource(
  cluster: KubeCluster,
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  method: string,
  query: URLSearchParams,
  watch: boolean,
): Promise<void> {
  if (!cluster.catalog.servesGroupVersion(route.group, route.version)) return pageNotFound(res);
  const r = cluster.catalog.find(route.group, route.version, route.plural);
  if (!r) throw unknownResource();
  if (route.namespace !== undefined && !r.namespaced) throw unknownResource();
  if (route.subresource !== undefined && !r.subresources.includes(route.subresource)) throw unknownResource();
  const ns = route.namespace ?? '';
  const name = route.name;
  const accept = req.headers['accept'];

  if (name === undefined) {
    if (method === 'GET') {
      const filter = {
        ...(query.get('labelSelector') ? { labelSelector: query.get('labelSelector') as string } : {}),
        ...(query.get('fieldSelector') ? { fieldSelector: query.get('fieldSelector') as string } : {}),
      };
      if (watch) {
        const timeout = query.get('timeoutSeconds');
        return serveWatch(
          cluster,
          r,
          route.namespace,
          {
            ...filter,
            ...(query.has('resourceVersion')
              ? { resourceVersion: query.get('resourceVersion') as string }
              : {}),
            allowWatchBookmarks: query.get('allowWatchBookmarks') === 'true',
            sendInitialEvents: query.get('sendInitialEvents') === 'true',
            ...(timeout ? { timeoutSeconds: Number(timeout) } : {}),
          },
          accept,
          res,
        );
      }
      const limit = Number(query.get('limit') ?? 0) || undefined;
      const page = cluster.api.list(r, route.namespace, filter, limit, query.get('continue') ?? undefined);
      if (wantsTable(accept)) {
        return send(
          res,
          200,
          toTable(r.kind, page.items, page.resourceVersion, cluster.options.now(), page.continue),
        );
      }
      const metadata: JsonObject = { resourceVersion: page.resourceVersion };
      if (page.continue) metadata['continue'] = page.continue;
      if (page.remainingItemCount !== undefined) metadata['remainingItemCount'] = page.remainingItemCount;
      return send(res, 200, {
        kind: `${r.kind}List`,
        apiVersion: apiVersionOf(r),
        metadata,
        items: page.items,
      });
    }
    if (method === 'POST') {
      if (r.namespaced && route.namespace === undefined) throw methodNotAllowed();
      const text = await readBody(req);
      const body = parseJson(text, r.kind);
      return sendWrite(res, cluster.api.create(r, ns, body, writeOptions(req, query)));
    }
    if (method === 'DELETE') return deleteCollection(cluster, r, route, query, res);
    throw methodNotAllowed();
  }

  if (r.namespaced && route.namespace === undefined) throw unknownResource();
  const sub = route.subresource === 'status' ? 'status' : undefined;
  if (route.subresource === 'scale') {
    const contentType =
      String(req.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    const text = method === 'GET' ? '' : await readBody(req);
    const request = text ? { contentType, body: parseJson(text, 'Scale') } : undefined;
    const out = serveScale(cluster.api, r, ns, name, method, request, writeOptions(req, query));
    return send(res, out.code, out.body);
  }
  switch (method) {
    case 'GET': {
      const obj = cluster.api.get(r, ns, name);
      if (wantsTable(accept))
        return send(
          res,
          200,
          toTable(
            r.kind,
            [obj],
            String((obj['metadata'] as JsonObject)['resourceVersion']),
            cluster.options.now(),
          ),
        );
      return send(res, 200, obj);
    }
    case 'PUT': {
      const body = parseJson(await readBody(req), r.kind);
      return sendWrite(res, cluster.api.replace(r, ns, name, body, writeOptions(req, query), sub));
    }
    case 'PATCH': {
      const contentType =
        String(req.headers['content-type'] ?? '')
          .split(';')[0]
          ?.trim() ?? '';
      if (!(PATCH_TYPES as readonly string[]).includes(contentType)) throw unsupportedMediaType();
      const text = await readBody(req);
      const body =
        contentType === 'application/apply-patch+yaml' ? parseApplyBody(text) : parseJson(text, r.kind);
      return sendWrite(
        res,
        cluster.api.patch(r, ns, name, { contentType, body }, writeOptions(req, query), sub),
      );
    }
    case 'DELETE': {
      const text = await readBody(req);
      const body = text.trim() ? parseJson(text, 'DeleteOptions') : {};
      const opts = isPlainObject(body) ? body : {};
      const policy =
        query.get('propagationPolicy') ??
        (typeof opts['propagationPolicy'] === 'string' ? opts['propagationPolicy'] : undefined);
      const wo = writeOptions(req, query, opts);
      return sendWrite(
        res,
        cluster.api.delete(r, ns, name, {
          ...(wo.dryRun ? { dryRun: true } : {}),
          ...(policy ? { propagationPolicy: policy } : {}),
          ...(isPlainObject(opts['preconditions'])
            ? { preconditions: opts['preconditions'] as { uid?: string } }
            : {}),
        }),
      );
    }
    default:
      throw methodNotAllowed();
  }
}

function deleteCollection(
  cluster: KubeCluster,
  r: ResourceType,
  route: ResourceRoute,
  query: URLSearchParams,
  res: ServerResponse,
): void {
  const filter = {
    ...(query.get('labelSelector') ? { labelSelector: query.get('labelSelector') as string } : {}),
    ...(query.get('fieldSelector') ? { fieldSelector: query.get('fieldSelector') as string } : {}),
  };
  const page = cluster.api.list(r, route.namespace, filter);
  const items: JsonObject[] = [];
  for (const o of page.items) {
    const m = o['metadata'] as JsonObject;
    const out = cluster.api.delete(r, String(m['namespace'] ?? ''), String(m['name']), {});
    if (out.body['kind'] !== 'Status') items.push(out.body);
  }
  send(res, 200, {
    kind: `${r.kind}List`,
    apiVersion: apiVersionOf(r),
    metadata: { resourceVersion: String(cluster.store.resourceVersion) },
    items,
  });
}
