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
  const shell = templateToApplication(template);
  let app: Application;
  if (Object.keys(params).length === 0) {
    app = structuredClone(shell);
  } else {
    app = renderTree(shell, params, renderer);
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

/**
 * `GetTempApplication`: only name, namespace, labels, annotations and finalizers of the
 * metadata survive. Shares structure with the template: copy before mutating.
 */
function templateToApplication(template: ApplicationTemplate): Application {
  const meta = isPlainObject(template.metadata) ? template.metadata : {};
  const metadata: Application['metadata'] = { name: typeof meta.name === 'string' ? meta.name : '' };
  for (const key of ['namespace', 'labels', 'annotations', 'finalizers'] as const) {
    if (meta[key] !== undefined && meta[key] !== null) (metadata as Record<string, unknown>)[key] = meta[key];
  }
  const spec = isPlainObject(template.spec) ? template.spec : { destination: {} };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata,
    spec: spec as Application['spec'],
  };
}

/**
 * A rendered copy of `app`: every string and map key rendered. The path of the field being
 * rendered is kept on a stack and only joined into text when a template fails.
 */
function renderTree(app: Application, params: ParamSet, renderer: StringRenderer): Application {
  const where: (string | number)[] = [];
  const render = (text: string): string => {
    if (!text.includes('{{')) return text;
    try {
      return renderer.render(text, params);
    } catch (err) {
      if (!(err instanceof OutpostError)) throw err;
      throw err.at({
        object: `template${where.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')}`,
      });
    }
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return render(value);
    if (Array.isArray(value)) {
      const out = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        where.push(i);
        out[i] = walk(value[i]);
        where.pop();
      }
      return out;
    }
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const k in value) {
        where.push(k);
        out[render(k)] = walk(value[k]);
        where.pop();
      }
      return out;
    }
    return value;
  };
  return walk(app) as Application;
}
