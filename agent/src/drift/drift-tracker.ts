import { Backoff } from '@outpost/shared';
import type { DriftEvent, Logger } from '@outpost/shared';
import type { KubeObject } from '../state/desired-state.ts';
import { compareObject } from './core/compare-object.ts';
import { managedFieldPaths } from './core/managed-field-paths.ts';
import type { LiveEvent } from './kind-watches.ts';

/** One object the tracker compares: what was applied and how the app treats drift. */
export interface TrackedObject {
  app: string;
  desired: KubeObject;
  /** JSON pointers excluded from the comparison (the app's ignoreDifferences). */
  ignore: string[];
  /** Field managers whose fields (per the live managedFields) are excluded too. */
  ignoreManagers?: string[];
  selfHeal: boolean;
  /** resourceVersion the apply returned; older events are stale and skipped. */
  appliedResourceVersion?: string;
}

/** Options of {@link DriftTracker}. */
export interface DriftTrackerOptions {
  /** Re-applies one object (self-heal). */
  heal(desired: KubeObject): Promise<void>;
  /** Called when anything about an app's live state or drift changed. */
  onAppChanged(app: string): void;
  /** Counts a detected drift. */
  countDrift(): void;
  /** First self-heal delay ceiling (full jitter). Default 100 ms. */
  healInitialMs?: number;
  /** Largest self-heal delay ceiling, reached when another controller keeps fighting. Default 60 s. */
  healMaxMs?: number;
  /** Drift events kept per app for the status report. Default 20. */
  historyPerApp?: number;
}

interface Entry extends TrackedObject {
  live: KubeObject | undefined;
  drift: DriftEvent | undefined;
  backoff: Backoff;
  lastDriftAt: number;
  healTimer: NodeJS.Timeout | undefined;
}

/**
 * Compares live objects (from the kind watches) with what the agent applied, on the fields
 * Outpost owns, honouring ignoreDifferences, and keeps the live copy for health. A change
 * or deletion is drift: recorded with its paths and time, reported through
 * `onAppChanged`, and — for apps with selfHeal — re-applied after a per-object backoff that
 * grows while the object keeps drifting, so a fight with another controller cannot spin.
 */
export class DriftTracker {
  private readonly entries = new Map<string, Entry>();
  private readonly history = new Map<string, DriftEvent[]>();
  private readonly paused = new Set<string>();
  private readonly o: DriftTrackerOptions;
  private readonly log: Logger;

  constructor(options: DriftTrackerOptions, log: Logger) {
    this.o = options;
    this.log = log;
  }

  /**
   * Stops comparing an app's objects while it syncs (its own writes are not drift, and a
   * pending self-heal must not write the previous desired state); {@link track} resumes.
   */
  pause(app: string): void {
    this.paused.add(app);
    for (const e of this.entries.values()) {
      if (e.app === app && e.healTimer) {
        clearTimeout(e.healTimer);
        e.healTimer = undefined;
      }
    }
  }

  /** Replaces the tracked objects of one app (after a sync) and resumes comparing them. */
  track(app: string, objects: TrackedObject[]): void {
    this.paused.delete(app);
    const keep = new Set<string>();
    for (const t of objects) {
      const key = keyOf(t.desired);
      keep.add(key);
      const prev = this.entries.get(key);
      if (prev?.healTimer) clearTimeout(prev.healTimer);
      this.entries.set(key, {
        ...t,
        live: prev?.live,
        drift: undefined,
        backoff:
          prev?.backoff ??
          new Backoff({ initialMs: this.o.healInitialMs ?? 100, maxMs: this.o.healMaxMs ?? 60_000 }),
        lastDriftAt: prev?.lastDriftAt ?? 0,
        healTimer: undefined,
      });
    }
    for (const [key, e] of this.entries) {
      if (e.app === app && !keep.has(key)) this.drop(key, e);
    }
  }

  /** Stops tracking an app entirely. */
  untrack(app: string): void {
    this.paused.delete(app);
    for (const [key, e] of this.entries) if (e.app === app) this.drop(key, e);
    this.history.delete(app);
  }

