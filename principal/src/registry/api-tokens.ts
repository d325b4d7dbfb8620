import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../store/store.ts';
import { getJson, putJson } from '../store/store.ts';
import { hashToken, hashesEqual, newSecretToken } from './secret-token.ts';

/** `admin` may change anything; `read-only` may read the status API (dashboards). */
export type ApiRole = 'admin' | 'read-only';

/** What the HTTP API knows about the caller of a request. */
export interface ApiPrincipal {
  name: string;
  role: ApiRole;
}

interface ApiTokenRecord extends ApiPrincipal {
  hash: string;
  createdAt: string;
}

/** The file the initial admin token is written to on first start (mode 0600). */
export const INITIAL_ADMIN_TOKEN_FILE = 'initial-admin-token';

const key = (hash: string): string => `api/${hash}`;

/** Admin and read-only bearer tokens for the HTTP API, stored hashed in the `tokens` bucket. */
export class ApiTokens {
  readonly #store: Store;
  readonly #now: () => Date;

  constructor(store: Store, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#now = now;
  }

  /** Creates a token; the plaintext is returned once and never stored. */
  async create(name: string, role: ApiRole): Promise<string> {
    const token = newSecretToken('opa');
    const rec: ApiTokenRecord = { name, role, hash: hashToken(token), createdAt: this.#now().toISOString() };
    await putJson(this.#store, 'tokens', key(rec.hash), rec, { expectRevision: 0 });
    return token;
  }

  /** The principal a bearer token stands for, or undefined for an unknown token. */
  async verify(token: string): Promise<ApiPrincipal | undefined> {
    if (!token.startsWith('opa_')) return undefined;
    const hash = hashToken(token);
    const found = await getJson<ApiTokenRecord>(this.#store, 'tokens', key(hash));
    if (!found || !hashesEqual(found.value.hash, hash)) return undefined;
    return { name: found.value.name, role: found.value.role };
  }

  /** Names and roles of every token (no hashes). */
  async list(): Promise<Array<ApiPrincipal & { createdAt: string }>> {
    const keys = await this.#store.keys('tokens', 'api/');
    const recs = await Promise.all(keys.map((k) => getJson<ApiTokenRecord>(this.#store, 'tokens', k)));
    return recs.flatMap((r) =>
      r ? [{ name: r.value.name, role: r.value.role, createdAt: r.value.createdAt }] : [],
    );
  }

  /**
   * On first start (no admin token exists), creates the `admin` token and writes it to
   * `DATA/initial-admin-token` with mode 0600. Returns the file path when it did, so the
   * caller can log where the token is (never the token itself).
   */
  async ensureInitialAdmin(dataDir: string): Promise<{ token: string; file: string } | undefined> {
    if ((await this.list()).some((t) => t.role === 'admin')) return undefined;
    const token = await this.create('admin', 'admin');
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, INITIAL_ADMIN_TOKEN_FILE);
    await writeFile(file, `${token}\n`, { mode: 0o600 });
    return { token, file };
  }
}
