/**
 * The fleet: every cluster's assignment (apps → object digests, with a monotonically
 * increasing generation), persisted through the Store, blobs stored once and deleted when
 * no assignment references them any more. Feeds the gRPC stream through `onAssignment`.
 */
import { ErrorCodes, LogFields, OutpostError, type Logger } from '@outpost/shared';
import type { ClusterInfo } from '../appsets/application.ts';
import { getJson, putJson, type Store } from '../store/store.ts';
import {
  advanceAssignment,
  servableDigests,
  type AssignmentAdvance,
  type AssignmentRecord,
} from './core/assignment-record.ts';
import { digestsOf } from './core/assignment-diff.ts';
import { BlobRefCounter } from './core/blob-refs.ts';
import { planFleet, type PlacementProblem } from './core/fleet-plan.ts';
import type { RenderedApp } from './core/rendered-app.ts';
import { BlobStore } from './blob-store.ts';
import { forEachLimit } from '@outpost/shared';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Options of {@link Fleet.create}. */
export interface FleetOptions {
  store: Store;
  logger: Logger;
  /** Milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Blob bytes cached in memory. Default 64 MiB. */
  blobCacheBytes?: number;
  /** Blob writes and deletes in flight at once (the file store commits them in groups). Default 1024. */
  writeConcurrency?: number;
  /**
   * Assignments handed to the store together in one reconcile; the next batch is encoded
   * while the store commits this one, and each cluster is told as soon as its own record is
   * durable. Default 250.
   */
  publishBatch?: number;
}

/** What one {@link Fleet.reconcile} changed. */
export interface FleetReconcileResult {
  /** Clusters whose generation was bumped, with the new generation. */
  changed: { cluster: string; generation: number }[];
  problems: PlacementProblem[];
  blobsWritten: number;
  blobsDeleted: number;
}

/** A cluster's assignment as the status API shows it. */
export interface ClusterAssignmentStatus {
  cluster: string;
  generation: number;
  apps: number;
  objects: number;
  updatedAtMs: number;
}

export class Fleet {
  private readonly store: Store;
  private readonly blobs: BlobStore;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly concurrency: number;
  private readonly batch: number;
  private readonly records = new Map<string, AssignmentRecord>();
  private readonly servable = new Map<string, Set<string>>();
  private readonly refs = new BlobRefCounter();
  private readonly listeners = new Set<(record: AssignmentRecord) => void>();
  /** Generations agents reported holding: new generations go above them (a hub that lost its data). */
  private readonly floors = new Map<string, number>();
  private problems: PlacementProblem[] = [];
  private readonly acks = new Map<string, number>();
  private ackJob: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(options: FleetOptions) {
    this.store = options.store;
    this.blobs = new BlobStore(options.store, { cacheBytes: options.blobCacheBytes });
    this.logger = options.logger.child({ [LogFields.component]: 'fleet' });
    this.now = options.now ?? Date.now;
    this.concurrency = options.writeConcurrency ?? 1024;
    this.batch = Math.max(1, options.publishBatch ?? 250);
  }

  /**
   * Loads every persisted assignment and deletes blobs no assignment references (left by a
   * crash). A persisted "previous" generation whose blobs are gone was acknowledged before
   * the hub stopped (acknowledgements are not written, see {@link acknowledgeHeld}): it is
   * dropped, so no digest counts as stored that is not.
   */
  static async create(options: FleetOptions): Promise<Fleet> {
    const fleet = new Fleet(options);
    const stored = new Set(await fleet.blobs.digests());
    for (const key of await options.store.keys('assignments')) {
      const got = await getJson<AssignmentRecord>(options.store, 'assignments', key);
      if (!got) continue;
      let record = got.value;
      if (record.previous && !record.previous.digests.every((d) => stored.has(d))) {
        const { previous: _acknowledged, ...rest } = record;
        record = rest;
      }
      fleet.adopt(record);
      fleet.refs.retain(digestsOf(record.apps));
      fleet.refs.retain(record.previous?.digests ?? []);
    }
    const orphans = [...stored].filter((d) => !fleet.refs.has(d));
    await forEachLimit(orphans, fleet.concurrency, (d) => fleet.blobs.delete(d));
    fleet.logger.info(
      { clusters: fleet.records.size, blobs: fleet.refs.size, orphans: orphans.length },
      'fleet loaded',
    );
    return fleet;
  }

