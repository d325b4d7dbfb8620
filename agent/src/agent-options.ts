import { hostname } from 'node:os';
import { ErrorCodes, OutpostError, silentLogger } from '@outpost/shared';
import type { Logger, WireLimits } from '@outpost/shared';
import type { LinkCredentials } from './link/credentials.ts';
import type { ClusterEndpoint } from './kube/cluster-endpoint.ts';
import type { KubeConfigSource } from './kube/kube-config.ts';

/** Options of {@link Agent.create}. */
export interface AgentOptions {
  /** The hub's gRPC address, `https://host:port` or `host:port`. */
  hub: string;
  /** The cluster this agent reconciles (its registered name). */
  cluster: string;
  /** How the link authenticates: bearer token (`tokenCredentials`) or the enrolled mTLS provider. */
  credentials: LinkCredentials;
  /** Where the cluster is: a kubeconfig file/context, an already loaded endpoint, or in-cluster (default). */
  kube?: KubeConfigSource | ClusterEndpoint;
  /** Directory for the persisted assignment and blobs. Required. */
  stateDir: string;
  /** Namespace of the agent's Lease and inventories. Default `outpost-system`. */
  namespace?: string;
  /** `host:port` of /healthz, /readyz, /metrics, /status; none when absent. */
  httpListen?: string;
  /** Client-side rate limit to the API server. Defaults 20 QPS, burst 40. */
  qps?: number;
  burst?: number;
  /** This pod's identity for the lease and Hello. Default `<hostname>-<pid>`. */
  instanceId?: string;
  /** Elect one active agent per cluster with a Lease. Default true. */
  leaderElection?: boolean;
  /** Lease duration; a standby takes over within it. Default 15 000 ms. */
  leaseDurationMs?: number;
  /**
   * Reconnect backoff ceilings. Defaults 500 ms and 10 s: after a hub restart every agent is
   * back within one ceiling of the hub being ready (docs/decisions/agent.md, "The link").
   */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** TLS name to verify on the hub's certificate instead of the dialled host. */
  tlsServerName?: string;
  /** Wire limits (tests shorten the ping interval). */
  limits?: Partial<WireLimits>;
  /** Retry ceilings for a failed app sync. Defaults 1 s and 60 s. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Self-heal backoff ceilings. Defaults 100 ms and 60 s. */
  healInitialMs?: number;
  healMaxMs?: number;
  /** Period of the full resync (every object of every selfHeal app re-applied). Default 180 000; 0 = off. */
  fullResyncMs?: number;
  logger?: Logger;
}

/** {@link AgentOptions} validated, with defaults filled in. */
export type CompiledAgentOptions = Required<
  Omit<AgentOptions, 'httpListen' | 'tlsServerName' | 'limits' | 'kube'>
> &
  Pick<AgentOptions, 'httpListen' | 'tlsServerName' | 'limits'> & {
    kube: KubeConfigSource | ClusterEndpoint;
  };

/**
 * Validates options and fills defaults.
 * @throws OutpostError CONFIG_INVALID naming the bad option.
 */
export function compileAgentOptions(o: AgentOptions): CompiledAgentOptions {
  const bad = (what: string, hint?: string) =>
    new OutpostError(ErrorCodes.CONFIG_INVALID, what, hint ? { hint } : {});
  if (!o.hub)
    throw bad('agent: --hub is required', 'pass the hub address, e.g. --hub https://hub.example:8443');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(o.cluster ?? ''))
    throw bad(
      `agent: invalid --cluster "${o.cluster ?? ''}"`,
      'a DNS label: lower-case letters, digits and -',
    );
  if (!o.stateDir) throw bad('agent: --state-dir is required');
  if (o.fullResyncMs !== undefined && !(o.fullResyncMs >= 0))
    throw bad(`agent: invalid full resync period ${o.fullResyncMs} ms`, 'a duration >= 0 (0 turns it off)');
  const qps = o.qps ?? 20;
  const burst = o.burst ?? Math.max(1, qps * 2);
  if (!(qps >= 0) || !(burst >= 1))
    throw bad(`agent: invalid rate limit qps=${qps} burst=${burst}`, 'qps >= 0 and burst >= 1');
  return {
    hub: o.hub,
    cluster: o.cluster,
    credentials: o.credentials,
    kube: o.kube ?? {},
    stateDir: o.stateDir,
    namespace: o.namespace ?? 'outpost-system',
    httpListen: o.httpListen,
    qps,
    burst,
    instanceId: o.instanceId ?? `${hostname()}-${process.pid}`,
    leaderElection: o.leaderElection ?? true,
    leaseDurationMs: o.leaseDurationMs ?? 15_000,
    reconnectInitialMs: o.reconnectInitialMs ?? 500,
    reconnectMaxMs: o.reconnectMaxMs ?? 10_000,
    tlsServerName: o.tlsServerName,
    limits: o.limits,
    retryInitialMs: o.retryInitialMs ?? 1000,
    retryMaxMs: o.retryMaxMs ?? 60_000,
    healInitialMs: o.healInitialMs ?? 100,
    healMaxMs: o.healMaxMs ?? 60_000,
    fullResyncMs: o.fullResyncMs ?? 180_000,
    logger: o.logger ?? silentLogger(),
  };
}
