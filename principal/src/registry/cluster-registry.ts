import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { ClusterInfo, ClusterInventory } from '../appsets/application.ts';
import type { Store } from '../store/store.ts';
import { StoreConflictError, getJson, putJson } from '../store/store.ts';
import type { AuditLog } from './audit-log.ts';
import type { BootstrapTokens } from './bootstrap-tokens.ts';
import type { ClusterCertificate, ClusterRecord } from './cluster-record.ts';
import { applyMetadataPatch, validateClusterName, validateMetadata } from './cluster-record.ts';

/** What changed in the registry; HUB's fleet and the SSE feed subscribe. */
export interface ClusterRegistryEvent {
  type: 'registered' | 'updated' | 'enrolled' | 'unregistered';
  cluster: string;
}

export interface RegisterClusterInput {
  name: string;
  server?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Bootstrap token lifetime in ms. */
  tokenTtlMs: number;
}

/** A registration's result; `token` is shown once and never stored. */
export interface Registration {
  record: ClusterRecord;
  token: string;
  tokenExpiresAt: Date;
}

/**
 * The registered clusters (source of truth for the fleet and for ApplicationSet cluster
 * generators), stored in the `clusters` bucket. Every mutation is audit-logged with its actor.
 */
export class ClusterRegistry implements ClusterInventory {
  readonly #store: Store;
  readonly #tokens: BootstrapTokens;
  readonly #audit: AuditLog;
  readonly #now: () => Date;
  readonly #listeners = new Set<(e: ClusterRegistryEvent) => void>();
  /**
   * Every record, loaded once and kept current by this instance's own writes: the fleet,
   * generators, the status API and every agent connect read it, and with thousands of
   * clusters a store read per record per call would dominate. All writes of one hub go
   * through this instance.
   */
  #cache: Promise<Map<string, ClusterRecord>> | undefined;

