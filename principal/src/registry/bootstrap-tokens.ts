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
  /** SHA-256 (hex) of the public key (SPKI DER) the token enrolled. */
  spentBy?: string;
}

const key = (cluster: string, hash: string): string => `bootstrap/${cluster}/${hash}`;

/**
 * One-time bootstrap tokens for `Enroll`, in the store's `tokens` bucket. A token is random
 * (256 bits), stored as its sha256, expires, and is spent atomically (compare-and-set on the
 * store revision) so two concurrent enrollments with one token cannot both succeed.
 *
 * A token enrolls one key: it is spent for the public key of the request, and a later request
 * with the same token and the same key (an agent retrying after the answer was lost on the
 * way, e.g. a deadline that expired while the hub was signing) is accepted again while the
 * token has not expired. The certificate is useless without the private key, which never
 * leaves the agent; any other key gets ENROLL_TOKEN_SPENT.
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
   * Checks `token` for `cluster` without spending it (before the request's CSR is read).
   * @throws OutpostError ENROLL_TOKEN_INVALID (unknown, or for another cluster), ENROLL_TOKEN_EXPIRED.
   */
  async check(cluster: string, token: string): Promise<void> {
    await this.#find(cluster, token);
  }

  /**
   * Spends `token` for `cluster` and the public key `keySha256`; succeeds again for the same
   * key (a retried request, see the class comment).
   * @throws OutpostError ENROLL_TOKEN_INVALID, ENROLL_TOKEN_SPENT (used for another key),
   *   ENROLL_TOKEN_EXPIRED.
   */
  async spend(cluster: string, token: string, keySha256: string): Promise<void> {
    const found = await this.#find(cluster, token);
    const rec = found.value;
    if (rec.spentAt) {
      if (rec.spentBy === keySha256) return;
      throw spentError(cluster, `the bootstrap token was already used at ${rec.spentAt}`);
    }
    try {
      await putJson(
        this.#store,
        'tokens',
        key(cluster, rec.hash),
        { ...rec, spentAt: this.#now().toISOString(), spentBy: keySha256 },
        { expectRevision: found.revision },
      );
    } catch (e) {
      if (!(e instanceof StoreConflictError)) throw e;
      // Spent concurrently: by this very key (the same request twice) is fine.
      const now = await getJson<BootstrapTokenRecord>(this.#store, 'tokens', key(cluster, rec.hash));
      if (now?.value.spentBy !== keySha256)
        throw spentError(cluster, 'the bootstrap token was used concurrently');
    }
  }

  /** The token's record, refused when unknown, for another cluster or expired. */
  async #find(cluster: string, token: string): Promise<{ value: BootstrapTokenRecord; revision: number }> {
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
    if (Date.parse(rec.expiresAt) <= this.#now().getTime()) {
      throw new OutpostError(
        ErrorCodes.ENROLL_TOKEN_EXPIRED,
        `the bootstrap token expired at ${rec.expiresAt}`,
        {
          location,
          hint: 'run `outpost cluster rotate-token NAME` for a new one (and a longer --ttl if needed)',
        },
      );
    }
    return found;
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

function spentError(cluster: string, message: string): OutpostError {
  return new OutpostError(ErrorCodes.ENROLL_TOKEN_SPENT, message, {
    location: { cluster },
    hint: 'a token enrolls once; run `outpost cluster rotate-token NAME` for a new one',
  });
}