  /** Feeds one watch event. */
  observe(event: LiveEvent): void {
    if (event.type === 'listed') return this.observeListing(event);
    const key = keyOf(event.object);
    const e = this.entries.get(key);
    if (!e) return;
    if (event.type === 'present' && isStale(event.object, e.appliedResourceVersion)) return;
    e.live = event.type === 'present' ? event.object : undefined;
    if (this.paused.has(e.app)) return;
    const ignore = e.ignoreManagers?.length
      ? [...e.ignore, ...managedFieldPaths(event.object, e.ignoreManagers)]
      : e.ignore;
    const paths = event.type === 'gone' ? [] : compareObject(e.desired, event.object, ignore);
    const drifted = event.type === 'gone' || paths.length > 0;
    if (!drifted) {
      e.drift = undefined;
      this.o.onAppChanged(e.app);
      return;
    }
    const sameAsBefore =
      e.drift && e.drift.deleted === (event.type === 'gone') && e.drift.paths.join() === paths.join();
    if (!sameAsBefore) {
      const ref = e.desired;
      e.drift = {
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        namespace: ref.metadata.namespace ?? '',
        name: ref.metadata.name,
        paths,
        deleted: event.type === 'gone',
        atUnixMs: Date.now(),
        reverted: false,
      };
      this.remember(e.app, e.drift);
      this.o.countDrift();
      this.log.info(
        { app: e.app, object: key, paths, deleted: e.drift.deleted, selfHeal: e.selfHeal },
        'drift detected',
      );
    }
    if (e.selfHeal) this.scheduleHeal(key, e);
    this.o.onAppChanged(e.app);
  }

  /**
   * A kind was (re)listed: a tracked object of that kind missing from a list taken after the
   * agent applied it was deleted, even if the watch never reported it (it may have gone between
   * the apply and the watch's first list).
   */
  private observeListing(event: Extract<LiveEvent, { type: 'listed' }>): void {
    for (const e of [...this.entries.values()]) {
      const d = e.desired;
      if (d.apiVersion !== event.apiVersion || d.kind !== event.kind) continue;
      if (event.keys.has(`${d.metadata.namespace ?? ''}/${d.metadata.name}`)) continue;
      if (!listedAfterApply(event.resourceVersion, e.appliedResourceVersion)) continue;
      this.observe({ type: 'gone', object: d });
    }
  }

  /** The live copy of an applied object (`undefined` when absent or not yet seen). */
  live(desired: KubeObject): KubeObject | undefined {
    return this.entries.get(keyOf(desired))?.live;
  }

  /** The unresolved drift of an applied object, if any. */
  currentDrift(desired: KubeObject): DriftEvent | undefined {
    return this.entries.get(keyOf(desired))?.drift;
  }

  /** Recent drift events of an app, newest last. */
  recentDrift(app: string): DriftEvent[] {
    return [...(this.history.get(app) ?? [])];
  }

  /** Cancels pending self-heals. */
  close(): void {
    for (const e of this.entries.values()) if (e.healTimer) clearTimeout(e.healTimer);
  }

  private scheduleHeal(key: string, e: Entry): void {
    if (e.healTimer) return;
    const now = Date.now();
    if (now - e.lastDriftAt > (this.o.healMaxMs ?? 60_000) * 2) e.backoff.reset();
    e.lastDriftAt = now;
    const delay = e.backoff.next();
    e.healTimer = setTimeout(() => {
      e.healTimer = undefined;
      if (this.entries.get(key) !== e || !e.drift || this.paused.has(e.app)) return;
      const drift = e.drift;
      this.o
        .heal(e.desired)
        .then(() => {
          drift.reverted = true;
          this.log.info({ app: e.app, object: key }, 'drift reverted (self-heal)');
          this.o.onAppChanged(e.app);
        })
        .catch((err) => {
          this.log.warn({ app: e.app, object: key, err: (err as Error).message }, 'self-heal failed');
          if (this.entries.get(key) === e) this.scheduleHeal(key, e);
        });
    }, delay);
    e.healTimer.unref();
  }

  private remember(app: string, event: DriftEvent): void {
    const list = this.history.get(app) ?? [];
    list.push(event);
    const max = this.o.historyPerApp ?? 20;
    if (list.length > max) list.splice(0, list.length - max);
    this.history.set(app, list);
  }

  private drop(key: string, e: Entry): void {
    if (e.healTimer) clearTimeout(e.healTimer);
    this.entries.delete(key);
  }
}

/** `apiVersion|kind|namespace|name` of an object. */
export function keyOf(o: KubeObject): string {
  return `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
}

/** True when a list at `listRv` is known to be newer than the apply at `applied`. */
function listedAfterApply(listRv: string, applied: string | undefined): boolean {
  const a = Number(applied);
  const b = Number(listRv);
  return applied !== undefined && Number.isSafeInteger(a) && Number.isSafeInteger(b) && b >= a;
}

function isStale(live: KubeObject, applied: string | undefined): boolean {
  const rv = live.metadata.resourceVersion;
  if (applied === undefined || typeof rv !== 'string') return false;
  const a = Number(applied);
  const b = Number(rv);
  return Number.isSafeInteger(a) && Number.isSafeInteger(b) && b < a;
}