  /**
   * Brings every cluster's assignment in line with the rendered apps. Clusters whose apps
   * did not change keep their generation and are not written. New blobs are stored before
   * the assignments that reference them; listeners hear of a new generation only after it
   * is durable. Reconciles run one at a time.
   */
  reconcile(clusters: readonly ClusterInfo[], apps: readonly RenderedApp[]): Promise<FleetReconcileResult> {
    return this.serial(() => this.reconcileNow(clusters, apps));
  }

  /**
   * The agent holds `generation` completely: the previous generation need no longer be
   * served, and blobs only it referenced are deleted. Kept in memory only: the persisted
   * record keeps its "previous" until the cluster's next generation is written, and a
   * restarted fleet recognises an acknowledged one by its deleted blobs ({@link create}).
   * Writing every acknowledgement would cost a fan-out a second write of every assignment.
   */
  acknowledgeHeld(cluster: string, generation: number): Promise<void> {
    if (generation > (this.acks.get(cluster) ?? 0)) this.acks.set(cluster, generation);
    // Acks of a whole fleet arrive together after a fan-out: one queued job takes all that
    // are waiting, behind any reconcile (which may have moved the generation on).
    this.ackJob ??= this.serial(async () => {
      this.ackJob = undefined;
      const batch = [...this.acks];
      this.acks.clear();
      const dead: string[] = [];
      for (const [c, g] of batch) {
        const record = this.records.get(c);
        if (!record?.previous || g < record.generation) continue;
        const { previous, ...rest } = record;
        this.adopt(rest);
        dead.push(...this.refs.release(previous.digests));
      }
      await this.deleteBlobs(dead);
    });
    return this.ackJob;
  }

  /**
   * An agent says it holds `held`. Normally that is at most the current generation; when it
   * is newer (the hub lost its data dir, or restored an old one) the cluster's generation
   * jumps above it, so the agent accepts the hub's desired state again. Listeners hear of
   * the new generation.
   */
  observeHeldGeneration(cluster: string, held: number): Promise<void> {
    return this.serial(async () => {
      if (held <= (this.floors.get(cluster) ?? 0)) return;
      this.floors.set(cluster, held);
      const record = this.records.get(cluster);
      if (!record || record.generation > held) return;
      const raised: AssignmentRecord = { ...record, generation: held + 1, updatedAtMs: this.now() };
      await putJson(this.store, 'assignments', cluster, raised);
      this.adopt(raised);
      this.logger.warn(
        { [LogFields.cluster]: cluster, held, [LogFields.generation]: raised.generation },
        'agent held a newer generation; raised',
      );
      this.tell(raised);
    });
  }

  /** The cluster's current assignment, if it has one. */
  current(cluster: string): AssignmentRecord | undefined {
    return this.records.get(cluster);
  }

  /** Every cluster's current assignment. */
  assignments(): IterableIterator<AssignmentRecord> {
    return this.records.values();
  }

  /** True when the digest is referenced by the cluster's current or in-flight previous assignment. */
  mayServe(cluster: string, digest: string): boolean {
    return this.servable.get(cluster)?.has(digest) ?? false;
  }

  /** A blob's canonical bytes (callers check {@link mayServe} first). */
  readBlob(digest: string): Promise<Uint8Array | undefined> {
    return this.blobs.get(digest);
  }

  /** A blob's canonical bytes if they are in memory (no disk read); see {@link readBlob}. */
  cachedBlob(digest: string): Uint8Array | undefined {
    return this.blobs.cached(digest);
  }

