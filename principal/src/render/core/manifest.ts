/**
 * A Kubernetes object read from a manifest, with where it came from, and the checks every
 * object must pass before it can be applied.
 */
import { ErrorCodes, OutpostError } from '@outpost/shared';

/** A manifest object as parsed JSON. */
export type KubeObject = Record<string, unknown>;

/** Where an object was read: repo-relative file and 1-based line (absent for tool output). */
export interface ManifestSource {
  file: string;
  line?: number;
}

/** An object and its origin, before namespace defaulting and digesting. */
export interface SourcedObject {
  object: KubeObject;
  source: ManifestSource;
}

/** Identity of an object on a cluster. `group` is '' for the core API group. */
export interface ObjectKey {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Builds the RENDER_MANIFEST_INVALID error pointing at `source`. */
export function manifestError(message: string, source: ManifestSource, hint?: string): OutpostError {
  return new OutpostError(ErrorCodes.RENDER_MANIFEST_INVALID, message, {
    hint,
    location: { file: source.file, line: source.line },
  });
}

/**
 * Checks that a value is a Kubernetes object: a mapping with a non-empty string
 * `apiVersion`, `kind` and `metadata.name` (and a string `metadata.namespace` if present).
 *
 * @throws OutpostError RENDER_MANIFEST_INVALID naming the file and line.
 */
export function validateManifest(value: unknown, source: ManifestSource): KubeObject {
  if (!isMap(value)) {
    throw manifestError(
      `expected a Kubernetes object (a mapping), got ${Array.isArray(value) ? 'a list' : typeof value}`,
      source,
    );
  }
  for (const fieldName of ['apiVersion', 'kind'] as const) {
    const v = value[fieldName];
    if (typeof v !== 'string' || v === '') {
      throw manifestError(
        v === undefined ? `object has no ${fieldName}` : `${fieldName} must be a non-empty string`,
        source,
        'every manifest needs apiVersion, kind and metadata.name',
      );
    }
  }
  const what = `${String(value.kind)}`;
  const metadata = value.metadata;
  if (!isMap(metadata)) throw manifestError(`${what} has no metadata`, source);
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    throw manifestError(`${what} has no metadata.name`, source);
  }
  if (
    metadata.namespace !== undefined &&
    metadata.namespace !== null &&
    typeof metadata.namespace !== 'string'
  ) {
    throw manifestError(`${what} ${metadata.name}: metadata.namespace must be a string`, source);
  }
  return value;
}

/** Splits `apiVersion` into group and version (`v1` → core group ''). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The key of a validated object. */
export function objectKey(obj: KubeObject): ObjectKey {
  const { group, version } = splitApiVersion(obj.apiVersion as string);
  const metadata = obj.metadata as Record<string, unknown>;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  return { group, version, kind: obj.kind as string, namespace, name: metadata.name as string };
}

/** `group/kind namespace/name`, for messages. */
export function describeKey(key: ObjectKey): string {
  const gk = key.group ? `${key.group}/${key.kind}` : key.kind;
  return `${gk} ${key.namespace ? `${key.namespace}/` : ''}${key.name}`;
}
