import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { ApplicationSet } from '../appsets/application-set.ts';
import { validateApplicationSet } from '../appsets/parse-application-set.ts';
import type { Store } from '../store/store.ts';
import { getJson, putJson } from '../store/store.ts';
import type { AuditLog } from './audit-log.ts';
import type { GitAppSets } from './appset-git.ts';

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
  #git: GitAppSets | undefined;

  constructor(store: Store, audit: AuditLog, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#audit = audit;
    this.#now = now;
  }

  /**
   * Also serves the ApplicationSets of a Git directory (read-only; `apply` and `delete` refuse
   * their names). Call before the hub starts.
   */
  useGit(git: GitAppSets): void {
    this.#git = git;
    git.onChange(() => this.#emit());
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
    await this.#refuseGitManaged(name);
    const existed = (await this.#store.get('appsets', name)) !== undefined;
    const rec: StoredAppSet = { appset, appliedAt: this.#now().toISOString(), appliedBy: actor };
    await putJson(this.#store, 'appsets', name, rec);
    await this.#audit.record({ actor, action: 'appset.apply', target: `applicationset/${name}` });
    this.#emit();
    return { name, created: !existed };
  }

  async get(name: string): Promise<StoredAppSet | undefined> {
    const stored = (await getJson<StoredAppSet>(this.#store, 'appsets', name))?.value;
    return stored ?? (await this.#fromGit()).find((a) => a.appset.metadata.name === name);
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

  /** Stored ApplicationSets, then those from Git (if configured). */
  async list(): Promise<StoredAppSet[]> {
    const keys = await this.#store.keys('appsets');
    const all = await Promise.all(keys.map((k) => getJson<StoredAppSet>(this.#store, 'appsets', k)));
    const stored = all.flatMap((a) => (a ? [a.value] : []));
    const names = new Set(stored.map((a) => a.appset.metadata.name));
    return [...stored, ...(await this.#fromGit()).filter((a) => !names.has(a.appset.metadata.name))];
  }

  /** @throws OutpostError APPSET_NOT_FOUND */
  async delete(name: string, actor: string): Promise<void> {
    await this.#refuseGitManaged(name);
    await this.require(name);
    await this.#store.delete('appsets', name);
    await this.#audit.record({ actor, action: 'appset.delete', target: `applicationset/${name}` });
    this.#emit();
  }

  async #fromGit(): Promise<StoredAppSet[]> {
    return this.#git ? this.#git.list() : [];
  }

  async #refuseGitManaged(name: string): Promise<void> {
    if (!this.#git || (await this.#store.get('appsets', name))) return;
    if ((await this.#git.list().catch(() => [])).some((a) => a.appset.metadata.name === name)) {
      throw new OutpostError(ErrorCodes.APPSET_INVALID, 'this ApplicationSet is managed in Git', {
        location: { appset: name, file: `${this.#git.repoURL}//${this.#git.path}` },
        hint: 'change it with a commit to the appsets repository',
      });
    }
  }

  #emit(): void {
    for (const l of this.#listeners) l();
  }
}
