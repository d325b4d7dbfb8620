/** The counters the apply feature reports; implemented by the agent's Prometheus metrics. */
export interface ApplyMetrics {
  /** One object applied (or failed), with its latency in seconds. */
  observeApply(seconds: number, outcome: 'ok' | 'error'): void;
  /** One object pruned. */
  countPrune(): void;
}

/** Metrics that record nothing, for tests and tools. */
export const noApplyMetrics: ApplyMetrics = {
  observeApply: () => undefined,
  countPrune: () => undefined,
};
