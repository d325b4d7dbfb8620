/**
 * Applies an Application's `spec.source.kustomize` options to a kustomization file, with
 * the effect Argo CD gets by running `kustomize edit` before `kustomize build`: set name
 * prefix/suffix, set images, set replicas, add labels and annotations (refusing to
 * overwrite an existing key unless forced), set the namespace, add patches and components.
 * Pure: text in, text out, so the same code works whichever binary builds.
 */
import { parse, stringify } from 'yaml';
import { ErrorCodes, OutpostError } from '@outpost/shared';

/** The Argo CD kustomize options Outpost applies. Other fields are ignored. */
export interface KustomizeOptions {
  namePrefix?: string;
  nameSuffix?: string;
  /** `name=newName:tag`, `name:tag`, `name@digest`, `name=newName`, `name=newName@digest`. */
  images?: string[];
  replicas?: { name: string; count: number | string }[];
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
  forceCommonLabels?: boolean;
  forceCommonAnnotations?: boolean;
  /** Adds `commonLabels` to metadata only, not to selectors (kustomize `labels`). */
  labelWithoutSelector?: boolean;
  /** With `labelWithoutSelector`, also label pod templates. */
  labelIncludeTemplates?: boolean;
  namespace?: string;
  patches?: Record<string, unknown>[];
  components?: string[];
}

/** One entry of a kustomization's `images` list. */
export interface KustomizeImage {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

function splitRef(ref: string): { name: string; tag?: string; digest?: string } {
  const at = ref.indexOf('@');
  if (at >= 0) return { name: ref.slice(0, at), digest: ref.slice(at + 1) };
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) return { name: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { name: ref };
}

/** Parses one `images` option the way `kustomize edit set image` reads its argument. */
export function parseImageOverride(value: string): KustomizeImage {
  const eq = value.indexOf('=');
  if (eq >= 0) {
    const target = splitRef(value.slice(eq + 1));
    return {
      name: value.slice(0, eq),
      ...(target.name && target.name !== '*' ? { newName: target.name } : {}),
      ...(target.tag !== undefined ? { newTag: target.tag } : {}),
      ...(target.digest !== undefined ? { digest: target.digest } : {}),
    };
  }
  const ref = splitRef(value);
  return {
    name: ref.name,
    ...(ref.tag !== undefined ? { newTag: ref.tag } : {}),
    ...(ref.digest !== undefined ? { digest: ref.digest } : {}),
  };
}

function mergeImage(images: KustomizeImage[], override: KustomizeImage): void {
  const existing = images.find((i) => i.name === override.name);
  if (!existing) {
    images.push(override);
    return;
  }
  if (override.newName) existing.newName = override.newName;
  if (override.newTag !== undefined) {
    existing.newTag = override.newTag;
    delete existing.digest;
  }
  if (override.digest !== undefined) {
    existing.digest = override.digest;
    delete existing.newTag;
  }
}

function addPairs(
  target: Record<string, unknown>,
  pairs: Record<string, string>,
  force: boolean,
  what: string,
  file: string,
): void {
  for (const [k, v] of Object.entries(pairs)) {
    if (!force && k in target) {
      throw new OutpostError(
        ErrorCodes.RENDER_KUSTOMIZE_FAILED,
        `${what} ${JSON.stringify(k)} already in kustomization file`,
        {
          location: { file },
          hint: `set force${what === 'label' ? 'CommonLabels' : 'CommonAnnotations'}: true to overwrite it`,
        },
      );
    }
    target[k] = String(v);
  }
}

function asMap(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? { ...(v as Record<string, unknown>) }
    : {};
}

function asList<T>(v: unknown): T[] {
  return Array.isArray(v) ? ([...v] as T[]) : [];
}

/** True when no option would change the kustomization. */
export function hasKustomizeEdits(o: KustomizeOptions | undefined): boolean {
  if (!o) return false;
  return Boolean(
    o.namePrefix ||
    o.nameSuffix ||
    o.images?.length ||
    o.replicas?.length ||
    Object.keys(o.commonLabels ?? {}).length ||
    Object.keys(o.commonAnnotations ?? {}).length ||
    o.namespace ||
    o.patches?.length ||
    o.components?.length,
  );
}

/**
 * Returns the kustomization text with the options applied.
 *
 * @param file repo-relative path of the kustomization, for errors.
 * @throws OutpostError RENDER_KUSTOMIZE_FAILED when the file is not a mapping, or a label
 *   or annotation already exists and is not forced.
 */
export function applyKustomizeOptions(text: string, options: KustomizeOptions, file: string): string {
  let k: Record<string, unknown>;
  try {
    k = asMap(parse(text) ?? {});
  } catch (e) {
    throw new OutpostError(
      ErrorCodes.RENDER_KUSTOMIZE_FAILED,
      `cannot parse kustomization: ${(e as Error).message}`,
      {
        location: { file },
        cause: e,
      },
    );
  }
  if (options.namePrefix) k.namePrefix = options.namePrefix;
  if (options.nameSuffix) k.nameSuffix = options.nameSuffix;
  if (options.images?.length) {
    const images = asList<KustomizeImage>(k.images).map((i) => ({ ...i }));
    for (const image of options.images) mergeImage(images, parseImageOverride(image));
    k.images = images;
  }
  if (options.replicas?.length) {
    const replicas = asList<{ name: string; count: number }>(k.replicas).filter(
      (r) => !options.replicas?.some((o) => o.name === r.name),
    );
    for (const r of options.replicas) replicas.push({ name: r.name, count: Number(r.count) });
    k.replicas = replicas;
  }
  const labels = options.commonLabels ?? {};
  if (Object.keys(labels).length > 0) {
    if (options.labelWithoutSelector) {
      const entry: Record<string, unknown> = { pairs: { ...labels } };
      if (options.labelIncludeTemplates) entry.includeTemplates = true;
      k.labels = [...asList(k.labels), entry];
    } else {
      const common = asMap(k.commonLabels);
      addPairs(common, labels, Boolean(options.forceCommonLabels), 'label', file);
      k.commonLabels = common;
    }
  }
  const annotations = options.commonAnnotations ?? {};
  if (Object.keys(annotations).length > 0) {
    const common = asMap(k.commonAnnotations);
    addPairs(common, annotations, Boolean(options.forceCommonAnnotations), 'annotation', file);
    k.commonAnnotations = common;
  }
  if (options.namespace) k.namespace = options.namespace;
  if (options.patches?.length) k.patches = [...asList(k.patches), ...options.patches];
  if (options.components?.length) {
    const components = asList<string>(k.components);
    for (const c of options.components) if (!components.includes(c)) components.push(c);
    k.components = components;
  }
  return stringify(k);
}
