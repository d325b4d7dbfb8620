export { Agent } from './agent.ts';
export type { AgentState, AgentStatus } from './agent.ts';
export { compileAgentOptions } from './agent-options.ts';
export type { AgentOptions, CompiledAgentOptions } from './agent-options.ts';
export { tokenCredentials } from './link/credentials.ts';
export type { LinkCredentials, TokenCredentialsOptions } from './link/credentials.ts';
export { HubLink, hubTarget } from './link/hub-link.ts';
export type { HubLinkOptions, LinkState, LinkStatus } from './link/hub-link.ts';
export type { LinkHost, LinkMetrics } from './link/link-host.ts';
export { classifyLinkError } from './link/transport-errors.ts';
export type { LinkErrorVerdict } from './link/transport-errors.ts';
export { inClusterEndpoint, loadClusterEndpoint } from './kube/kube-config.ts';
export { parseKubeconfig, kubeconfigEndpoint } from './kube/kubeconfig-file.ts';
export type { ClusterEndpoint, EndpointTls, RequestAuth } from './kube/cluster-endpoint.ts';
export type { KubeConfigSource } from './kube/kube-config.ts';
export { RestKubeClient } from './kube/rest-kube-client.ts';
export type { KubeClient } from './kube/kube-client.ts';
export { APP_LABEL, FIELD_MANAGER, inventoryName } from './apply/inventory.ts';
export { StateStore } from './state/state-store.ts';
export type { DesiredApp, DesiredState, KubeObject } from './state/desired-state.ts';
export { objectHealth, rollUpHealth } from './health/index.ts';
export type { HealthResult, HealthStatus } from './health/index.ts';
export { Reconciler } from './reconcile/reconciler.ts';
export type { ReconcilerOptions } from './reconcile/reconciler.ts';
export { AgentMetrics } from './observe/agent-metrics.ts';
export * from './link/enroll-index.ts';
export { LeaderElector } from './lease/leader-elector.ts';
export type { LeaderElectorOptions, LeaderStatus } from './lease/leader-elector.ts';
export { agentCommand, configureAgentCommand, agentCredentials, agentOptions } from './cli/agent-command.ts';
export type { AgentFlags } from './cli/agent-command.ts';
export {
  AGENT_NODE_ENV,
  AGENT_NODE_FLAGS,
  AGENT_PROGRAM_IN_IMAGE,
  agentContainerCommand,
  agentContainerEnv,
} from './cli/agent-program.ts';
export { runProgram } from './cli/run-program.ts';