  constructor(store: Store, tokens: BootstrapTokens, audit: AuditLog, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#tokens = tokens;
    this.#audit = audit;
    this.#now = now;
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: (e: ClusterRegistryEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Creates the record and a one-time bootstrap token.
   * @throws OutpostError CLUSTER_EXISTS, CONFIG_INVALID (bad name).
   */
  async register(input: RegisterClusterInput, actor: string): Promise<Registration> {
    const name = validateClusterName(input.name);
    const record: ClusterRecord = {
      name,
      server: input.server ?? `outpost://${name}`,
      labels: applyMetadataPatch({}, validateMetadata(input.labels ?? {}, 'label')),
      annotations: applyMetadataPatch({}, validateMetadata(input.annotations ?? {}, 'annotation')),
      createdAt: this.#now().toISOString(),
    };
    try {
      await this.#all();
      await putJson(this.#store, 'clusters', name, record, { expectRevision: 0 });
      (await this.#all()).set(name, record);
    } catch (e) {
      if (e instanceof StoreConflictError) {
        throw new OutpostError(ErrorCodes.CLUSTER_EXISTS, 'a cluster with this name is already registered', {
          location: { cluster: name },
          hint: 'pick another name, or `outpost cluster rotate-token NAME` to re-enroll the existing one',
        });
      }
      throw e;
    }
    const { token, expiresAt } = await this.#tokens.issue(name, input.tokenTtlMs, { revokeEarlier: false });
    await this.#audit.record({
      actor,
      action: 'cluster.register',
      target: `cluster/${name}`,
      details: { labels: record.labels },
    });
    this.#emit({ type: 'registered', cluster: name });
    return { record, token, tokenExpiresAt: expiresAt };
  }

  async get(name: string): Promise<ClusterRecord | undefined> {
    return (await this.#all()).get(name);
  }

  /** @throws OutpostError CLUSTER_NOT_FOUND */
  async require(name: string): Promise<ClusterRecord> {
    const rec = await this.get(name);
    if (!rec) throw notFound(name);
    return rec;
  }

  /** Every record, sorted by name. */
  async records(): Promise<ClusterRecord[]> {
    return [...(await this.#all()).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  #all(): Promise<Map<string, ClusterRecord>> {
    this.#cache ??= (async () => {
      const keys = await this.#store.keys('clusters');
      const recs = await Promise.all(keys.map((k) => getJson<ClusterRecord>(this.#store, 'clusters', k)));
      return new Map(recs.flatMap((r) => (r ? [[r.value.name, r.value] as const] : [])));
    })();
    this.#cache.catch(() => (this.#cache = undefined));
    return this.#cache;
  }

  /** `ClusterInventory` for ApplicationSet generators. */
  async list(): Promise<readonly ClusterInfo[]> {
    return (await this.records()).map((r) => ({
      name: r.name,
      server: r.server,
      labels: r.labels,
      annotations: r.annotations,
    }));
  }

  /** Sets (string) or removes (null) labels and annotations. */
  async updateMetadata(
    name: string,
    patch: { labels?: Record<string, string | null>; annotations?: Record<string, string | null> },
    actor: string,
  ): Promise<ClusterRecord> {
    const next = await this.#update(name, (r) => ({
      ...r,
      labels: applyMetadataPatch(r.labels, validateMetadata(patch.labels ?? {}, 'label')),
      annotations: applyMetadataPatch(r.annotations, validateMetadata(patch.annotations ?? {}, 'annotation')),
    }));
    await this.#audit.record({ actor, action: 'cluster.label', target: `cluster/${name}`, details: patch });
    this.#emit({ type: 'updated', cluster: name });
    return next;
  }

  /** Issues a fresh bootstrap token (earlier ones stop working); the current certificate stays valid. */
  async rotateToken(name: string, ttlMs: number, actor: string): Promise<{ token: string; expiresAt: Date }> {
    await this.require(name);
    const issued = await this.#tokens.issue(name, ttlMs);
    await this.#audit.record({ actor, action: 'cluster.rotate-token', target: `cluster/${name}` });
    return issued;
  }

  /**
   * Removes the cluster at once: record and tokens are deleted, so its certificate no longer
   * authenticates; listeners (the hub's stream server) close its live stream.
   */
  async unregister(name: string, actor: string): Promise<void> {
    await this.require(name);
    await this.#store.delete('clusters', name);
    (await this.#all()).delete(name);
    await this.#tokens.revokeAll(name);
    await this.#audit.record({ actor, action: 'cluster.unregister', target: `cluster/${name}` });
    this.#emit({ type: 'unregistered', cluster: name });
  }

  /**
   * Records a newly issued certificate. On enrollment it replaces any earlier one; on renewal
   * the replaced one stays accepted (as `previousCertificate`) until it expires.
   */
  async recordCertificate(
    name: string,
    cert: ClusterCertificate,
    kind: 'enroll' | 'renew',
  ): Promise<ClusterRecord> {
    const now = this.#now().toISOString();
    const next = await this.#update(name, (r) => {
      const out: ClusterRecord = { ...r, certificate: cert };
      delete out.previousCertificate;
      if (kind === 'enroll') out.enrolledAt = now;
      else if (r.certificate) out.previousCertificate = r.certificate;
      return out;
    });
    await this.#audit.record({
      actor: `agent:${name}`,
      action: kind === 'enroll' ? 'cluster.enroll' : 'cluster.renew',
      target: `cluster/${name}`,
      details: { serial: cert.serial, notAfter: cert.notAfter },
    });
    this.#emit({ type: kind === 'enroll' ? 'enrolled' : 'updated', cluster: name });
    return next;
  }

  /** The record when `fingerprint` is a current, unexpired certificate of `name`; else undefined. */
  async acceptedCertificate(name: string, fingerprint: string): Promise<ClusterRecord | undefined> {
    const rec = await this.get(name);
    if (!rec) return undefined;
    const now = this.#now().getTime();
    const ok = [rec.certificate, rec.previousCertificate].some(
      (c) => c !== undefined && c.fingerprint === fingerprint && Date.parse(c.notAfter) > now,
    );
    return ok ? rec : undefined;
  }

  async #update(name: string, change: (r: ClusterRecord) => ClusterRecord): Promise<ClusterRecord> {
    for (let attempt = 0; ; attempt++) {
      const found = await getJson<ClusterRecord>(this.#store, 'clusters', name);
      if (!found) throw notFound(name);
      const next = change(found.value);
      try {
        await putJson(this.#store, 'clusters', name, next, { expectRevision: found.revision });
        (await this.#all()).set(name, next);
        return next;
      } catch (e) {
        if (!(e instanceof StoreConflictError) || attempt >= 5) throw e;
      }
    }
  }

  #emit(e: ClusterRegistryEvent): void {
    for (const l of this.#listeners) l(e);
  }
}

function notFound(name: string): OutpostError {
  return new OutpostError(ErrorCodes.CLUSTER_NOT_FOUND, 'no such cluster is registered', {
    location: { cluster: name },
    hint: 'see `outpost cluster list`',
  });
}
