/**
 * Discovery documents: `/version`, `/api` (APIVersions), `/apis` (APIGroupList), group
 * versions (APIResourceList with `name/sub` entries) and aggregated discovery v2
 * (APIGroupDiscoveryList), built from the resource catalog.
 */
import type { JsonObject } from './objects.ts';
import type { ResourceCatalog, ResourceType } from './resource-catalog.ts';

/** Content type of aggregated discovery v2 responses. */
export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether an Accept header asks for aggregated discovery v2 (kubectl and client-go ask first). */
export function wantsAggregated(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some(
      (part) =>
        part.includes('as=APIGroupDiscoveryList') && part.includes('v=v2') && !part.includes('v=v2beta1'),
    );
}

/** The version the double reports, shaped like version.Info. */
export function versionInfo(gitVersion = 'v1.32.13'): JsonObject {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: m?.[1] ?? '1',
    minor: m?.[2] ?? '32',
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.5',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** `/api`. */
export function apiVersions(serverAddress: string): JsonObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `/apis` as an APIGroupList. */
export function apiGroupList(catalog: ResourceCatalog): JsonObject {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: catalog.groups().map((g) => {
      const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
      return { name: g.name, versions, preferredVersion: versions[0] };
    }),
  };
}

function hash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x1b873593;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ text.charCodeAt(i), 2246822519) >>> 0;
  }
  const bytes = [
    h1 >>> 24,
    (h1 >>> 16) & 255,
    (h1 >>> 8) & 255,
    h1 & 255,
    h2 >>> 24,
    (h2 >>> 16) & 255,
    (h2 >>> 8) & 255,
    h2 & 255,
  ];
  return btoa(String.fromCharCode(...bytes));
}

const SUB_VERBS = ['get', 'patch', 'update'];

function resourceEntries(r: ResourceType): JsonObject[] {
  const main: JsonObject = {
    name: r.plural,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
  };
  if (r.shortNames.length > 0) main['shortNames'] = r.shortNames;
  if (r.categories.length > 0) main['categories'] = r.categories;
  main['storageVersionHash'] = hash(`${r.group}/${r.version}/${r.kind}`);
  const subs = r.subresources.map((s) => {
    const e: JsonObject = {
      name: `${r.plural}/${s}`,
      singularName: '',
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: SUB_VERBS,
    };
    if (s === 'scale') Object.assign(e, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
    if (s === 'finalize') e['verbs'] = ['update'];
    return e;
  });
  return [main, ...subs];
}

/** `/api/v1` or `/apis/<group>/<version>` as an APIResourceList. */
export function apiResourceList(catalog: ResourceCatalog, group: string, version: string): JsonObject {
  const resources = catalog
    .all()
    .filter((r) => r.group === group && r.version === version)
    .flatMap(resourceEntries)
    .sort((a, b) => String(a['name']).localeCompare(String(b['name'])));
  // The core group's list carries no apiVersion (as the real server answers); named groups' do.
  const head = group ? { kind: 'APIResourceList', apiVersion: 'v1' } : { kind: 'APIResourceList' };
  return { ...head, groupVersion: group ? `${group}/${version}` : version, resources };
}

function aggregatedResource(r: ResourceType): JsonObject {
  const e: JsonObject = {
    resource: r.plural,
    responseKind: { group: '', version: '', kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length > 0) e['shortNames'] = r.shortNames;
  if (r.categories.length > 0) e['categories'] = r.categories;
  if (r.subresources.length > 0) {
    e['subresources'] = [...r.subresources].sort().map((s) => ({
      subresource: s,
      responseKind:
        s === 'scale'
          ? { group: 'autoscaling', version: 'v1', kind: 'Scale' }
          : { group: '', version: '', kind: r.kind },
      verbs: s === 'finalize' ? ['update'] : SUB_VERBS,
    }));
  }
  return e;
}

/** Aggregated discovery for `/api` (core) or `/apis` (named groups). */
export function aggregatedDiscovery(catalog: ResourceCatalog, core: boolean): JsonObject {
  const groups = core ? [{ name: '', versions: ['v1'] }] : catalog.groups();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => ({
      metadata: core ? { creationTimestamp: null } : { name: g.name, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: catalog
          .all()
          .filter((r) => r.group === g.name && r.version === v)
          .sort((a, b) => a.plural.localeCompare(b.plural))
          .map(aggregatedResource),
        freshness: 'Current',
      })),
    })),
  };
}

/** A strong ETag for a discovery document. */
export function discoveryEtag(body: string): string {
  return `"${hash(body)}"`;
}
