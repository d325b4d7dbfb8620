/**
 * A minimal OpenAPI v3 surface: the root index and, per group version, the PATCH operations
 * with their `x-kubernetes-group-version-kind` and the `fieldValidation` parameter. That is
 * what kubectl reads to decide that the server validates fields itself (so it sends
 * `fieldValidation=Strict` rather than downloading schemas for client-side validation).
 */
import type { JsonObject } from '../core/objects.ts';
import type { ResourceCatalog } from '../core/resource-catalog.ts';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** `/openapi/v3`: the index of group-version documents. */
export function openApiRoot(catalog: ResourceCatalog): JsonObject {
  const paths: JsonObject = {};
  const seen = new Set<string>();
  for (const r of catalog.all()) {
    const p = gvPath(r.group, r.version);
    if (seen.has(p)) continue;
    seen.add(p);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}` };
  }
  return { paths };
}

const PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string' },
}));

/** `/openapi/v3/<gv>`: PATCH operations per resource; undefined for an unknown group version. */
export function openApiGroupVersion(catalog: ResourceCatalog, path: string): JsonObject | undefined {
  const resources = catalog.all().filter((r) => gvPath(r.group, r.version) === path);
  if (resources.length === 0) return undefined;
  const paths: JsonObject = {};
  for (const r of resources) {
    const base = `/${path}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}/{name}`;
    paths[base] = {
      parameters: PARAMS,
      patch: {
        operationId: `patch${r.kind}`,
        parameters: PARAMS,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.13' },
    paths,
    components: { schemas: {} },
  };
}
