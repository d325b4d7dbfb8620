import type { KubeObject } from '../state/desired-state.ts';

/** What discovery says about one kind. */
export interface ResourceInfo {
  apiVersion: string;
  kind: string;
  /** Plural resource name used in URLs, e.g. `deployments`. */
  plural: string;
  namespaced: boolean;
}

/** Names one object. `namespace` is ignored for cluster-scoped kinds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** One event of a watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: KubeObject;
}

/** Options of a server-side apply. */
export interface ApplyOptions {
  fieldManager: string;
  /** Take over fields other managers own (kubectl's `--force-conflicts`). */
  force: boolean;
  dryRun?: boolean;
}

/**
 * The agent's port to its cluster's API server: exactly the calls the agent makes.
 * Implemented over plain REST by `RestKubeClient`; every call is rate
 * limited and retried on 429/5xx by the implementation. Failures are `KubeApiError`.
 */
export interface KubeClient {
  /** Discovery for one kind. @throws KubeApiError 404 when the API server does not serve it. */
  resource(apiVersion: string, kind: string): Promise<ResourceInfo>;
  /** Reads one object; `undefined` when absent. */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  /** Server-side apply (`application/apply-patch+yaml`). */
  apply(obj: KubeObject, options: ApplyOptions): Promise<KubeObject>;
  /** Creates the object, or replaces it whole (PUT) when it exists. */
  replace(obj: KubeObject, fieldManager: string): Promise<KubeObject>;
  /** Creates an object. @throws KubeApiError 409 when it exists. */
  create(obj: KubeObject, fieldManager: string): Promise<KubeObject>;
  /**
   * Replaces an object with PUT, carrying the object's own `metadata.resourceVersion` so a
   * concurrent change fails with 409 (optimistic concurrency).
   */
  update(obj: KubeObject, fieldManager: string): Promise<KubeObject>;
  /** Deletes one object (background propagation); absent is not an error. */
  delete(ref: ObjectRef): Promise<void>;
  /** Lists objects of a kind across all namespaces, or in one. */
  list(
    apiVersion: string,
    kind: string,
    options?: { namespace?: string; labelSelector?: string },
  ): Promise<{ items: KubeObject[]; resourceVersion: string }>;
  /**
   * Watches a kind across all namespaces from `resourceVersion`, calling `onEvent` per event;
   * resolves when the server ends the stream or `signal` aborts.
   * @throws KubeApiError 410 when the resourceVersion is too old.
   */
  watch(
    apiVersion: string,
    kind: string,
    options: { labelSelector?: string; resourceVersion: string },
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** The API server's version, e.g. `v1.32.13`. */
  serverVersion(): Promise<string>;
  /** Releases pooled connections. */
  close?(): void;
}
