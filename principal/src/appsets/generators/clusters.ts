import { ErrorCodes } from '@outpost/shared';
import type { ClusterInfo } from '../application.ts';
import { isPlainObject, type ParamSet } from '../flatten.ts';
import { compileLabelSelector } from '../label-selector.ts';
import { sanitizeName } from '../sanitize-name.ts';
import { atGenerator, generatorError, type GeneratorContext } from './generator-context.ts';
import { appendTemplatedValues, readValues } from './values.ts';

/**
 * The clusters generator (§3.2) over the hub's registered clusters. One param set per
 * cluster selected by `selector` (validated like Kubernetes, label values included);
 * duplicate names collapse (the last record wins). Params: `name`, `nameNormalized`,
 * `server`, `project`, labels and annotations (flat `metadata.labels.<k>`; Go
 * `metadata: {labels?, annotations?}`), then rendered `values`. `flatList: true` wraps all
 * sets into one `{clusters: [...]}`.
 *
 * Deviation from Argo CD, on purpose (§0): no synthetic `in-cluster` entry.
 *
 * @throws OutpostError `APPSET_SELECTOR_INVALID` or `APPSET_GENERATOR_FAILED` (inventory).
 */
export async function generateClusters(
  spec: unknown,
  ctx: GeneratorContext,
  path: string,
): Promise<ParamSet[]> {
  if (!isPlainObject(spec)) {
    throw generatorError(ErrorCodes.APPSET_GENERATOR_INVALID, 'clusters generator must be an object', path);
  }
  let selector;
  try {
    selector = compileLabelSelector(spec.selector ?? {}, { validateValues: true });
  } catch (err) {
    throw atGenerator(err, `${path}.selector`);
  }
  const values = readValues(spec.values, path);
  if (!ctx.clusters) {
    throw generatorError(
      ErrorCodes.APPSET_GENERATOR_FAILED,
      'error getting cluster secrets: no cluster inventory',
      path,
      {
        hint: 'pass --clusters FILE',
      },
    );
  }
  let records: readonly ClusterInfo[];
  try {
    records = await ctx.clusters.list();
  } catch (err) {
    throw generatorError(
      ErrorCodes.APPSET_GENERATOR_FAILED,
      `error getting cluster secrets: ${err instanceof Error ? err.message : String(err)}`,
      path,
      { cause: err },
    );
  }
  const byName = new Map<string, ClusterInfo>();
  for (const c of records) {
    if (selector.matches(c.labels ?? {})) byName.set(c.name, c);
  }
  const out: ParamSet[] = [];
  for (const cluster of byName.values()) {
    const params = clusterParams(cluster, ctx.goTemplate);
    appendTemplatedValues(values, params, ctx, path);
    out.push(params);
  }
  if (spec.flatList === true) return [{ clusters: out }];
  return out;
}

function clusterParams(cluster: ClusterInfo, goTemplate: boolean): ParamSet {
  const params: ParamSet = {
    name: cluster.name,
    nameNormalized: sanitizeName(cluster.name),
    server: cluster.server,
    project: cluster.project ?? '',
  };
  const labels = cluster.labels ?? {};
  const annotations = cluster.annotations ?? {};
  if (goTemplate) {
    const meta: Record<string, unknown> = {};
    if (Object.keys(labels).length > 0) meta.labels = { ...labels };
    if (Object.keys(annotations).length > 0) meta.annotations = { ...annotations };
    params.metadata = meta;
  } else {
    for (const [k, v] of Object.entries(labels)) params[`metadata.labels.${k}`] = v;
    for (const [k, v] of Object.entries(annotations)) params[`metadata.annotations.${k}`] = v;
  }
  return params;
}
