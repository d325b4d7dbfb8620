import type { AppStatus, DriftEvent, ResourceStatus } from '@outpost/shared';

/** The drift list of every app without drift. */
const NO_DRIFT: DriftEvent[] = Object.freeze([]) as unknown as DriftEvent[];

/**
 * Values shared by content while anything else holds them: a value nobody references any
 * more leaves the table when the garbage collector takes it, so the table never grows with
 * statuses that are gone.
 */
class WeakTable<T extends object> {
  private readonly table = new Map<string, WeakRef<T>>();
  private readonly ids = new WeakMap<T, number>();
  private nextId = 0;
  private readonly registry = new FinalizationRegistry<string>((key) => {
    if (this.table.get(key)?.deref() === undefined) this.table.delete(key);
  });

  /** The value already known under `key`, else `make()` (frozen), remembered. */
  share(key: string, make: () => T): T {
    const known = this.table.get(key)?.deref();
    if (known !== undefined) return known;
    const value = Object.freeze(make());
    this.table.set(key, new WeakRef(value));
    this.ids.set(value, ++this.nextId);
    this.registry.register(value, key);
    return value;
  }

  /** A number naming a shared value (stable while it lives). */
  idOf(value: T): number {
    return this.ids.get(value) ?? 0;
  }

  get size(): number {
    return this.table.size;
  }
}

/**
 * One copy of what the status book holds for many clusters. Every status report is decoded
 * into fresh strings and objects, so a fleet of N clusters running the same apps held N
 * copies of every kind, apiVersion, namespace, name and sync/health word, of every resource
 * status and of every resource list: most of the hub's JS heap per connected agent.
 *
 * Strings are kept in a bounded table (once `maxEntries` are known, new ones are kept as they
 * come: still correct, just not shared). Resource statuses and resource lists are shared,
 * frozen, while any cluster's status holds them.
 */
export class StringInterner {
  private readonly table = new Map<string, string>();
  private readonly maxEntries: number;
  private readonly maxLength: number;
  private readonly resources = new WeakTable<ResourceStatus>();
  private readonly lists = new WeakTable<ResourceStatus[]>();

  constructor(maxEntries = 200_000, maxLength = 253) {
    this.maxEntries = maxEntries;
    this.maxLength = maxLength;
  }

  /** The shared copy of `s` (or `s` itself when it is long or the table is full). */
  intern(s: string): string {
    if (s.length > this.maxLength) return s;
    const known = this.table.get(s);
    if (known !== undefined) return known;
    if (this.table.size < this.maxEntries) this.table.set(s, s);
    return s;
  }

  /** Number of strings held. */
  get size(): number {
    return this.table.size;
  }

  /** Number of distinct resource statuses and resource lists shared now. */
  get sharedObjects(): { resources: number; lists: number } {
    return { resources: this.resources.size, lists: this.lists.size };
  }

  /**
   * The compact form of a whole app status: interned strings, shared frozen resource
   * statuses and list, one fixed object shape. Equal (`toEqual`) to `app` without the
   * delta-only fields; `app` itself is not changed.
   */
  internAppStatus(app: AppStatus): AppStatus {
    return {
      name: this.intern(app.name),
      generation: app.generation,
      sync: this.intern(app.sync),
      health: this.intern(app.health),
      message: this.intern(app.message),
      lastError: this.intern(app.lastError),
      resources: this.resourceList(app.resources),
      drift: app.drift.length === 0 ? NO_DRIFT : app.drift,
      observedUnixMs: app.observedUnixMs,
    };
  }

  private resourceList(list: readonly ResourceStatus[]): ResourceStatus[] {
    const shared = list.map((r) => this.resource(r));
    const key = shared.map((r) => this.resources.idOf(r)).join(',');
    return this.lists.share(key, () => shared);
  }

  private resource(r: ResourceStatus): ResourceStatus {
    const key = JSON.stringify([r.apiVersion, r.kind, r.namespace, r.name, r.sync, r.health, r.message]);
    return this.resources.share(key, () => ({
      apiVersion: this.intern(r.apiVersion),
      kind: this.intern(r.kind),
      namespace: this.intern(r.namespace),
      name: this.intern(r.name),
      sync: this.intern(r.sync),
      health: this.intern(r.health),
      message: this.intern(r.message),
    }));
  }
}
