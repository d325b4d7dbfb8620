/**
 * The entry point for one object's health: deletion first, then the built-in rule for the
 * object's API group and kind, then Outpost's generic conditions rule. Dispatch goes by
 * group and kind, as in Argo CD, so a Knative `Service` never meets the core Service rule.
 */
import { autoscalingHealth } from './autoscaling-rule.ts';
import { cronJobHealth, jobHealth, workflowHealth } from './batch-rules.ts';
import { conditionsHealth } from './conditions-rule.ts';
import { health, type HealthResult } from './health-status.ts';
import { field, groupOf, list, str, versionOf, type KubeObject } from './object-view.ts';
import { podHealth } from './pod-rule.ts';
import { apiServiceHealth, ingressHealth, pvcHealth, serviceHealth } from './service-rules.ts';
import { daemonSetHealth, deploymentHealth, replicaSetHealth, statefulSetHealth } from './workload-rules.ts';

/** A built-in rule: the versions it can read (undefined = any) and the rule itself. */
interface KindRule {
  versions?: readonly string[];
  rule: (obj: KubeObject) => HealthResult;
}

const HOOK_FINALIZER = 'argocd.argoproj.io/hook-finalizer';

const RULES: ReadonlyMap<string, KindRule> = new Map<string, KindRule>([
  ['apps/Deployment', { versions: ['v1'], rule: deploymentHealth }],
  ['apps/StatefulSet', { versions: ['v1'], rule: statefulSetHealth }],
  ['apps/DaemonSet', { versions: ['v1'], rule: daemonSetHealth }],
  ['apps/ReplicaSet', { versions: ['v1'], rule: replicaSetHealth }],
  ['/Pod', { versions: ['v1'], rule: podHealth }],
  ['/Service', { versions: ['v1'], rule: serviceHealth }],
  ['/PersistentVolumeClaim', { versions: ['v1'], rule: pvcHealth }],
  ['batch/Job', { versions: ['v1'], rule: jobHealth }],
  ['batch/CronJob', { versions: ['v1'], rule: cronJobHealth }],
  ['extensions/Ingress', { rule: ingressHealth }],
  ['networking.k8s.io/Ingress', { rule: ingressHealth }],
  [
    'autoscaling/HorizontalPodAutoscaler',
    { versions: ['v1', 'v2beta1', 'v2beta2', 'v2'], rule: autoscalingHealth },
  ],
  ['apiregistration.k8s.io/APIService', { versions: ['v1', 'v1beta1'], rule: apiServiceHealth }],
  ['argoproj.io/Workflow', { rule: workflowHealth }],
]);

/** True when Outpost has a built-in rule for this API group and kind. */
export function hasBuiltInRule(group: string, kind: string): boolean {
  return RULES.has(`${group}/${kind}`);
}

function pendingDeletion(obj: KubeObject): boolean {
  const ts = field(obj, 'metadata.deletionTimestamp');
  if (ts === undefined || ts === null || ts === '') return false;
  return !list(obj, 'metadata.finalizers').includes(HOOK_FINALIZER);
}

/**
 * The health of one live object.
 *
 * - `undefined`/`null` (the object is not on the cluster) → `Missing`;
 * - being deleted (and not held by Argo CD's hook finalizer) → `Progressing`, "Pending deletion";
 * - a kind with a built-in rule → that rule; an apiVersion the rule cannot read, or a field
 *   of the wrong type → `Unknown` with the reason;
 * - any other kind carrying a `Ready`/`Available` condition → the generic conditions rule;
 * - otherwise → `undefined`: the kind has no health (ConfigMap, Secret, RBAC, ...) and does
 *   not count in {@link rollUpHealth}.
 *
 * Never throws.
 */
export function objectHealth(obj: KubeObject | undefined | null): HealthResult | undefined {
  if (obj === undefined || obj === null) return health('Missing', 'Object does not exist on the cluster');
  try {
    if (pendingDeletion(obj)) return health('Progressing', 'Pending deletion');
    const apiVersion = str(obj, 'apiVersion');
    const kind = str(obj, 'kind');
    const group = groupOf(apiVersion);
    const builtIn = RULES.get(`${group}/${kind}`);
    if (!builtIn) return conditionsHealth(obj);
    const version = versionOf(apiVersion);
    if (builtIn.versions && !builtIn.versions.includes(version)) {
      return health('Unknown', `unsupported ${kind} GVK: ${group}/${version}, Kind=${kind}`);
    }
    return builtIn.rule(obj);
  } catch (e) {
    return health('Unknown', e instanceof Error ? e.message : String(e));
  }
}
