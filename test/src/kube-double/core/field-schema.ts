/**
 * How server-side apply and strategic merge treat each list and map: the subset of the
 * Kubernetes OpenAPI extensions (`x-kubernetes-list-type`, `x-kubernetes-list-map-keys`,
 * `x-kubernetes-map-type`, `x-kubernetes-patch-merge-key`) that the double models.
 */

/** How a list is merged and tracked in managedFields. */
export type ListType = { type: 'atomic' } | { type: 'set' } | { type: 'map'; keys: string[] };

/** Answers schema questions for one field path (field names only, list items skipped). */
export interface FieldSchema {
  /** The list type of the list at `path`. Defaults to atomic. */
  listType(path: readonly string[]): ListType;
  /** Whether the map at `path` is replaced as a whole (`x-kubernetes-map-type: atomic`). */
  isAtomicMap(path: readonly string[]): boolean;
  /**
   * Whether the field at `path` always exists in a stored object even when empty (a
   * non-pointer struct or a list without `omitempty` in the Go types). Such fields never
   * get a `"."` entry of their own in an Update's managedFields.
   */
  isImplicit(path: readonly string[]): boolean;
}

const IMPLICIT_PATHS = new Set([
  'spec',
  'status',
  'spec.template',
  'spec.template.metadata',
  'spec.template.spec',
  'spec.template.spec.containers',
  'spec.containers',
  'spec.jobTemplate',
  'spec.jobTemplate.spec',
  'spec.jobTemplate.spec.template',
  'spec.jobTemplate.spec.template.spec',
  'spec.jobTemplate.spec.template.spec.containers',
  'spec.names',
]);

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * Fields replaced as a whole: LabelSelectors (`selector`, `podSelector`, ...), OwnerReference
 * items, and the `+mapType=atomic` maps of a Service's selector and a PodSpec's nodeSelector.
 */
const ATOMIC_MAPS = new Set([
  'selector',
  'podSelector',
  'namespaceSelector',
  'labelSelector',
  'nodeSelector',
  'ownerReferences',
]);

/**
 * The built-in Kubernetes types' list semantics, keyed by field name and parent, the way
 * the upstream OpenAPI marks them. Unknown lists are atomic, like the real server.
 */
export const builtinFieldSchema: FieldSchema = {
  listType(path) {
    const name = path[path.length - 1] ?? '';
    const parent = path[path.length - 2] ?? '';
    if (CONTAINER_LISTS.has(name)) return { type: 'map', keys: ['name'] };
    if (name === 'finalizers') return { type: 'set' };
    switch (name) {
      case 'env':
      case 'volumes':
      case 'imagePullSecrets':
      case 'hostAliases':
        return name === 'hostAliases' ? { type: 'map', keys: ['ip'] } : { type: 'map', keys: ['name'] };
      case 'volumeMounts':
        return { type: 'map', keys: ['mountPath'] };
      case 'volumeDevices':
        return { type: 'map', keys: ['devicePath'] };
      case 'conditions':
        return { type: 'map', keys: ['type'] };
      case 'ownerReferences':
        return { type: 'map', keys: ['uid'] };
      case 'ports':
        if (path.length >= 3 && CONTAINER_LISTS.has(path[path.length - 2] ?? '')) {
          return { type: 'map', keys: ['containerPort', 'protocol'] };
        }
        if (parent === 'spec') return { type: 'map', keys: ['port', 'protocol'] };
        return { type: 'atomic' };
      case 'topologySpreadConstraints':
        return { type: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] };
      default:
        return { type: 'atomic' };
    }
  },
  isAtomicMap(path) {
    return ATOMIC_MAPS.has(path[path.length - 1] ?? '');
  },
  isImplicit(path) {
    return IMPLICIT_PATHS.has(path.join('.'));
  },
};

/** An OpenAPI v3 schema node as found in a CRD (only the keys the double reads). */
export interface OpenApiSchema {
  type?: string;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  format?: string;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

/** Walks an OpenAPI schema along field names; `undefined` once the path leaves the schema. */
export function schemaAt(
  root: OpenApiSchema | undefined,
  path: readonly string[],
): OpenApiSchema | undefined {
  let node = root;
  for (const name of path) {
    if (!node) return undefined;
    if (node.type === 'array') node = node.items;
    if (!node) return undefined;
    const next: OpenApiSchema | undefined =
      node.properties?.[name] ??
      (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    node = next;
  }
  return node;
}

/** A schema for custom resources that reads the CRD's structural schema; metadata falls back to the built-ins. */
export function crdFieldSchema(root: OpenApiSchema | undefined): FieldSchema {
  return {
    listType(path) {
      if (path[0] === 'metadata') return builtinFieldSchema.listType(path);
      const node = schemaAt(root, path);
      const t = node?.['x-kubernetes-list-type'];
      if (t === 'set') return { type: 'set' };
      if (t === 'map') return { type: 'map', keys: node?.['x-kubernetes-list-map-keys'] ?? [] };
      return { type: 'atomic' };
    },
    isAtomicMap(path) {
      if (path[0] === 'metadata') return false;
      return schemaAt(root, path)?.['x-kubernetes-map-type'] === 'atomic';
    },
    isImplicit() {
      return false;
    },
  };
}
