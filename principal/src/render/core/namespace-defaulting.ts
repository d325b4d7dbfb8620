/**
 * The destination namespace: namespaced objects without `metadata.namespace` get the
 * Application's `spec.destination.namespace`, as Argo CD does at sync time. Cluster-scoped
 * objects are left alone. Scope comes from a table of the built-in cluster-scoped kinds
 * (taken from a v1.32 API server's discovery plus kinds of other recent versions) and from
 * CustomResourceDefinitions in the same render; any other kind is taken as namespaced.
 */
import { splitApiVersion, type KubeObject, type SourcedObject } from './manifest.ts';

/** Built-in cluster-scoped kinds, as `group/Kind` (core group: `/Kind`). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'authentication.k8s.io/SelfSubjectReview',
  'authentication.k8s.io/TokenReview',
  'authorization.k8s.io/SelfSubjectAccessReview',
  'authorization.k8s.io/SelfSubjectRulesReview',
  'authorization.k8s.io/SubjectAccessReview',
  'certificates.k8s.io/CertificateSigningRequest',
  'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/IPAddress',
  'networking.k8s.io/ServiceCIDR',
  'node.k8s.io/RuntimeClass',
  'policy/PodSecurityPolicy',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'resource.k8s.io/DeviceClass',
  'resource.k8s.io/ResourceSlice',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
]);

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `group/Kind` of every kind that a CRD in `objects` declares with `scope: Cluster`. */
export function clusterScopedCustomKinds(objects: readonly KubeObject[]): Set<string> {
  const out = new Set<string>();
  for (const obj of objects) {
    if (obj.kind !== 'CustomResourceDefinition') continue;
    if (splitApiVersion(String(obj.apiVersion)).group !== 'apiextensions.k8s.io') continue;
    const spec = obj.spec as Record<string, unknown> | undefined;
    const group = str(spec?.group);
    const kind = str((spec?.names as Record<string, unknown> | undefined)?.kind);
    if (spec?.scope === 'Cluster' && group !== undefined && kind !== undefined) out.add(`${group}/${kind}`);
  }
  return out;
}

/** True when an object of this apiVersion/kind lives in a namespace. */
export function isNamespaced(
  apiVersion: string,
  kind: string,
  customClusterKinds: ReadonlySet<string>,
): boolean {
  const gk = `${splitApiVersion(apiVersion).group}/${kind}`;
  return !CLUSTER_SCOPED_KINDS.has(gk) && !customClusterKinds.has(gk);
}

/**
 * Returns the objects with `metadata.namespace` set to `namespace` on namespaced objects
 * that have none (absent or empty). Inputs are not modified; unchanged objects are
 * returned as they are. With no destination namespace, the objects are returned unchanged.
 */
export function applyDestinationNamespace(
  objects: readonly SourcedObject[],
  namespace: string | undefined,
): SourcedObject[] {
  if (!namespace) return [...objects];
  const custom = clusterScopedCustomKinds(objects.map((o) => o.object));
  return objects.map((o) => {
    const metadata = o.object.metadata as Record<string, unknown>;
    if (metadata.namespace) return o;
    if (!isNamespaced(o.object.apiVersion as string, o.object.kind as string, custom)) return o;
    return { ...o, object: { ...o.object, metadata: { ...metadata, namespace } } };
  });
}
