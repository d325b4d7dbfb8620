/**
 * Outpost's generic rule for kinds without a built-in rule (custom resources of operators
 * such as cert-manager, Flux, Crossplane, Knative once reconciled). It reads the
 * conventions most controllers follow: `observedGeneration`, and a `Ready` (or, failing
 * that, `Available`) condition. Argo CD has no such fallback (it leaves these kinds without
 * health unless a resource customisation is configured); README.md documents the deviation.
 */
import { health, type HealthResult } from './health-status.ts';
import { conditions, optionalNum, type KubeObject } from './object-view.ts';

/**
 * Health from conventional conditions, or undefined when the object carries neither a
 * `Ready` nor an `Available` condition (then it has no health, as in Argo CD).
 *
 * - generation not yet observed → Progressing;
 * - `Stalled=True` → Degraded; `Reconciling=True` → Progressing;
 * - `Ready` (else `Available`): `True` → Healthy, `False` → Degraded, other → Progressing.
 */
export function conditionsHealth(obj: KubeObject): HealthResult | undefined {
  const all = conditions(obj);
  const decisive = all.find((c) => c.type === 'Ready') ?? all.find((c) => c.type === 'Available');
  if (!decisive) return undefined;
  const generation = optionalNum(obj, 'metadata.generation');
  const observed = optionalNum(obj, 'status.observedGeneration');
  if (generation !== undefined && observed !== undefined && generation > observed) {
    return health('Progressing', `Waiting for generation ${generation} to be observed (at ${observed})`);
  }
  const stalled = all.find((c) => c.type === 'Stalled' && c.status === 'True');
  if (stalled) return health('Degraded', stalled.message || stalled.reason);
  const reconciling = all.find((c) => c.type === 'Reconciling' && c.status === 'True');
  if (reconciling) return health('Progressing', reconciling.message || reconciling.reason);
  const message = decisive.message || decisive.reason;
  if (decisive.status === 'True') return health('Healthy', message);
  if (decisive.status === 'False') return health('Degraded', message);
  return health('Progressing', message);
}
