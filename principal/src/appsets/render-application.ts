import { OutpostError } from '@outpost/shared';
import type { Application } from './application.ts';
import type { ApplicationSet, ApplicationTemplate } from './application-set.ts';
import { isPlainObject, type ParamSet } from './flatten.ts';
import type { StringRenderer } from './string-renderer.ts';
import { applyTemplatePatch } from './template-patch.ts';

/** Argo CD's finalizer, added when the template has none (§7.1). */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/**
 * Turns one param set into one Application (§1.3, §7): renders the effective template
 * (every string and every map key, independently), adds the resources finalizer unless
 * the template has finalizers or `syncPolicy.preserveResourcesOnDeletion` is set, applies
 * `templatePatch` if any, and forces `metadata.namespace` to the ApplicationSet's. An
 * empty param set returns the template untouched (no rendering, no finalizer).
 *
 * @throws OutpostError from the template engines (`APPSET_TEMPLATE_PARSE`,
 *   `APPSET_TEMPLATE_EXEC`) or `APPSET_TEMPLATE_PATCH_INVALID`, with the field path in
 *   `location.object` (e.g. `template.spec.source.path`).
 */
export function renderApplication(
  appset: ApplicationSet,
  template: ApplicationTemplate,
  params: ParamSet,
  renderer: StringRenderer,
): Application {
  let app = templateToApplication(template);
  if (Object.keys(params).length > 0) {
    app = renderDeep(app, params, renderer, 'template') as Application;
    const preserve = appset.spec.syncPolicy?.preserveResourcesOnDeletion === true;
    if (!preserve && (app.metadata.finalizers ?? []).length === 0)
      app.metadata.finalizers = [RESOURCES_FINALIZER];
  }
  const patch = appset.spec.templatePatch;
  if (typeof patch === 'string' && patch !== '') {
    let rendered: string;
    try {
      rendered = renderer.render(patch, params);
    } catch (err) {
      throw err instanceof OutpostError
        ? new OutpostError(err.code, `error replacing values in templatePatch: ${err.message}`, {
            cause: err,
            location: { object: 'spec.templatePatch' },
          })
        : err;
    }
    app = applyTemplatePatch(app, rendered);
  }
  const namespace = appset.metadata.namespace;
  if (namespace) app.metadata.namespace = namespace;
  else delete app.metadata.namespace;
  return app;
}

/** `GetTempApplication`: only name, namespace, labels, annotations and finalizers of the metadata survive. */
function templateToApplication(template: ApplicationTemplate): Application {
  const meta = isPlainObject(template.metadata) ? template.metadata : {};
  const metadata: Application['metadata'] = { name: typeof meta.name === 'string' ? meta.name : '' };
  for (const key of ['namespace', 'labels', 'annotations', 'finalizers'] as const) {
    if (meta[key] !== undefined && meta[key] !== null)
      (metadata as Record<string, unknown>)[key] = structuredClone(meta[key]);
  }
  const spec = isPlainObject(template.spec) ? structuredClone(template.spec) : { destination: {} };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata,
    spec: spec as Application['spec'],
  };
}

function renderDeep(value: unknown, params: ParamSet, renderer: StringRenderer, where: string): unknown {
  if (typeof value === 'string') {
    try {
      return renderer.render(value, params);
    } catch (err) {
      throw err instanceof OutpostError ? err.at({ object: where }) : err;
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => renderDeep(v, params, renderer, `${where}[${i}]`));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = renderDeep(k, params, renderer, `${where}.${k}`) as string;
      out[key] = renderDeep(v, params, renderer, `${where}.${k}`);
    }
    return out;
  }
  return value;
}
