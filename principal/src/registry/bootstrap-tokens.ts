import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { Store } from '../store/store.ts';
import { StoreConflictError, getJson, putJson } from '../store/store.ts';
import { hashToken, hashesEqual, newSecretToken } from './secret-token.ts';

/** A stored bootstrap token: only its hash, the cluster it enrolls, expiry and use. */
export interface BootstrapTokenRecord {
  cluster: string;
  hash: string;
  createdAt: string;
  expiresAt: string;
  spentAt?: string;
}

const key = (cluster: string, hash: string): string => `bootstrap/${cluster}/${hash}`;

/**
 * One-time bootstrap tokens for `Enroll`, in the store's `tokens` bucket. A token is random
 * (256 bits), stored as its sha256, expires, and is spent atomically (compare-and-set on the
 * store revision) so two concurrent enrollments with one token cannot both succeed.
 */
export class BootstrapTokens {
  readonly #store: Store;
  readonly #now: () => Date;

  constructor(store: Store, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#now = now;
  }

  /**
   * Issues a token for `cluster`, valid for `ttlMs`. With `revokeEarlier` (rotation) the
   * cluster's earlier tokens stop working; a newly registered cluster has none to revoke.
   */
  async issue(
    cluster: string,
    ttlMs: number,
    options: { revokeEarlier: boolean } = { revokeEarlier: true },
  ): Promise<{ token: string; expiresAt: Date }> {
    if (options.revokeEarlier) await this.revokeAll(cluster);
    const token = newSecretToken('opb');
    const now = this.#now();
    const expiresAt = new Date(now.getTime() + ttlMs);
    const record: BootstrapTokenRecord = {
      cluster,
      hash: hashToken(token),
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    };
    await putJson(this.#store, 'tokens', key(cluster, record.hash), record, { expectRevision: 0 });
    return { token, expiresAt };
  }

  /**
   * Spends `token` for `cluster`.
   * @throws OutpostError ENROLL_TOKEN_INVALID (unknown, or for another cluster),
   *   ENROLL_TOKEN_SPENT (already used), ENROLL_TOKEN_EXPIRED.
   */
  async spend(cluster: string, token: string): Promise<void> {
    const location = { cluster };
    const hash = hashToken(token);
    const found = await getJson<BootstrapTokenRecord>(this.#store, 'tokens', key(cluster, hash));
    if (!found || !hashesEqual(found.value.hash, hash) || found.value.cluster !== cluster) {
      throw new OutpostError(
        ErrorCodes.ENROLL_TOKEN_INVALID,
        'the bootstrap token is not valid for this cluster',
        {
          location,
          hint: 'create a new one with `outpost cluster rotate-token NAME` and use the join command it prints',
        },
      );
    }
    const rec = found.value;
    if (rec.spentAt) {
      throw new OutpostError(
        ErrorCodes.ENROLL_TOKEN_SPENT,
        `the bootstrap token was already used at ${rec.spentAt}`,
        {
          location,
          hint: 'a token enrolls once; run `outpost cluster rotate-token NAME` for a new one',
        },
      );
    }
    const now = this.#now();
    if (Date.parse(rec.expiresAt) <= now.getTime()) {
      throw new OutpostError(
        ErrorCodes.ENROLL_TOKEN_EXPIRED,
        `the bootstrap token expired at ${rec.expiresAt}`,
        {
          location,
          hint: 'run `outpost cluster rotate-token NAME` for a new one (and a longer --ttl if needed)',
        },
      );
    }
    try {
      await putJson(
        this.#store,
        'tokens',
        key(cluster, hash),
        { ...rec, spentAt: now.toISOString() },
        {
          expectRevision: found.revision,
        },
      );
    } catch (e) {
      if (e instanceof StoreConflictError) {
        throw new OutpostError(ErrorCodes.ENROLL_TOKEN_SPENT, 'the bootstrap token was used concurrently', {
          location,
        });
      }
      throw e;
    }
  }

  /** Deletes every token of `cluster` (rotation, unregister). */
  async revokeAll(cluster: string): Promise<void> {
    const keys = await this.#store.keys('tokens', `bootstrap/${cluster}/`);
    await Promise.all(keys.map((k) => this.#store.delete('tokens', k)));
  }

  /** Unspent, unexpired tokens of `cluster` (metadata only), for `cluster get`. */
  async pending(cluster: string): Promise<Array<Omit<BootstrapTokenRecord, 'hash'>>> {
    const keys = await this.#store.keys('tokens', `bootstrap/${cluster}/`);
    const now = this.#now().getTime();
    const recs = await Promise.all(keys.map((k) => getJson<BootstrapTokenRecord>(this.#store, 'tokens', k)));
    return recs.flatMap((r) =>
      r && !r.value.spentAt && Date.parse(r.value.expiresAt) > now
        ? [{ cluster: r.value.cluster, createdAt: r.value.createdAt, expiresAt: r.value.expiresAt }]
        : [],
    );
  }
}
