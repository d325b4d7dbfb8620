/**
 * Domain types of the hub<->agent stream (proto `outpost.v1`). Both sides work with these;
 * only the codec (`codec.ts`) touches the objects proto-loader produces. Generations and
 * sequence numbers are plain numbers (safe up to 2^53, far beyond any real generation).
 */

/** `major.minor` of the wire protocol. */
export interface ProtocolVersion {
  major: number;
  minor: number;
}

/** First message of every stream, sent by the agent. */
export interface Hello {
  /** The cluster the agent believes it is; the hub trusts only the authenticated identity. */
  cluster: string;
  version: ProtocolVersion;
  capabilities: string[];
  /** Newest generation held completely (assignment and every blob persisted); 0 = none. */
  heldGeneration: number;
  /** Newest generation applied to the cluster; 0 = none. */
  appliedGeneration: number;
  agentVersion: string;
  kubernetesVersion: string;
  /** The agent process (e.g. pod name), for the status endpoint. */
  instanceId: string;
}

/** The hub's answer to an accepted Hello. */
export interface Welcome {
  version: ProtocolVersion;
  capabilities: string[];
  hubId: string;
  pingIntervalMs: number;
  /** The agent sends at most one StatusReport per app per interval. */
  statusMinIntervalMs: number;
  maxMessageBytes: number;
}

/** The hub will not serve this stream; it closes the stream after sending it. */
export interface Refusal {
  code: string;
  message: string;
  /** False: the agent must not reconnect (e.g. major version mismatch). */
  retryable: boolean;
}

/** Argo CD's sync policy, flattened. */
export interface WireSyncPolicy {
  automated: boolean;
  prune: boolean;
  selfHeal: boolean;
  syncOptions: string[];
}

/** One `spec.ignoreDifferences` entry. */
export interface WireIgnoreDifference {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  jsonPointers: string[];
  jqPathExpressions: string[];
  managedFieldsManagers: string[];
}

/** A rendered object by digest, with enough identity to order and prune without the blob. */
export interface ObjectRef {
  /** `sha256:<hex>` of the object's canonical JSON. */
  digest: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** Canonical JSON size in bytes. */
  size: number;
}

/** One Application as assigned to a cluster. */
export interface AppAssignment {
  name: string;
  /** Generating ApplicationSet, empty for a plain Application. */
  appset: string;
  destinationNamespace: string;
  /** Commit the objects were rendered from. */
  revision: string;
  syncPolicy: WireSyncPolicy;
  ignoreDifferences: WireIgnoreDifference[];
  objects: ObjectRef[];
  /** Set when the hub could not render this app; objects are then its last good render (or empty). */
  error: string;
  /**
   * Delta assignments only: `objects` lists just the refs added or changed since the base
   * generation (matched by apiVersion, kind, namespace, name) and `removedObjects` those gone.
   * Absent or false: `objects` is the app's whole list.
   */
  objectsDelta?: boolean;
  removedObjects?: ObjectRef[];
}

/** A cluster's whole desired state at one generation (or one chunk of it on the wire). */
export interface Assignment {
  generation: number;
  /** 0-based chunk index; 0 for an unchunked assignment. */
  chunk: number;
  /** Number of chunks; 1 for an unchunked assignment. */
  chunkCount: number;
  apps: AppAssignment[];
  /**
   * Capability `assignment-delta`: when set (non-zero) this is a delta against that held
   * generation; `apps` holds only added or changed apps and `removedApps` the names gone.
   * Use `applyAssignmentDelta` to get the whole assignment.
   */
  baseGeneration?: number;
  removedApps?: string[];
  /**
   * Capability `blob-push`: blobs the agent lacks, sent along (on the last chunk) so that it
   * need not ask for them. Checked against their digests like fetched blobs.
   */
  blobs?: Blob[];
}

export interface BlobRequest {
  digests: string[];
}

export interface Blob {
  digest: string;
  /** Canonical JSON bytes. */
  content: Uint8Array;
}

export interface Blobs {
  blobs: Blob[];
  /** Digests the hub will not serve (not referenced by this cluster's assignment, or unknown). */
  refused: string[];
}

export interface Ack {
  generation: number;
  /** Assignment and blobs persisted. */
  held: boolean;
  /** Reconciled once at this generation. */
  applied: boolean;
}

export interface ResourceStatus {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  sync: string;
  health: string;
  message: string;
}

export interface DriftEvent {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** JSON pointers that differ; empty for a deleted object. */
  paths: string[];
  deleted: boolean;
  atUnixMs: number;
  reverted: boolean;
}

export interface AppStatus {
  name: string;
  generation: number;
  /** `Synced` | `OutOfSync` | `Unknown`. */
  sync: string;
  /** `Healthy` | `Progressing` | `Degraded` | `Suspended` | `Missing` | `Unknown`. */
  health: string;
  message: string;
  lastError: string;
  resources: ResourceStatus[];
  drift: DriftEvent[];
  observedUnixMs: number;
  /**
   * Capability `status-delta` only: `resources` lists just the resources whose status
   * changed since the report the hub last acknowledged on this stream (matched by
   * apiVersion, kind, namespace, name) and `removedResources` (identity only) those gone.
   * Absent or false: `resources` is the app's whole list. See `applyStatusDelta`.
   */
  resourcesDelta?: boolean;
  removedResources?: ResourceStatus[];
  /** Capability `status-delta` only: the drift is as last acknowledged; `drift` is empty. */
  driftUnchanged?: boolean;
}

export interface ClusterFacts {
  kubernetesVersion: string;
  appliedGeneration: number;
  leader: string;
}

export interface StatusReport {
  /** Increases per stream; acknowledged by StatusAck. */
  seq: number;
  apps: AppStatus[];
  cluster: ClusterFacts | undefined;
}

export interface StatusAck {
  seq: number;
  /**
   * Capability `status-delta`: apps whose delta the hub could not read against a whole
   * status it holds; the agent sends them whole next. Absent or empty: none.
   */
  wholeNeeded?: string[];
}

export interface Ping {
  nonce: number;
  sentUnixMs: number;
}

export interface Pong {
  nonce: number;
}

/** What the agent sends, one variant per `AgentMessage.msg` case. */
export type AgentMessage =
  | { kind: 'hello'; hello: Hello }
  | { kind: 'blobRequest'; blobRequest: BlobRequest }
  | { kind: 'ack'; ack: Ack }
  | { kind: 'status'; status: StatusReport }
  | { kind: 'ping'; ping: Ping }
  | { kind: 'pong'; pong: Pong };

/** What the hub sends, one variant per `HubMessage.msg` case. */
export type HubMessage =
  | { kind: 'welcome'; welcome: Welcome }
  | { kind: 'assignment'; assignment: Assignment }
  | { kind: 'blobs'; blobs: Blobs }
  | { kind: 'statusAck'; statusAck: StatusAck }
  | { kind: 'ping'; ping: Ping }
  | { kind: 'pong'; pong: Pong }
  | { kind: 'refusal'; refusal: Refusal };
