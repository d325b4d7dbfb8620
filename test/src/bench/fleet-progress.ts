/**
 * How far the fleet is: the hub's generation per cluster against what each agent holds and
 * has applied, and apply latencies from marker times. Pure.
 */

/** [heldGeneration, appliedGeneration, connected 0|1] per cluster, as workers report it. */
export type AgentStates = Record<string, [number, number, number]>;

/** The fleet's progress at one moment. */
export interface FleetProgress {
  clusters: number;
  connected: number;
  /** Agents that hold (received completely) the hub's generation. */
  holding: number;
  /** Agents whose applied generation is the hub's (and the hub has one). */
  current: number;
  /** Clusters not current, first few, for messages. */
  behind: string[];
}

/** Compares the hub's generations with the agents' states for `clusters`. */
export function fleetProgress(
  clusters: readonly string[],
  hubGenerations: Readonly<Record<string, number>>,
  states: Readonly<AgentStates>,
): FleetProgress {
  let connected = 0;
  let current = 0;
  let holding = 0;
  const behind: string[] = [];
  for (const c of clusters) {
    const s = states[c];
    const want = hubGenerations[c] ?? 0;
    if (s?.[2] === 1) connected++;
    if (s && want > 0 && s[0] >= want) holding++;
    if (s && want > 0 && s[1] >= want) current++;
    else if (behind.length < 5) behind.push(`${c} (hub ${want}, applied ${s?.[1] ?? 'none'})`);
  }
  return { clusters: clusters.length, connected, holding, current, behind };
}

/**
 * Per-cluster latency (ms) from `fromMs` to when each cluster got the marker. Throws naming
 * the clusters that never got it, so a fan-out that lost an agent cannot pass as fast.
 */
export function markerLatencies(
  clusters: readonly string[],
  seenAtMs: Readonly<Record<string, number>>,
  fromMs: number,
): number[] {
  const missing = clusters.filter((c) => seenAtMs[c] === undefined);
  if (missing.length > 0)
    throw new Error(
      `${missing.length} cluster(s) never applied the change: ${missing.slice(0, 5).join(', ')}`,
    );
  return clusters.map((c) => seenAtMs[c]! - fromMs);
}
