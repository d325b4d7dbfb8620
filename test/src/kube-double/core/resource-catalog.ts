/**
 * The resource types a double serves: the built-ins plus the kinds that established CRDs add.
 */
import { BUILTIN_RESOURCES } from './builtin-resources.ts';
import { builtinFieldSchema, crdFieldSchema } from './field-schema.ts';
import type { FieldSchema, OpenApiSchema } from './field-schema.ts';

/** One served resource (one group/version/plural). */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Subresources: `status`, `scale`. */
  subresources: string[];
  /** Verbs of the main resource as discovery lists them. */
  verbs: string[];
  schema: FieldSchema;
  /** The CRD's structural schema, for custom resources. */
  openApi?: OpenApiSchema;
  /** True for a kind defined by a CustomResourceDefinition. */
  custom: boolean;
}

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(r: Pick<ResourceType, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** `deployments.apps`, or `configmaps` for the core group (as used in Status messages). */
export function qualifiedResource(r: Pick<ResourceType, 'group' | 'plural'>): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** `Deployment.apps`, or `ConfigMap` for the core group (as used in Invalid messages). */
export function qualifiedKind(r: Pick<ResourceType, 'group' | 'kind'>): string {
  return r.group ? `${r.kind}.${r.group}` : r.kind;
}

/** A stable key for a resource type: `group/plural`. */
export function resourceKey(r: Pick<ResourceType, 'group' | 'plural'>): string {
  return `${r.group}/${r.plural}`;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Built-in types, shared by every catalog (they are never mutated). */
const BUILTIN_TYPES: readonly ResourceType[] = BUILTIN_RESOURCES.map((b) => ({
  ...b,
  shortNames: b.shortNames ?? [],
  categories: b.categories ?? [],
  subresources: b.subresources ?? [],
  verbs: b.verbs ?? ALL_VERBS,
  schema: builtinFieldSchema,
  custom: false,
}));

/** Mutable registry of served resources. */
export class ResourceCatalog {
  private readonly byGvr = new Map<string, ResourceType>();

  constructor() {
    for (const b of BUILTIN_TYPES) this.add(b);
  }

  /** Adds or replaces a resource type. */
  add(r: ResourceType): void {
    this.byGvr.set(`${r.group}/${r.version}/${r.plural}`, r);
  }

  /** Removes the resources a CRD added. */
  removeCustom(group: string, plural: string): void {
    for (const [k, r] of this.byGvr)
      if (r.custom && r.group === group && r.plural === plural) this.byGvr.delete(k);
  }

  /** The resource at group/version/plural, if served. */
  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byGvr.get(`${group}/${version}/${plural}`);
  }

  /** The resource serving apiVersion + kind, if any. */
  findByKind(apiVersion: string, kind: string): ResourceType | undefined {
    for (const r of this.byGvr.values()) if (apiVersionOf(r) === apiVersion && r.kind === kind) return r;
    return undefined;
  }

  /** Whether any resource is served under this group version. */
  servesGroupVersion(group: string, version: string): boolean {
    for (const r of this.byGvr.values()) if (r.group === group && r.version === version) return true;
    return false;
  }

  /** Every served resource, built-ins first. */
  all(): ResourceType[] {
    return [...this.byGvr.values()];
  }

  /** Served groups (core excluded) with their versions, in registration order. */
  groups(): { name: string; versions: string[] }[] {
    const out = new Map<string, string[]>();
    for (const r of this.byGvr.values()) {
      if (!r.group) continue;
      const versions = out.get(r.group) ?? [];
      if (!versions.includes(r.version)) versions.push(r.version);
      out.set(r.group, versions);
    }
    return [...out].map(([name, versions]) => ({ name, versions }));
  }
}

/** Builds the ResourceType a CRD version serves. */
export function customResourceType(
  spec: {
    group: string;
    scope: string;
    names: { plural: string; singular?: string; kind: string; shortNames?: string[]; categories?: string[] };
  },
  version: {
    name: string;
    subresources?: Record<string, unknown>;
    schema?: { openAPIV3Schema?: OpenApiSchema };
  },
): ResourceType {
  const openApi = version.schema?.openAPIV3Schema;
  const r: ResourceType = {
    group: spec.group,
    version: version.name,
    plural: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    kind: spec.names.kind,
    namespaced: spec.scope !== 'Cluster',
    shortNames: spec.names.shortNames ?? [],
    categories: spec.names.categories ?? [],
    subresources: Object.keys(version.subresources ?? {}),
    verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
    schema: crdFieldSchema(openApi),
    custom: true,
  };
  if (openApi) r.openApi = openApi;
  return r;
}
