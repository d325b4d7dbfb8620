/**
 * The Argo CD Application shape that ApplicationSets generate and the hub renders and
 * assigns. Field names follow Argo CD (`argoproj.io/v1alpha1`); unknown fields are kept.
 */
export interface Application {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Application';
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    [k: string]: unknown;
  };
  spec: ApplicationSpec;
}

export interface ApplicationSpec {
  project?: string;
  source?: ApplicationSource;
  sources?: ApplicationSource[];
  destination: { server?: string; name?: string; namespace?: string };
  syncPolicy?: SyncPolicy;
  ignoreDifferences?: IgnoreDifference[];
  [k: string]: unknown;
}

export interface ApplicationSource {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
  directory?: { recurse?: boolean; include?: string; exclude?: string; [k: string]: unknown };
  kustomize?: Record<string, unknown>;
  helm?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface SyncPolicy {
  automated?: { prune?: boolean; selfHeal?: boolean; allowEmpty?: boolean };
  syncOptions?: string[];
  [k: string]: unknown;
}

export interface IgnoreDifference {
  group?: string;
  kind: string;
  name?: string;
  namespace?: string;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
  managedFieldsManagers?: string[];
}

/** A registered cluster as generators see it (Argo CD's cluster secret, flattened). */
export interface ClusterInfo {
  name: string;
  server: string;
  project?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The port generators read the fleet's clusters from. */
export interface ClusterInventory {
  list(): Promise<readonly ClusterInfo[]>;
}
