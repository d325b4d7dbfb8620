import type { AppStatus, ResourceStatus } from '@outpost/shared';

/**
 * One copy of each short string the status book holds for many clusters. Every status
 * report is decoded into fresh strings, so a fleet of N clusters running the same apps held
 * N copies of every kind, apiVersion, namespace, name and sync/health word: most of the hub's
 * JS heap per connected agent. Bounded: once `maxEntries` strings are known, new ones are kept
 * as they come (still correct, just not shared).
 */
export class StringInterner {
  private readonly table = new Map<string, string>();
  private readonly maxEntries: number;
  private readonly maxLength: number;

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

  /** Interns the repeated fields of an app status and its resources, in place. */
  internAppStatus(app: AppStatus): AppStatus {
    app.name = this.intern(app.name);
    app.sync = this.intern(app.sync);
    app.health = this.intern(app.health);
    app.message = this.intern(app.message);
    app.lastError = this.intern(app.lastError);
    for (const r of app.resources) this.internResource(r);
    return app;
  }

  private internResource(r: ResourceStatus): void {
    r.apiVersion = this.intern(r.apiVersion);
    r.kind = this.intern(r.kind);
    r.namespace = this.intern(r.namespace);
    r.name = this.intern(r.name);
    r.sync = this.intern(r.sync);
    r.health = this.intern(r.health);
    r.message = this.intern(r.message);
  }
}
