/**
 * Pod health. A long-running pod (`restartPolicy: Always`) is judged by readiness and by
 * containers stuck in a failing wait (image pull errors, crash loops); a finite pod
 * (`OnFailure`/`Never`, typically a hook) is never Healthy while it runs and is never failed
 * early for a crash loop. Behaviour and messages follow Argo CD (gitops-engine).
 */
import { health, type HealthResult } from './health-status.ts';
import { conditions, field, list, num, str, type KubeObject } from './object-view.ts';

function isFailingWait(reason: string): boolean {
  return reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff');
}

/** Failed pods: the pod's message, else the first telling container termination. */
function failedMessage(obj: KubeObject): string {
  const message = str(obj, 'status.message');
  if (message) return message;
  const statuses = [...list(obj, 'status.initContainerStatuses'), ...list(obj, 'status.containerStatuses')];
  for (const cs of statuses) {
    const terminated = field(cs, 'state.terminated');
    if (terminated === undefined || terminated === null) continue;
    const termMessage = str(terminated, 'message');
    if (termMessage) return termMessage;
    if (str(terminated, 'reason') === 'OOMKilled') return 'OOMKilled';
    const exitCode = num(terminated, 'exitCode');
    if (exitCode !== 0) return `container "${str(cs, 'name')}" failed with exit code ${exitCode}`;
  }
  return '';
}

/** Health of a `v1` Pod. */
export function podHealth(obj: KubeObject): HealthResult {
  const restartPolicy = str(obj, 'spec.restartPolicy');
  const containerStatuses = list(obj, 'status.containerStatuses');
  if (restartPolicy === 'Always') {
    const messages: string[] = [];
    for (const cs of containerStatuses) {
      if (isFailingWait(str(cs, 'state.waiting.reason'))) messages.push(str(cs, 'state.waiting.message'));
    }
    if (messages.length > 0) return health('Degraded', messages.join(', '));
  }
  const message = str(obj, 'status.message');
  switch (str(obj, 'status.phase')) {
    case 'Pending':
      return health('Progressing', message);
    case 'Succeeded':
      return health('Healthy', message);
    case 'Failed':
      return health('Degraded', failedMessage(obj));
    case 'Running':
      if (restartPolicy === 'Always') {
        const ready = conditions(obj).find((c) => c.type === 'Ready');
        if (ready?.status === 'True') return health('Healthy', message);
        const restarted = containerStatuses.some((cs) => {
          const terminated = field(cs, 'lastState.terminated');
          return terminated !== undefined && terminated !== null;
        });
        return health(restarted ? 'Degraded' : 'Progressing', message);
      }
      if (restartPolicy === 'OnFailure' || restartPolicy === 'Never') return health('Progressing', message);
      return health('Unknown', message);
    default:
      return health('Unknown', message);
  }
}
