/**
 * Status deltas (capability `status-delta`): instead of an app's whole resource list, the
 * agent sends only the resources whose status changed since the report the hub last
 * acknowledged on this stream, plus the identities of resources gone; drift that did not
 * change is not repeated. A one-object change in a large app then costs one
 * ResourceStatus on the wire instead of the whole list.
 */
import type { AppStatus, DriftEvent, ResourceStatus } from './messages.ts';

/** The identity of a resource in an app's status: apiVersion, kind, namespace, name. */
export function resourceKey(r: Pick<ResourceStatus, 'apiVersion' | 'kind' | 'namespace' | 'name'>): string {
  return `${r.apiVersion}\u0000${r.kind}\u0000${r.namespace}\u0000${r.name}`;
}

function sameResource(a: ResourceStatus, b: ResourceStatus): boolean {
  return a.sync === b.sync && a.health === b.health && a.message === b.message;
}

function sameDrift(a: DriftEvent[], b: DriftEvent[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * True when two whole statuses of an app say the same: every field but the time it was
 * observed. The agent does not report a status that says nothing new.
 */
export function sameStatus(a: AppStatus, b: AppStatus): boolean {
  if (
    a.name !== b.name ||
    a.generation !== b.generation ||
    a.sync !== b.sync ||
    a.health !== b.health ||
    a.message !== b.message ||
    a.lastError !== b.lastError ||
    a.resources.length !== b.resources.length
  )
    return false;
  for (let i = 0; i < a.resources.length; i++) {
    const [x, y] = [a.resources[i]!, b.resources[i]!];
    if (resourceKey(x) !== resourceKey(y) || !sameResource(x, y)) return false;
  }
  return sameDrift(a.drift, b.drift);
}

/** The whole form of a status: the delta-only fields dropped. */
function wholeOf(status: AppStatus): AppStatus {
  const whole = { ...status };
  delete whole.resourcesDelta;
  delete whole.removedResources;
  delete whole.driftUnchanged;
  return whole;
}

/**
 * The status to send for `next` (whole) when the hub holds `base` (whole, the last status
 * of this app it acknowledged on this stream). The app-level fields always travel; the
 * resource list is a delta when that is smaller, and unchanged drift is left out.
 * Without a base the whole status is returned.
 */
export function statusDelta(base: AppStatus | undefined, next: AppStatus): AppStatus {
  if (!base || base.name !== next.name) return wholeOf(next);
  const before = new Map(base.resources.map((r) => [resourceKey(r), r]));
  const nextKeys = new Set<string>();
  const changed: ResourceStatus[] = [];
  for (const r of next.resources) {
    const k = resourceKey(r);
    nextKeys.add(k);
    const prev = before.get(k);
    if (!prev || !sameResource(prev, r)) changed.push(r);
  }
  const removed = base.resources
    .filter((r) => !nextKeys.has(resourceKey(r)))
    .map((r) => ({ ...r, sync: '', health: '', message: '' }));
  const out: AppStatus = wholeOf(next);
  if (changed.length + removed.length < next.resources.length) {
    out.resources = changed;
    out.resourcesDelta = true;
    out.removedResources = removed;
  }
  if (next.drift.length > 0 && sameDrift(base.drift, next.drift)) {
    out.drift = [];
    out.driftUnchanged = true;
  }
  return out;
}

/** True when `status` can only be read against a held whole status (a delta of either kind). */
export function isStatusDelta(status: AppStatus): boolean {
  return status.resourcesDelta === true || status.driftUnchanged === true;
}

/**
 * The whole status a received one describes, given the whole status held for that app.
 * A whole status is returned as is (without delta fields). A delta needs `held`: without
 * it the result is `undefined` (the caller keeps what it has and asks for a whole report).
 * Resources keep the held order, changed ones in place, new ones appended.
 */
export function applyStatusDelta(held: AppStatus | undefined, received: AppStatus): AppStatus | undefined {
  if (!isStatusDelta(received)) return wholeOf(received);
  if (!held) return undefined;
  const out = wholeOf(received);
  if (received.resourcesDelta) {
    const merged = new Map(held.resources.map((r) => [resourceKey(r), r]));
    for (const r of received.removedResources ?? []) merged.delete(resourceKey(r));
    for (const r of received.resources) merged.set(resourceKey(r), r);
    out.resources = [...merged.values()];
  }
  if (received.driftUnchanged) out.drift = held.drift;
  return out;
}
