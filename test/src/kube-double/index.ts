/** Public API of the Kubernetes API double. */
export { KubeDouble } from './kube-double.ts';
export type { KubeDoubleOptions } from './kube-double.ts';
export { KubeClusterHost } from './kube-cluster-host.ts';
export type { KubeClusterHostOptions } from './kube-cluster-host.ts';
export { KubeCluster } from './kube-cluster.ts';
export type { ClusterCounters, KubeClusterOptions } from './kube-cluster.ts';
export type { FaultHandle, FaultRule, RateLimit } from './faults.ts';
export type { WorkloadSimulationOptions } from './controllers/workload-simulator.ts';
export { DOUBLE_TOKEN, kubeconfigDocument, makeKubeConfig, writeKubeconfigFile } from './kubeconfig.ts';
export type { JsonObject } from './core/objects.ts';
