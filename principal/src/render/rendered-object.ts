/**
 * The output of rendering: each object with its canonical JSON and sha256 digest (what the
 * wire carries and the agent stores by), its key on the cluster and where it came from.
 */
import { digestObject } from '@outpost/shared';
import { describeKey, manifestError, objectKey } from './core/manifest.ts';
import type { KubeObject, ManifestSource, ObjectKey, SourcedObject } from './core/manifest.ts';
import type { SourceType } from './core/source-type.ts';

/** One rendered object. Shared between callers through the cache: never mutate it. */
export interface RenderedObject {
  /** `sha256:<hex>` of `canonical`. */
  readonly digest: string;
  /** Canonical JSON (sorted keys, no whitespace) of `object`. */
  readonly canonical: string;
  /** The object, deeply frozen. */
  readonly object: Readonly<KubeObject>;
  /** Repo-relative file (and line for plain manifests) it was rendered from. */
  readonly source: Readonly<ManifestSource>;
  readonly key: Readonly<ObjectKey>;
}

/** Everything one Application source renders to at one commit. */
export interface RenderResult {
  readonly repoURL: string;
  readonly commit: string;
  /** Normalised app path ('' for the repository root). */
  readonly path: string;
  readonly sourceType: SourceType;
  /** In file/document order for directories, in kustomize's output order for Kustomize. */
  readonly objects: readonly RenderedObject[];
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/**
 * Digests the objects and checks that no two share a key.
 *
 * @throws OutpostError RENDER_MANIFEST_INVALID naming both places of a duplicate object.
 */
export function toRenderedObjects(objects: readonly SourcedObject[]): RenderedObject[] {
  const seen = new Map<string, ManifestSource>();
  return objects.map(({ object, source }) => {
    const key = objectKey(object);
    const id = `${key.group}/${key.kind}/${key.namespace}/${key.name}`;
    const first = seen.get(id);
    if (first) {
      const where = `${first.file}${first.line !== undefined ? `:${first.line}` : ''}`;
      throw manifestError(
        `${describeKey(key)} is defined twice (first at ${where})`,
        source,
        'remove one of the two',
      );
    }
    seen.set(id, source);
    const { digest, canonical } = digestObject(object);
    return deepFreeze({ digest, canonical, object, source, key });
  });
}
