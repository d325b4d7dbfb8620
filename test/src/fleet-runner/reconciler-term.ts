/**
 * One agent term without the hub: a Reconciler over the agent's own Kubernetes client against
 * an API double, fed desired states built in the test (`buildDesired`). For tests of apply,
 * prune, drift and skip behaviour that need no stream.
 */
import { AgentMetrics, Reconciler, RestKubeClient } from '@outpost/agent';
import type { ReconcilerOptions } from '@outpost/agent';
import type { AppStatus } from '@outpost/shared';
import { silentLogger } from '@outpost/shared';
import { buildDesired } from './desired-builder.ts';
import type { AppSpec } from './desired-builder.ts';
import { doubleKubeConfig } from './kube-access.ts';
import { waitFor } from './wait-for.ts';

/** A running term: apply a generation and wait for it, the statuses reported, stop. */
export interface ReconcilerTerm {
  apply(generation: number, apps: AppSpec[]): Promise<void>;
  statuses: Map<string, AppStatus>;
  stop(): Promise<void>;
}

/** Starts a term against the double at `url`; `tuning` overrides the short test intervals. */
export function startReconcilerTerm(url: string, tuning: Partial<ReconcilerOptions> = {}): ReconcilerTerm {
  const abort = new AbortController();
  const statuses = new Map<string, AppStatus>();
  let applied = 0;
  const kube = new RestKubeClient(doubleKubeConfig(url), silentLogger(), { qps: 0 });
  const reconciler = new Reconciler(
    kube,
    new AgentMetrics('spoke'),
    {
      namespace: 'default',
      onStatus: (s) => statuses.set(s.name, s),
      onApplied: (g) => (applied = g),
      retryInitialMs: 50,
      retryMaxMs: 200,
      healInitialMs: 10,
      healMaxMs: 200,
      ...tuning,
    },
    silentLogger(),
    abort.signal,
  );
  return {
    statuses,
    async apply(generation, apps) {
      const { desired, blobs } = buildDesired(generation, apps);
      reconciler.setDesired(desired, blobs);
      await waitFor(`generation ${generation} applied`, () => applied === generation);
    },
    async stop() {
      abort.abort();
      await reconciler.idle();
      kube.close();
    },
  };
}
