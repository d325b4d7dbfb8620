/**
 * The double's storage: objects by resource, namespace and name; one global resourceVersion
 * counter (like etcd's revision); a bounded history of change events that watches replay from,
 * and live subscribers. Pure: no timers, no I/O.
 */
import { clone } from './objects.ts';
import type { JsonObject } from './objects.ts';

/** A change event as a watch sends it. */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** `group/plural` of the object. */
  resource: string;
  namespace: string;
  resourceVersion: number;
  object: JsonObject;
  /** For MODIFIED: the object before the change (selector watches turn transitions into ADDED/DELETED). */
  previous?: JsonObject;
}

/** The address of a stored object. */
export interface ObjectRef {
  resource: string;
  namespace: string;
  name: string;
}

/** Receives events of one subscription. */
export type StoreListener = (event: StoreEvent) => void;

/** Thrown by `watchFrom` when the requested resourceVersion is older than the history kept. */
export class ResourceExpiredError extends Error {
  readonly requested: number;
  readonly oldest: number;
  constructor(requested: number, oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
    this.name = 'ResourceExpiredError';
    this.requested = requested;
    this.oldest = oldest;
  }
}

function nameOf(obj: JsonObject): { namespace: string; name: string } {
  const m = (obj['metadata'] ?? {}) as JsonObject;
  return {
    namespace: typeof m['namespace'] === 'string' ? m['namespace'] : '',
    name: String(m['name'] ?? ''),
  };
}

/** In-memory storage with a global resourceVersion and a bounded event history. */
export class ObjectStore {
  private rv: number;
  private readonly objects = new Map<string, Map<string, JsonObject>>();
  private history: StoreEvent[] = [];
  private compactedThrough = 0;
  private readonly listeners = new Set<StoreListener>();
  private readonly byUid = new Map<string, ObjectRef>();
  private readonly dependents = new Map<string, Map<string, ObjectRef>>();
  historyLimit: number;

  /**
   * @param historyLimit events kept for watches; a watch from before them gets 410 Expired.
   * @param initialResourceVersion the counter's start value (default 1).
   */
  constructor(historyLimit = 1000, initialResourceVersion = 1) {
    this.historyLimit = historyLimit;
    this.rv = initialResourceVersion;
  }

  /** The latest resourceVersion. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Where an object lives. */
  private index(resource: string, obj: JsonObject | undefined, add: boolean): void {
    if (!obj) return;
    const m = (obj['metadata'] ?? {}) as JsonObject;
    const ref: ObjectRef = {
      resource,
      namespace: String(m['namespace'] ?? ''),
      name: String(m['name'] ?? ''),
    };
    const uid = typeof m['uid'] === 'string' ? m['uid'] : undefined;
    if (uid) {
      if (add) this.byUid.set(uid, ref);
      else this.byUid.delete(uid);
    }
    const owners = Array.isArray(m['ownerReferences']) ? (m['ownerReferences'] as JsonObject[]) : [];
    const self = `${resource}|${ref.namespace}|${ref.name}`;
    for (const o of owners) {
      const ownerUid = String(o?.['uid'] ?? '');
      let set = this.dependents.get(ownerUid);
      if (add) {
        if (!set) this.dependents.set(ownerUid, (set = new Map()));
        set.set(self, ref);
      } else if (set) {
        set.delete(self);
        if (set.size === 0) this.dependents.delete(ownerUid);
      }
    }
  }

  /** The object with this uid, if stored. */
  findByUid(uid: string): ObjectRef | undefined {
    return this.byUid.get(uid);
  }

  /** Objects whose ownerReferences name this uid. */
  dependentsOf(uid: string): ObjectRef[] {
    return [...(this.dependents.get(uid)?.values() ?? [])];
  }

  private bucket(resource: string): Map<string, JsonObject> {
    let b = this.objects.get(resource);
    if (!b) {
      b = new Map();
      this.objects.set(resource, b);
    }
    return b;
  }

  /** A copy of the stored object, or undefined. */
  get(resource: string, namespace: string, name: string): JsonObject | undefined {
    const o = this.objects.get(resource)?.get(`${namespace}/${name}`);
    return o ? clone(o) : undefined;
  }

  /** Copies of every object of a resource (in one namespace, or all when undefined), sorted by namespace and name. */
  list(resource: string, namespace?: string): JsonObject[] {
    const b = this.objects.get(resource);
    if (!b) return [];
    const keys = [...b.keys()].filter((k) => namespace === undefined || k.startsWith(`${namespace}/`)).sort();
    return keys.map((k) => clone(b.get(k) as JsonObject));
  }

  /** How many objects a resource holds in a namespace (all namespaces when undefined). */
  count(resource: string, namespace?: string): number {
    const b = this.objects.get(resource);
    if (!b) return 0;
    if (namespace === undefined) return b.size;
    let n = 0;
    for (const k of b.keys()) if (k.startsWith(`${namespace}/`)) n++;
    return n;
  }

  /** Resources that have objects in a namespace. */
  resourcesIn(namespace: string): string[] {
    return [...this.objects]
      .filter(([, b]) => [...b.keys()].some((k) => k.startsWith(`${namespace}/`)))
      .map(([r]) => r);
  }

  /** Stores a new or changed object under a new resourceVersion and returns the stored copy. */
  put(resource: string, obj: JsonObject): JsonObject {
    const { namespace, name } = nameOf(obj);
    const b = this.bucket(resource);
    const key = `${namespace}/${name}`;
    const previous = b.get(key);
    this.rv += 1;
    const stored = clone(obj);
    (stored['metadata'] as JsonObject)['resourceVersion'] = String(this.rv);
    b.set(key, stored);
    this.index(resource, previous, false);
    this.index(resource, stored, true);
    const event: StoreEvent = {
      type: previous ? 'MODIFIED' : 'ADDED',
      resource,
      namespace,
      resourceVersion: this.rv,
      object: stored,
    };
    if (previous) event.previous = previous;
    this.emit(event);
    return clone(stored);
  }

  /** Removes an object; the DELETED event carries it under a new resourceVersion. */
  remove(resource: string, namespace: string, name: string): JsonObject | undefined {
    const b = this.objects.get(resource);
    const key = `${namespace}/${name}`;
    const obj = b?.get(key);
    if (!b || !obj) return undefined;
    b.delete(key);
    this.index(resource, obj, false);
    this.rv += 1;
    const gone = clone(obj);
    (gone['metadata'] as JsonObject)['resourceVersion'] = String(this.rv);
    this.emit({ type: 'DELETED', resource, namespace, resourceVersion: this.rv, object: gone });
    return clone(gone);
  }

  private emit(e: StoreEvent): void {
    this.history.push(e);
    while (this.history.length > this.historyLimit) {
      const dropped = this.history.shift();
      if (dropped) this.compactedThrough = dropped.resourceVersion;
    }
    for (const l of [...this.listeners]) l(e);
  }

  /** Forgets all history, so every watch from an older resourceVersion gets 410 (a compaction). */
  compact(): void {
    this.history = [];
    this.compactedThrough = this.rv;
  }

  /**
   * Subscribes to events after `fromRv`: replays the retained ones, then delivers live ones.
   * Throws ResourceExpiredError when events after `fromRv` were already dropped.
   * Returns the unsubscribe function.
   */
  watchFrom(fromRv: number, listener: StoreListener): () => void {
    if (fromRv < this.compactedThrough) throw new ResourceExpiredError(fromRv, this.compactedThrough + 1);
    for (const e of this.history) if (e.resourceVersion > fromRv) listener(e);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Number of live subscribers (open watches). */
  get watcherCount(): number {
    return this.listeners.size;
  }
}
