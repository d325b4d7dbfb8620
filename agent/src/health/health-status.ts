/**
 * Health vocabulary shared by every rule, and the roll-up of many objects into one app
 * health. The vocabulary and the severity order are Argo CD's (gitops-engine `IsWorse`), so
 * that an operator reading Outpost's status sees what Argo CD would show.
 */

/** The health of one object or one app. */
export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

/** A health verdict with the reason a human would want to read (omitted when empty). */
export interface HealthResult {
  status: HealthStatus;
  message?: string;
}

/**
 * Severity order, best first. Argo CD orders Healthy < Suspended < Progressing < Missing <
 * Degraded < Unknown: a suspended object is a deliberate state and hides behind anything
 * in flight, and Unknown (health could not be computed) outranks everything.
 */
export const HEALTH_ORDER: readonly HealthStatus[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

/** True when `candidate` is strictly worse than `current` in {@link HEALTH_ORDER}. */
export function isWorse(current: HealthStatus, candidate: HealthStatus): boolean {
  return HEALTH_ORDER.indexOf(candidate) > HEALTH_ORDER.indexOf(current);
}

/** Builds a result, dropping an empty message the way Argo CD's JSON does. */
export function health(status: HealthStatus, message?: string): HealthResult {
  return message ? { status, message } : { status };
}

/**
 * Rolls the health of an app's objects up into the app's health: the worst status wins
 * and its message is the message of the first object that has it. Objects without a
 * health (`undefined`: kinds no rule covers) are skipped; an app with no object that has
 * a health is Healthy, as in Argo CD.
 */
export function rollUpHealth(list: Iterable<HealthResult | undefined>): HealthResult {
  let worst: HealthResult = { status: 'Healthy' };
  for (const item of list) {
    if (item && isWorse(worst.status, item.status)) worst = item;
  }
  return health(worst.status, worst.message);
}
