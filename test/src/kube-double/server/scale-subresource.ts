/**
 * The `scale` subresource of Deployments, ReplicaSets and StatefulSets (`kubectl scale`,
 * HorizontalPodAutoscalers): reads and writes `spec.replicas` as an `autoscaling/v1` Scale.
 */
import { badRequest } from '../core/api-errors.ts';
import { applyJsonPatch } from '../core/json-patch.ts';
import { applyMergePatch } from '../core/merge-patch.ts';
import type { ObjectApi, WriteOptions } from '../core/object-api.ts';
import { isPlainObject } from '../core/objects.ts';
import type { JsonObject } from '../core/objects.ts';
import type { ResourceType } from '../core/resource-catalog.ts';

function selectorString(spec: JsonObject): string {
  const sel = isPlainObject(spec['selector']) ? spec['selector'] : {};
  const labels = isPlainObject(sel['matchLabels']) ? sel['matchLabels'] : {};
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

/** The Scale view of a workload. */
export function toScale(obj: JsonObject): JsonObject {
  const m = obj['metadata'] as JsonObject;
  const spec = isPlainObject(obj['spec']) ? obj['spec'] : {};
  const status = isPlainObject(obj['status']) ? obj['status'] : {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m['name'],
      namespace: m['namespace'],
      uid: m['uid'],
      resourceVersion: m['resourceVersion'],
      creationTimestamp: m['creationTimestamp'],
    },
    spec: { replicas: spec['replicas'] ?? 1 },
    status: { replicas: status['replicas'] ?? 0, selector: selectorString(spec) },
  };
}

/** Serves GET, PUT and PATCH on `<workload>/scale`. */
export function serveScale(
  api: ObjectApi,
  r: ResourceType,
  namespace: string,
  name: string,
  method: string,
  request: { contentType: string; body: unknown } | undefined,
  opts: WriteOptions,
): { code: number; body: JsonObject } {
  const current = api.get(r, namespace, name);
  if (method === 'GET' || !request) return { code: 200, body: toScale(current) };
  let scale: unknown;
  if (method === 'PUT') scale = request.body;
  else if (request.contentType === 'application/json-patch+json')
    scale = applyJsonPatch(toScale(current), request.body);
  else scale = applyMergePatch(toScale(current), request.body);
  const replicas =
    isPlainObject(scale) && isPlainObject(scale['spec']) ? scale['spec']['replicas'] : undefined;
  if (typeof replicas !== 'number' || replicas < 0)
    throw badRequest('spec.replicas of a Scale must be a non-negative integer');
  const result = api.patch(
    r,
    namespace,
    name,
    { contentType: 'application/merge-patch+json', body: { spec: { replicas } } },
    opts,
  );
  return { code: 200, body: toScale(result.body) };
}
