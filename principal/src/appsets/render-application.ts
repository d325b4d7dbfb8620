import { OutpostError } from '@outpost/shared';
import type { Application } from './application.ts';
import type { ApplicationSet, ApplicationTemplate } from './application-set.ts';
import { isPlainObject, type ParamSet } from './flatten.ts';
import type { StringRenderer } from './string-renderer.ts';
import { applyTemplatePatch } from './template-patch.ts';

/** Argo CD's finalizer, added when the template has none (§7.1). */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** An ApplicationSet template prepared for rendering many param sets. */
export interface CompiledTemplate {
  /**
   * Turns one param set into one Application (§1.3, §7): renders the effective template
   * (every string and every map key, independently), adds the resources finalizer unless
   * the template has finalizers or `syncPolicy.preserveResourcesOnDeletion` is set,
   * applies `templatePatch` if any, and forces `metadata.namespace` to the
   * ApplicationSet's. An empty param set returns the template untouched (no rendering, no
   * finalizer).
   *
   * Parts of the template without any `{{` are shared, frozen, between the Applications
   * rendered from it: treat Applications as immutable.
   *
   * @throws OutpostError from the template engines (`APPSET_TEMPLATE_PARSE`,
   *   `APPSET_TEMPLATE_EXEC`) or `APPSET_TEMPLATE_PATCH_INVALID`, with the field path in
   *   `location.object` (e.g. `template.spec.source.path`).
   */
  render(params: ParamSet): Application;
}

/**
 * Prepares `template` (an effective template, §1.3) of `appset` for rendering: strings
 * without `{{` and subtrees made only of them are found once, not per param set.
 */
export function compileApplicationTemplate(
  appset: ApplicationSet,
  template: ApplicationTemplate,
  renderer: StringRenderer,
): CompiledTemplate {
  const shell = templateToApplication(template);
  const plan = compileNode(shell, 'template', renderer);
  const preserve = appset.spec.syncPolicy?.preserveResourcesOnDeletion === true;
  const patch = appset.spec.templatePatch;
  const namespace = appset.metadata.namespace;
  return {
    render(params) {
      let app: Application;
      if (Object.keys(params).length === 0) {
        app = structuredClone(shell);
      } else {
        const rendered = (plan.dynamic ? plan.render(params) : plan.value) as Application;
        app = { ...rendered, metadata: { ...rendered.metadata } };
        if (!preserve && (app.metadata.finalizers ?? []).length === 0)
          app.metadata.finalizers = [RESOURCES_FINALIZER];
      }
      if (typeof patch === 'string' && patch !== '') {
        app = applyTemplatePatch(app, renderPatch(patch, params, renderer));
        app = { ...app, metadata: { ...app.metadata } };
      }
      if (namespace) app.metadata.namespace = namespace;
      else delete app.metadata.namespace;
      return app;
    },
  };
}

/** Renders one param set with a template compiled on the spot (see {@link CompiledTemplate.render}). */
export function renderApplication(
  appset: ApplicationSet,
  template: ApplicationTemplate,
  params: ParamSet,
  renderer: StringRenderer,
): Application {
  return compileApplicationTemplate(appset, template, renderer).render(params);
}

function renderPatch(patch: string, params: ParamSet, renderer: StringRenderer): string {
  try {
    return renderer.render(patch, params);
  } catch (err) {
    throw err instanceof OutpostError
      ? new OutpostError(err.code, `error replacing values in templatePatch: ${err.message}`, {
          cause: err,
          location: { object: 'spec.templatePatch' },
        })
      : err;
  }
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

type Plan = { dynamic: false; value: unknown } | { dynamic: true; render: (params: ParamSet) => unknown };

/**
 * Compiles a template value: a string with `{{` renders per param set; objects and arrays
 * holding one are rebuilt per param set; everything else is copied once, frozen and shared.
 */
function compileNode(value: unknown, where: string, renderer: StringRenderer): Plan {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return { dynamic: false, value };
    const compiled = renderer.compile(value);
    return { dynamic: true, render: (params) => renderAt(compiled, params, where) };
  }
  if (Array.isArray(value)) {
    const items = value.map((v, i) => compileNode(v, `${where}[${i}]`, renderer));
    if (!items.some((p) => p.dynamic)) return { dynamic: false, value: deepFreeze(structuredClone(value)) };
    return { dynamic: true, render: (params) => items.map((p) => (p.dynamic ? p.render(params) : p.value)) };
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => ({
      key: k,
      compiledKey: k.includes('{{') ? renderer.compile(k) : undefined,
      plan: compileNode(v, `${where}.${k}`, renderer),
      where: `${where}.${k}`,
    }));
    if (!entries.some((e) => e.compiledKey || e.plan.dynamic)) {
      return { dynamic: false, value: deepFreeze(structuredClone(value)) };
    }
    return {
      dynamic: true,
      render: (params) => {
        const out: Record<string, unknown> = {};
        for (const e of entries) {
          const key = e.compiledKey ? renderAt(e.compiledKey, params, e.where) : e.key;
          out[key] = e.plan.dynamic ? e.plan.render(params) : e.plan.value;
        }
        return out;
      },
    };
  }
  return { dynamic: false, value };
}

function renderAt(compiled: (params: ParamSet) => string, params: ParamSet, where: string): string {
  try {
    return compiled(params);
  } catch (err) {
    throw err instanceof OutpostError ? err.at({ object: where }) : err;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
