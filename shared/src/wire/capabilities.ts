/**
 * Capability strings exchanged in Hello and Welcome. A side uses optional behaviour only
 * when both advertise it; unknown strings are ignored, so adding one never breaks a peer.
 */
export const Capabilities = {
  /** Understands assignments split into several chunks. Required by every v1 hub. */
  chunkedAssignment: 'chunked-assignment',
  /** Requests only the blobs it does not hold (digest dedup). */
  blobDedup: 'blob-dedup',
  /** Sends status coalesced per app at most once per `statusMinIntervalMs`. */
  statusCoalescing: 'status-coalescing',
  /** Answers application-level Ping with Pong. */
  ping: 'ping',
  /**
   * Understands delta assignments (`Assignment.base_generation`, see `applyAssignmentDelta`).
   * Optional: an agent advertises it only once it applies deltas; the hub then sends deltas.
   */
  assignmentDelta: 'assignment-delta',
  /**
   * Sends per-app status as deltas against the last acknowledged report (see
   * `statusDelta` / `applyStatusDelta`). Optional: the agent advertises it in Hello and
   * sends deltas only once the hub's Welcome lists it too.
   */
  statusDelta: 'status-delta',
  /**
   * Takes blobs sent along with a delta assignment (`Assignment.blobs`): the hub sends the
   * blobs new since the generation the agent acknowledged, saving the agent's BlobRequest
   * round trip. Optional on both sides; without it the agent asks as before.
   */
  blobPush: 'blob-push',
} as const;

export type Capability = (typeof Capabilities)[keyof typeof Capabilities];

/** The base capabilities every v1 side implements (an agent's Hello sends at least these). */
export const ALL_CAPABILITIES: readonly string[] = [
  Capabilities.chunkedAssignment,
  Capabilities.blobDedup,
  Capabilities.statusCoalescing,
  Capabilities.ping,
];

/** What the hub offers in Welcome: the base set plus the optional ones it implements. */
export const HUB_CAPABILITIES: readonly string[] = [
  ...ALL_CAPABILITIES,
  Capabilities.assignmentDelta,
  Capabilities.statusDelta,
  Capabilities.blobPush,
];

/** The capabilities both sides advertise, sorted. */
export function commonCapabilities(ours: readonly string[], theirs: readonly string[]): string[] {
  const set = new Set(theirs);
  return [...new Set(ours)].filter((c) => set.has(c)).sort();
}
