import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.ts';
import { getJson, putJson } from '../store/store.ts';

/** One audited mutating call: who did what to which target, and when. */
export interface AuditEntry {
  at: string;
  /** The API token's name, `cli@<host>` for local data-dir access, or `agent:<cluster>`. */
  actor: string;
  /** A verb such as `cluster.register`, `cluster.unregister`, `appset.apply`. */
  action: string;
  /** What the action touched, e.g. `cluster/edge-berlin`. */
  target: string;
  /** Non-secret details (never tokens or keys). */
  details?: Record<string, unknown>;
}

const PREFIX = 'audit/';

/**
 * The audit log, kept in the store's `hub` bucket under `audit/<time>-<seq>-<random>` so keys
 * sort by time (and call order within a process) and replicas never collide.
 */
export class AuditLog {
  readonly #store: Store;
  readonly #now: () => Date;
  /** Orders entries of one process within the same millisecond. */
  #seq = 0;

  constructor(store: Store, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#now = now;
  }

  /** Appends one entry; returns it with its timestamp. */
  async record(entry: Omit<AuditEntry, 'at'>): Promise<AuditEntry> {
    const at = this.#now();
    const full: AuditEntry = { at: at.toISOString(), ...entry };
    const seq = String(this.#seq++ % 1e6).padStart(6, '0');
    const key = `${PREFIX}${String(at.getTime()).padStart(15, '0')}-${seq}-${randomBytes(4).toString('hex')}`;
    await putJson(this.#store, 'hub', key, full);
    return full;
  }

  /** The newest `limit` entries (default 100), newest first. */
  async list(limit = 100): Promise<AuditEntry[]> {
    const keys = (await this.#store.keys('hub', PREFIX)).slice(-limit).reverse();
    const entries = await Promise.all(keys.map((k) => getJson<AuditEntry>(this.#store, 'hub', k)));
    return entries.flatMap((e) => (e ? [e.value] : []));
  }
}
