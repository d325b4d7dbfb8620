import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { ApplicationSet } from '../appsets/application-set.ts';
import { validateApplicationSet } from '../appsets/parse-application-set.ts';
import type { Store } from '../store/store.ts';
import { getJson, putJson } from '../store/store.ts';
import type { AuditLog } from './audit-log.ts';

/** A stored ApplicationSet with when and by whom it was last applied. */
export interface StoredAppSet {
  appset: ApplicationSet;
  appliedAt: string;
  appliedBy: string;
}

/**
 * The ApplicationSets managed with `outpost appset apply|delete`, kept in the store's `appsets`
 * bucket under their name. The hub resolves them alongside those read from Git.
 */
export class AppSetStore {
  readonly #store: Store;
  readonly #audit: AuditLog;
  readonly #now: () => Date;
  readonly #listeners = new Set<() => void>();

  constructor(store: Store, audit: AuditLog, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#audit = audit;
    this.#now = now;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Validates and stores (creates or replaces) an ApplicationSet.
   * @throws OutpostError APPSET_INVALID naming the field.
   */
  async apply(value: unknown, actor: string): Promise<{ name: string; created: boolean }> {
    const appset = validateApplicationSet(value);
    const name = appset.metadata.name;
    const existed = (await this.#store.get('appsets', name)) !== undefined;
    const rec: StoredAppSet = { appset, appliedAt: this.#now().toISOString(), appliedBy: actor };
    await putJson(this.#store, 'appsets', name, rec);
    await this.#audit.record({ actor, action: 'appset.apply', target: `applicationset/${name}` });
    this.#emit();
    return { name, created: !existed };
  }

  async get(name: string): Promise<StoredAppSet | undefined> {
    return (await getJson<StoredAppSet>(this.#store, 'appsets', name))?.value;
  }

  /** @throws OutpostError APPSET_NOT_FOUND */
  async require(name: string): Promise<StoredAppSet> {
    const found = await this.get(name);
    if (!found) {
      throw new OutpostError(ErrorCodes.APPSET_NOT_FOUND, 'no such ApplicationSet is stored in the hub', {
        location: { appset: name },
        hint: 'see `outpost appset list`',
      });
    }
    return found;
  }

  async list(): Promise<StoredAppSet[]> {
    const keys = await this.#store.keys('appsets');
    const all = await Promise.all(keys.map((k) => this.get(k)));
    return all.filter((a): a is StoredAppSet => a !== undefined);
  }

  /** @throws OutpostError APPSET_NOT_FOUND */
  async delete(name: string, actor: string): Promise<void> {
    await this.require(name);
    await this.#store.delete('appsets', name);
    await this.#audit.record({ actor, action: 'appset.delete', target: `applicationset/${name}` });
    this.#emit();
  }

  #emit(): void {
    for (const l of this.#listeners) l();
  }
}
