/**
 * Maps a request path to what it addresses: a discovery document or a resource (group,
 * version, plural, namespace, name, subresource), the way the apiserver's router does.
 */

/** A resource request. */
export interface ResourceRoute {
  type: 'resource';
  group: string;
  version: string;
  plural: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** What a path addresses. */
export type Route =
  | { type: 'version' }
  | { type: 'health' }
  | { type: 'api' }
  | { type: 'apis' }
  | { type: 'group'; group: string }
  | { type: 'groupVersion'; group: string; version: string }
  | { type: 'openapi'; path: string }
  | ResourceRoute
  | { type: 'unknown' };

/** Parses a request path (without query and without any cluster prefix). */
export function parseRoute(path: string): Route {
  const segs = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  if (segs.length === 0) return { type: 'unknown' };
  const [head, ...rest] = segs;
  if (head === 'version' && rest.length === 0) return { type: 'version' };
  if ((head === 'healthz' || head === 'readyz' || head === 'livez') && rest.length <= 1)
    return { type: 'health' };
  if (head === 'openapi') return { type: 'openapi', path: rest.join('/') };
  if (head === 'api') {
    if (rest.length === 0) return { type: 'api' };
    const [version = '', ...tail] = rest;
    if (tail.length === 0) return { type: 'groupVersion', group: '', version };
    return resourceRoute('', version, tail);
  }
  if (head === 'apis') {
    if (rest.length === 0) return { type: 'apis' };
    const [group = '', version, ...tail] = rest;
    if (version === undefined) return { type: 'group', group };
    if (tail.length === 0) return { type: 'groupVersion', group, version };
    return resourceRoute(group, version, tail);
  }
  return { type: 'unknown' };
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function resourceRoute(group: string, version: string, tail: string[]): Route {
  const route: ResourceRoute = { type: 'resource', group, version, plural: '' };
  let parts = tail;
  if (
    parts[0] === 'namespaces' &&
    parts.length >= 3 &&
    !(parts.length === 3 && NAMESPACE_SUBRESOURCES.has(parts[2] ?? ''))
  ) {
    route.namespace = parts[1];
    parts = parts.slice(2);
  }
  if (parts.length > 3) return { type: 'unknown' };
  const [plural = '', name, subresource] = parts;
  route.plural = plural;
  if (name !== undefined) route.name = name;
  if (subresource !== undefined) route.subresource = subresource;
  return route;
}
