/**
 * Health of run-to-completion kinds: `batch/v1` Job, `batch/v1` CronJob and Argo Workflows
 * (`argoproj.io` Workflow). Job and Workflow follow Argo CD (gitops-engine); CronJob has no
 * built-in rule in Argo CD, so Outpost's rule is its own (see README.md).
 */
import { health, type HealthResult } from './health-status.ts';
import { bool, conditions, field, list, str, type KubeObject } from './object-view.ts';

/**
 * Job: judged by its conditions only. A `Failed` or `Complete` condition (of any status)
 * finishes the Job; a `Suspended` condition finishes it too and suspends it when `True`.
 * Without any of them the Job is still running.
 */
export function jobHealth(obj: KubeObject): HealthResult {
  let finished = false;
  let failed = false;
  let suspended = false;
  let failMessage = '';
  let message = '';
  for (const c of conditions(obj)) {
    if (c.type === 'Failed') {
      failed = true;
      finished = true;
      failMessage = c.message;
    } else if (c.type === 'Complete') {
      finished = true;
      message = c.message;
    } else if (c.type === 'Suspended') {
      finished = true;
      message = c.message;
      if (c.status === 'True') suspended = true;
    }
  }
  if (!finished) return health('Progressing');
  if (failed) return health('Degraded', failMessage);
  if (suspended) return health('Suspended');
  return health('Healthy', message);
}

/**
 * Argo Workflow: by `status.phase` (any `argoproj.io` version). Absent, `Pending` or
 * `Running` → Progressing; `Succeeded` → Healthy; `Failed`/`Error` → Degraded.
 */
export function workflowHealth(obj: KubeObject): HealthResult {
  const message = str(obj, 'status.message');
  switch (str(obj, 'status.phase')) {
    case '':
    case 'Pending':
    case 'Running':
      return health('Progressing', message);
    case 'Succeeded':
      return health('Healthy', message);
    case 'Failed':
    case 'Error':
      return health('Degraded', message);
    default:
      return health('Unknown', message);
  }
}

/**
 * CronJob (Outpost's own rule): `spec.suspend` → Suspended; the last scheduled Job having
 * failed is visible on its own Job, so a scheduling CronJob is otherwise Healthy, with a
 * message naming the active runs.
 */
export function cronJobHealth(obj: KubeObject): HealthResult {
  if (bool(obj, 'spec.suspend')) return health('Suspended', 'CronJob is suspended');
  const active = list(obj, 'status.active').length;
  const last = field(obj, 'status.lastScheduleTime');
  if (active > 0) return health('Healthy', `${active} active job(s)`);
  return health('Healthy', typeof last === 'string' ? `last scheduled at ${last}` : undefined);
}
