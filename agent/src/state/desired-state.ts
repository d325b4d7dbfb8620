/**
 * The agent's domain model of one cluster's desired state, independent of the wire.
 * The link's codec converts protocol messages into these types; everything else in the
 * agent speaks only these.
 */

/** Identifies one rendered object and its content digest. */
export interface DesiredObjectRef {
  /** `sha256:<hex>` of the object's canonical JSON. */
  digest: string;
  apiVersion: string;
  kind: string;
  /** Empty for cluster-scoped objects (or objects that take the app's destination namespace). */
  namespace: string;
  name: string;
  /** Canonical JSON bytes. */
  size: number;
}

/** Argo CD's `spec.syncPolicy`, flattened. */
export interface DesiredSyncPolicy {
  automated: boolean;
  prune: boolean;
  selfHeal: boolean;
  /** Argo CD syncOptions such as `CreateNamespace=true`. */
  syncOptions: string[];
}

/** One `spec.ignoreDifferences` entry (JSON pointers only; jq paths are not supported yet). */
export interface IgnoreDifferenceRule {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  jsonPointers: string[];
  jqPathExpressions: string[];
  managedFieldsManagers: string[];
}

/** One Application as assigned to this cluster. */
export interface DesiredApp {
  name: string;
  appset: string;
  destinationNamespace: string;
  revision: string;
  syncPolicy: DesiredSyncPolicy;
  ignoreDifferences: IgnoreDifferenceRule[];
  objects: DesiredObjectRef[];
  /** Set when the hub could not render the app. */
  error: string;
}

/** The whole desired state of the cluster at one generation. */
export interface DesiredState {
  generation: number;
  apps: DesiredApp[];
}

/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** `group/version/kind/namespace/name` of an object, for logs, maps and messages. */
export function objectKey(o: { apiVersion: string; kind: string; namespace?: string; name: string }): string {
  return `${o.apiVersion}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

/** The API group of an `apiVersion` (`''` for the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Every distinct digest the desired state references. */
export function referencedDigests(state: DesiredState): Set<string> {
  const out = new Set<string>();
  for (const app of state.apps) for (const o of app.objects) out.add(o.digest);
  return out;
}

/** What the agent keeps on disk: the last complete assignment, its blobs and the applied generation. */
export interface PersistedState {
  desired: DesiredState;
  /** Digest → canonical JSON of every object the desired state references. */
  blobs: Map<string, string>;
  /** The generation last applied (a hint: 0 or an older one after a crash, never more). */
  appliedGeneration: number;
}
