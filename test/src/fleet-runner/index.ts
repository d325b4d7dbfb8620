/** Starts hubs, agents, simulated clusters and the git fixture for e2e tests, the demo and benchmarks. */
export { Fleet, configMapYaml, waitForApp, waitForAppliedAfter } from './fleet.ts';
export type { FleetOptions } from './fleet.ts';
export { HubProcess, OUTPOST_MAIN } from './hub-process.ts';
export type { HubProcessOptions } from './hub-process.ts';
export { AGENT_BUNDLE, startAgentProcess, startInProcessAgent } from './agent-handle.ts';
export type { AgentHandle, AgentSpec } from './agent-handle.ts';
export { doubleKubeConfig, endpointOf, writeDoubleKubeconfig } from './kube-access.ts';
export { buildDesired, configMap } from './desired-builder.ts';
export type { AppSpec } from './desired-builder.ts';
export { waitFor } from './wait-for.ts';
export type { WaitForOptions } from './wait-for.ts';
export { ByteCountingProxy } from './byte-counting-proxy.ts';
export type { WireBytes } from './byte-counting-proxy.ts';
export { bulkAppset } from './bulk-appset.ts';
