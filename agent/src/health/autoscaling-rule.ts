/**
 * HorizontalPodAutoscaler health, for `autoscaling/v1` (conditions in an annotation) and
 * `v2beta1`/`v2beta2`/`v2` (conditions in status). Conditions are examined in order and the
 * first that decides wins: a scaling failure (whatever the condition's status) → Degraded,
 * an `AbleToScale`/`ScalingLimited` condition that is `True` → Healthy. Otherwise the HPA is
 * still waiting. Behaviour follows Argo CD (gitops-engine).
 */
import { health, type HealthResult } from './health-status.ts';
import {
  conditions,
  field,
  toCondition,
  versionOf,
  str,
  type Condition,
  type KubeObject,
} from './object-view.ts';

const V1_CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';

const DEGRADED: ReadonlySet<string> = new Set([
  'AbleToScale/FailedGetScale',
  'AbleToScale/FailedUpdateScale',
  'ScalingActive/FailedGetResourceMetric',
  'ScalingActive/InvalidSelector',
]);

const WAITING = health('Progressing', 'Waiting to Autoscale');

/** Reads the v1 annotation; JSON keys match case-insensitively, as Go's decoder does. */
function v1Conditions(obj: KubeObject): Condition[] {
  const annotations = field(obj, 'metadata.annotations');
  const raw =
    annotations && typeof annotations === 'object'
      ? (annotations as Record<string, unknown>)[V1_CONDITIONS_ANNOTATION]
      : undefined;
  if (typeof raw !== 'string' || raw === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new Error(`annotation ${V1_CONDITIONS_ANNOTATION} is not valid JSON: ${(e as Error).message}`, {
      cause: e,
    });
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) throw new Error(`annotation ${V1_CONDITIONS_ANNOTATION} is not a JSON array`);
  return parsed.map((entry) => {
    const lowered: Record<string, unknown> = {};
    if (entry && typeof entry === 'object') {
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) lowered[k.toLowerCase()] = v;
    }
    return toCondition(lowered);
  });
}

/** Health of a HorizontalPodAutoscaler of any served version. */
export function autoscalingHealth(obj: KubeObject): HealthResult {
  const list = versionOf(str(obj, 'apiVersion')) === 'v1' ? v1Conditions(obj) : conditions(obj);
  for (const c of list) {
    if (DEGRADED.has(`${c.type}/${c.reason}`)) return health('Degraded', c.message);
    if ((c.type === 'AbleToScale' || c.type === 'ScalingLimited') && c.status === 'True') {
      return health('Healthy', c.message);
    }
  }
  return WAITING;
}