  /** Subscribes to new generations (called after persistence); returns an unsubscribe function. */
  onAssignment(listener: (record: AssignmentRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Snapshot for the status API. */
  status(): { clusters: ClusterAssignmentStatus[]; problems: PlacementProblem[]; blobs: number } {
    const clusters = [...this.records.values()]
      .map((r) => ({
        cluster: r.cluster,
        generation: r.generation,
        apps: r.apps.length,
        objects: r.apps.reduce((n, a) => n + a.objects.length, 0),
        updatedAtMs: r.updatedAtMs,
      }))
      .sort((a, b) => (a.cluster < b.cluster ? -1 : 1));
    return { clusters, problems: [...this.problems], blobs: this.refs.size };
  }

  /** Waits for queued reconciles and acknowledgements. */
  async idle(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  private async reconcileNow(
    clusters: readonly ClusterInfo[],
    apps: readonly RenderedApp[],
  ): Promise<FleetReconcileResult> {
    const plan = planFleet(clusters, apps);
    this.problems = plan.problems;
    const canonical = new Map<string, string>();
    for (const a of apps) for (const o of a.objects) canonical.set(o.digest, o.canonical);
    const now = this.now();
    const advances = [...plan.perCluster].flatMap(([cluster, list]) => {
      const adv = advanceAssignment(cluster, this.records.get(cluster), list, now);
      if (!adv) return [];
      adv.record.generation = Math.max(adv.record.generation, (this.floors.get(cluster) ?? 0) + 1);
      return [adv];
    });
    const toWrite = new Set<string>();
    for (const adv of advances) for (const d of adv.diff.newDigests) if (!this.refs.has(d)) toWrite.add(d);
    await forEachLimit(toWrite, this.concurrency, async (d) => {
      const text = canonical.get(d);
      if (text === undefined) throw new Error(`fleet: no canonical JSON for ${d}`);
      await this.blobs.put(d, text);
    });
    const dead: string[] = [];
    const published = new Set<AssignmentAdvance>();
    let failure: unknown;
    // Pipelined: the writes of one batch are committed together (one log fsync) while the
    // next batch is encoded, and each cluster hears of its generation as soon as that is
    // durable, so agents start on theirs while the hub still writes the others.
    const publish = async (adv: AssignmentAdvance): Promise<void> => {
      try {
        await putJson(this.store, 'assignments', adv.record.cluster, adv.record);
      } catch (cause) {
        failure ??= new OutpostError(
          ErrorCodes.STORE_FAILED,
          `cannot persist the assignment of cluster ${adv.record.cluster}`,
          { cause, location: { cluster: adv.record.cluster } },
        );
        return;
      }
      this.refs.retain(adv.retained);
      dead.push(...this.refs.release(adv.released));
      this.adopt(adv.record);
      published.add(adv);
      this.logger.debug(
        { [LogFields.cluster]: adv.record.cluster, [LogFields.generation]: adv.record.generation },
        'new generation',
      );
      this.tell(adv.record);
    };
    const written: Promise<void>[] = [];
    for (let i = 0; i < advances.length; i += this.batch) {
      if (i > 0) await yieldToEventLoop();
      for (const adv of advances.slice(i, i + this.batch)) written.push(publish(adv));
    }
    await Promise.all(written);
    // Blobs only the replaced generations referenced go once every record that dropped them
    // is durable; a record that failed to persist still holds its references.
    const blobsDeleted = await this.deleteBlobs(dead);
    if (failure !== undefined) throw failure;
    const changed = advances
      .filter((adv) => published.has(adv))
      .map((adv) => ({ cluster: adv.record.cluster, generation: adv.record.generation }));
    return { changed, problems: plan.problems, blobsWritten: toWrite.size, blobsDeleted };
  }

  private tell(record: AssignmentRecord): void {
    for (const l of this.listeners) {
      try {
        l(record);
      } catch (err) {
        this.logger.warn(
          { [LogFields.cluster]: record.cluster, [LogFields.err]: err },
          'an assignment listener failed',
        );
      }
    }
  }

  private adopt(record: AssignmentRecord): void {
    this.records.set(record.cluster, record);
    this.servable.set(record.cluster, servableDigests(record));
  }

  private async deleteBlobs(digests: string[]): Promise<number> {
    const gone = digests.filter((d) => !this.refs.has(d));
    if (gone.length > 0) await forEachLimit(gone, this.concurrency, (d) => this.blobs.delete(d));
    return gone.length;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
