import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { Application } from './application.ts';
import { isPlainObject } from './flatten.ts';
import { parseYamlLikeGo } from './yaml-like-go.ts';

/**
 * Applies a rendered `templatePatch` to a generated Application (§7.6): the text is JSON
 * when it trims to something starting with `{`, YAML otherwise; it must be an object and
 * is applied as a strategic merge patch (maps merged key by key, `null` deletes a key,
 * `$patch: replace|delete` honoured, lists replaced except `metadata.finalizers`, which
 * Kubernetes merges). `spec.project` is then restored from the unpatched Application.
 *
 * @throws OutpostError `APPSET_TEMPLATE_PATCH_INVALID`.
 */
export function applyTemplatePatch(app: Application, patchText: string): Application {
  let patch: unknown;
  const trimmed = patchText.trim();
  if (trimmed.startsWith('{')) {
    try {
      patch = JSON.parse(trimmed);
    } catch (err) {
      throw invalid(`error converting templatePatch to JSON: ${(err as Error).message}`);
    }
  } else {
    const parsed = parseYamlLikeGo(patchText);
    if (!parsed.ok) {
      const at = parsed.problem.line !== undefined ? ` at line ${parsed.problem.line}` : '';
      throw invalid(`error converting templatePatch YAML to JSON${at}: ${parsed.problem.message}`);
    }
    patch = parsed.value;
  }
  if (patch === null) patch = {};
  if (!isPlainObject(patch)) throw invalid('templatePatch must render to an object');
  for (const field of ['metadata', 'spec'] as const) {
    if (patch[field] !== undefined && patch[field] !== null && !isPlainObject(patch[field])) {
      throw invalid(`templatePatch ${field} must be an object, got ${JSON.stringify(patch[field])}`);
    }
  }
  const patched = strategicMerge(app, patch, []) as Application;
  patched.metadata ??= { name: '' };
  const spec = { ...(patched.spec ?? { destination: {} }) };
  if (app.spec.project === undefined) delete spec.project;
  else spec.project = app.spec.project;
  patched.spec = spec;
  return patched;
}

const MERGED_LISTS = new Set(['metadata.finalizers']);

function strategicMerge(original: unknown, patch: unknown, path: string[]): unknown {
  if (!isPlainObject(patch)) {
    if (Array.isArray(patch) && Array.isArray(original) && MERGED_LISTS.has(path.join('.'))) {
      return [...original, ...patch.filter((p) => !original.includes(p))];
    }
    return patch;
  }
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  const base = directive === 'replace' || !isPlainObject(original) ? {} : { ...original };
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k.startsWith('$retainKeys') || k.startsWith('$setElementOrder')) continue;
    if (v === null) {
      delete base[k];
      continue;
    }
    const merged = strategicMerge(base[k], v, [...path, k]);
    if (merged === undefined) delete base[k];
    else base[k] = merged;
  }
  return base;
}

function invalid(message: string): OutpostError {
  return new OutpostError(ErrorCodes.APPSET_TEMPLATE_PATCH_INVALID, message, {
    hint: 'templatePatch must render to a YAML or JSON object shaped like an Application',
  });
}
