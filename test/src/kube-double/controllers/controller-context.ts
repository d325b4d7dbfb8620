/**
 * What a simulated controller sees of its cluster: the catalog, the store, the verbs, a
 * clock, and a scheduler whose timers exist only while work is pending (idle clusters hold
 * none).
 */
import type { ObjectApi } from '../core/object-api.ts';
import type { ObjectStore, StoreEvent } from '../core/object-store.ts';
import type { ResourceCatalog, ResourceType } from '../core/resource-catalog.ts';

/** A controller reacting to store events. */
export interface Controller {
  onEvent(event: StoreEvent): void;
}

/** Runs `fn` after `delayMs` (0: on the next turn); keyed so that a newer schedule replaces an older one. */
export interface Scheduler {
  schedule(key: string, delayMs: number, fn: () => void): void;
  cancelAll(): void;
  /** Number of pending timers. */
  readonly pending: number;
}

/** Shared dependencies of the simulated controllers. */
export interface ControllerContext {
  catalog: ResourceCatalog;
  store: ObjectStore;
  api: ObjectApi;
  now: () => Date;
  scheduler: Scheduler;
  /** Reports a controller failure (never thrown into the store's write path). */
  onError: (error: unknown) => void;
  /** Looks up a resource type by group and plural (any served version). */
  resource(group: string, plural: string): ResourceType | undefined;
}

/** A timer-based Scheduler. */
export class TimerScheduler implements Scheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly onError: (e: unknown) => void;

  constructor(onError: (e: unknown) => void) {
    this.onError = onError;
  }

  schedule(key: string, delayMs: number, fn: () => void): void {
    const prev = this.timers.get(key);
    if (prev) clearTimeout(prev);
    const t = setTimeout(
      () => {
        this.timers.delete(key);
        try {
          fn();
        } catch (e) {
          this.onError(e);
        }
      },
      Math.max(0, delayMs),
    );
    this.timers.set(key, t);
  }

  cancelAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  get pending(): number {
    return this.timers.size;
  }
}
