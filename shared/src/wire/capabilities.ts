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
} as const;

export type Capability = (typeof Capabilities)[keyof typeof Capabilities];

/** Every capability this release implements, for Hello and Welcome. */
export const ALL_CAPABILITIES: readonly string[] = Object.values(Capabilities);

/** The capabilities both sides advertise, sorted. */
export function commonCapabilities(ours: readonly string[], theirs: readonly string[]): string[] {
  const set = new Set(theirs);
  return [...new Set(ours)].filter((c) => set.has(c)).sort();
}
