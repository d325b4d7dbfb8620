/**
 * The built-in resource types the double serves, with the names, scopes, short names,
 * categories and subresources of a Kubernetes v1.32 apiserver.
 */

/** A built-in resource before defaults are filled in by the catalog. */
export interface BuiltinResource {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: string[];
  verbs?: string[];
}

const ns = true;
const cluster = false;
const all = ['all'];

function r(
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<BuiltinResource> = {},
): BuiltinResource {
  return { group, version, plural, singular: kind.toLowerCase(), kind, namespaced, ...extra };
}

/** Built-in resources, grouped as discovery lists them. */
export const BUILTIN_RESOURCES: readonly BuiltinResource[] = [
  r('', 'v1', 'configmaps', 'ConfigMap', ns, { shortNames: ['cm'] }),
  r('', 'v1', 'endpoints', 'Endpoints', ns, { shortNames: ['ep'], singular: 'endpoints' }),
  r('', 'v1', 'events', 'Event', ns, { shortNames: ['ev'] }),
  r('', 'v1', 'limitranges', 'LimitRange', ns, { shortNames: ['limits'] }),
  r('', 'v1', 'namespaces', 'Namespace', cluster, {
    shortNames: ['ns'],
    subresources: ['status', 'finalize'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  r('', 'v1', 'nodes', 'Node', cluster, { shortNames: ['no'], subresources: ['status'] }),
  r('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', ns, {
    shortNames: ['pvc'],
    subresources: ['status'],
  }),
  r('', 'v1', 'persistentvolumes', 'PersistentVolume', cluster, {
    shortNames: ['pv'],
    subresources: ['status'],
  }),
  r('', 'v1', 'pods', 'Pod', ns, { shortNames: ['po'], categories: all, subresources: ['status'] }),
  r('', 'v1', 'resourcequotas', 'ResourceQuota', ns, { shortNames: ['quota'], subresources: ['status'] }),
  r('', 'v1', 'secrets', 'Secret', ns),
  r('', 'v1', 'serviceaccounts', 'ServiceAccount', ns, { shortNames: ['sa'] }),
  r('', 'v1', 'services', 'Service', ns, { shortNames: ['svc'], categories: all, subresources: ['status'] }),
  r('apps', 'v1', 'controllerrevisions', 'ControllerRevision', ns),
  r('apps', 'v1', 'daemonsets', 'DaemonSet', ns, {
    shortNames: ['ds'],
    categories: all,
    subresources: ['status'],
  }),
  r('apps', 'v1', 'deployments', 'Deployment', ns, {
    shortNames: ['deploy'],
    categories: all,
    subresources: ['status', 'scale'],
  }),
  r('apps', 'v1', 'replicasets', 'ReplicaSet', ns, {
    shortNames: ['rs'],
    categories: all,
    subresources: ['status', 'scale'],
  }),
  r('apps', 'v1', 'statefulsets', 'StatefulSet', ns, {
    shortNames: ['sts'],
    categories: all,
    subresources: ['status', 'scale'],
  }),
  r('events.k8s.io', 'v1', 'events', 'Event', ns, { shortNames: ['ev'] }),
  r('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', ns, {
    shortNames: ['hpa'],
    categories: all,
    subresources: ['status'],
  }),
  r('autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', ns, {
    shortNames: ['hpa'],
    categories: all,
    subresources: ['status'],
  }),
  r('batch', 'v1', 'cronjobs', 'CronJob', ns, {
    shortNames: ['cj'],
    categories: all,
    subresources: ['status'],
  }),
  r('batch', 'v1', 'jobs', 'Job', ns, { categories: all, subresources: ['status'] }),
  r('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', cluster),
  r('networking.k8s.io', 'v1', 'ingresses', 'Ingress', ns, { shortNames: ['ing'], subresources: ['status'] }),
  r('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', ns, { shortNames: ['netpol'] }),
  r('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', ns, {
    shortNames: ['pdb'],
    subresources: ['status'],
  }),
  r('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', cluster),
  r('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', cluster),
  r('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', ns),
  r('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', ns),
  r('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', cluster, { shortNames: ['sc'] }),
  r('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', cluster, {
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: ['status'],
  }),
  r('scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', cluster, { shortNames: ['pc'] }),
  r('coordination.k8s.io', 'v1', 'leases', 'Lease', ns),
  r('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', ns),
];
